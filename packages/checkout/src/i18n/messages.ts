/**
 * The message catalogue's shape. Every locale file is typed against it, so a missing or extra
 * key fails `npm run typecheck` (and therefore `npm run build` and `npm test`).
 * Functions take already-formatted strings (money, method names); formatting lives in format.ts.
 */
export interface Messages {
  /** BCP 47 tag used for `Intl` formatting and the `lang` of the rendered UI. */
  locale: string;
  heading: string;
  methodsLabel: string;
  /** Labels, as the list of methods shows them ("Carte bancaire"). */
  methods: { stripe: string; adyen: string; paypal: string; 'bank-transfer': string };
  /**
   * The same methods as they read inside a sentence of this language ("par carte bancaire", "per
   * Karte"). Every message below that names a method is given this form, never the label.
   */
  methodInSentence: { stripe: string; adyen: string; paypal: string; 'bank-transfer': string };
  loading: (method: string) => string;
  unavailableBadge: string;
  switched: (from: string, to: string) => string;
  /** Moved from one card processor to another: the card is still welcome, nothing was charged. */
  cardSwitched: string;
  allUnavailable: string;
  /** A method answered again after every method had failed. */
  recovered: (method: string) => string;
  /** A method that missed its load budget works after all (the shopper was moved on meanwhile). */
  lateReady: (method: string) => string;
  /** The merchant's own API does not answer; `to` works without it and the order will be kept. */
  shopUnavailable: (to: string) => string;
  /** The merchant's API does not answer and no method works without it. */
  shopUnavailableNone: string;
  /** As above, with `offline-orders`: the shopper can reserve the order, which will be kept. */
  shopUnavailableReserve: string;
  /** Shown to shoppers when the merchant mis-configured the element; details go to the console. */
  configError: string;
  pay: (amount: string) => string;
  paying: string;
  /** Shown while the outcome of a payment is checked (redirect return, lost answer). */
  verifying: string;
  /** The shopper closed the provider's window: not a failure, nothing was charged. */
  cancelled: string;
  declined: (reason: string) => string;
  declinedGeneric: string;
  succeeded: string;
  orderNumber: string;
  copy: string;
  copyField: (field: string) => string;
  copied: (field: string) => string;
  bank: {
    heading: string;
    intro: string;
    beneficiary: string;
    iban: string;
    bic: string;
    amount: string;
    reference: string;
    referenceHint: string;
    qrLabel: string;
    qrHint: string;
    qrUnavailable: (currency: string) => string;
    /** The account cannot receive a SEPA QR transfer (outside SEPA, no BIC…). */
    qrUnavailableAccount: string;
    /** Above the transfer details once the order is placed but still on its way to the shop. */
    keptIntro: string;
    placeOrder: (amount: string) => string;
    placing: string;
    pendingHeading: string;
    pendingBody: (amount: string, reference: string) => string;
  };
  /** A method skipped before the shopper tried it (remembered failure, feed says down). */
  skipped: (method: string, to: string) => string;
  /** Scheduled maintenance now; `until` is a formatted time or empty. */
  maintenance: (method: string, until: string, to: string) => string;
  /** Scheduled maintenance coming soon, shown before the shopper tries. */
  maintenanceSoon: (method: string, from: string, until: string) => string;
  /** After a lost answer, the payment was found unpaid and cancelled: the next method is safe. */
  cancelledSwitched: (from: string, to: string) => string;
  /** The bank is still processing the payment. */
  processing: string;
  queue: {
    /** An order kept on the device (nothing charged): the shopper is offline. */
    keptOffline: string;
    /** An order kept on the device (nothing charged): the shopper is online, the shop does not answer. */
    keptShopDown: string;
    /** A paid order the shop has not recorded yet: the shopper is offline. */
    paidKeptOffline: string;
    /** A paid order the shop has not recorded yet: the shop does not answer. */
    paidKeptShopDown: string;
    delivered: string;
    failed: string;
    /** A kept order the shop refused because it is paid already (another tab or device paid it meanwhile). */
    alreadyPaid: string;
    /** A paid order (card, PayPal) the shop refused to record: the payment itself went through. */
    failedPaid: (reference: string) => string;
    /** Kept past the retention period without reaching the shop. */
    expired: string;
    /** IndexedDB is unavailable: the order only lives while the page is open. */
    memoryOnly: string;
    reserve: string;
    reserved: string;
  };
  notRecorded: string;
  retry: string;
  orderRejected: string;
  retrying: string;
}
