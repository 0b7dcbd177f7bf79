import type { Messages } from './messages.js';

export const nl: Messages = {
  locale: 'nl-NL',
  heading: 'Betaling',
  methodsLabel: 'Betaalmethode',
  methodInSentence: { stripe: 'kaart', adyen: 'kaart', paypal: 'PayPal', 'bank-transfer': 'bankoverschrijving' },
  methods: { stripe: 'Kaart', adyen: 'Kaart', paypal: 'PayPal', 'bank-transfer': 'Bankoverschrijving' },
  loading: (method) => `Betalen met ${method} wordt geladen…`,
  unavailableBadge: 'niet beschikbaar',
  switched: (from, to) =>
    `Sorry, betalen met ${from} is op dit moment niet mogelijk. Er is niets afgeschreven. U kunt betalen met ${to}.`,
  cardSwitched: 'Betalen met een kaart loopt nu via een andere aanbieder. Er is niets afgeschreven.',
  allUnavailable:
    'Sorry, op dit moment is geen enkele betaalmethode beschikbaar. Er is niets afgeschreven. Probeer het over een paar minuten opnieuw.',
  recovered: (method) => `Betalen met ${method} is weer mogelijk: u kunt nu betalen.`,
  lateReady: (method) => `Betalen met ${method} werkt toch: u kunt het ook kiezen.`,
  shopUnavailable: (to) =>
    `De webshop reageert op dit moment niet. Er is niets afgeschreven. U kunt bestellen met ${to}: uw bestelling wordt op dit apparaat bewaard en naar de webshop gestuurd zodra die weer reageert.`,
  shopUnavailableNone: 'De webshop reageert op dit moment niet. Er is niets afgeschreven. Probeer het over een paar minuten opnieuw.',
  shopUnavailableReserve: 'De webshop reageert op dit moment niet. Er is niets afgeschreven. U kunt uw bestelling reserveren: die wordt op dit apparaat bewaard en naar de webshop gestuurd zodra die weer reageert.',
  configError: 'Betalen is op deze pagina niet mogelijk. Er is niets afgeschreven.',
  pay: (amount) => `Betaal ${amount}`,
  paying: 'Uw betaling wordt verwerkt…',
  verifying: 'We controleren uw betaling. Betaal niet nog een keer: deze pagina wordt bijgewerkt zodra we het antwoord hebben.',
  cancelled: 'Betaling geannuleerd. Er is niets afgeschreven: u kunt het opnieuw proberen of een andere betaalmethode kiezen.',
  declined: (reason) => `Betaling geweigerd: ${reason} Controleer uw gegevens of kies een andere betaalmethode.`,
  declinedGeneric: 'Betaling geweigerd. Controleer uw gegevens of kies een andere betaalmethode.',
  succeeded: 'Betaling geslaagd. Bedankt voor uw bestelling!',
  orderNumber: 'Bestelnummer',
  copy: 'Kopiëren',
  copyField: (field) => `${field} kopiëren`,
  copied: (field) => `${field} gekopieerd`,
  bank: {
    heading: 'Betalen via bankoverschrijving',
    intro: 'Plaats uw bestelling: de overschrijvingsgegevens en de QR-code verschijnen zodra de winkel haar heeft aanvaard. We versturen uw bestelling zodra de betaling binnen is.',
    keptIntro: 'Nog niet door de winkel bevestigd: u kunt al overmaken met deze gegevens, de gewone rekening van de winkel; geeft de winkel bij de bevestiging van uw bestelling andere gegevens, gebruik dan die. We versturen uw bestelling zodra de betaling binnen is.',
    beneficiary: 'Begunstigde',
    iban: 'IBAN',
    bic: 'BIC',
    amount: 'Bedrag',
    reference: 'Betalingskenmerk',
    referenceHint: 'Neem dit betalingskenmerk precies zo over: zo herkennen we uw betaling.',
    qrLabel: 'QR-code van de overschrijving (EPC), om te scannen met uw bankapp',
    qrHint: 'Scan de code met uw bankapp om de overschrijving in te vullen.',
    qrUnavailable: (currency) =>
      `Geen QR-code voor betalingen in ${currency}: voer deze gegevens in uw bankapp in.`,
    qrUnavailableAccount: 'Geen QR-code voor deze rekening: voer deze gegevens in uw bankapp in.',
    placeOrder: (amount) => `Bestelling plaatsen (${amount})`,
    placing: 'Uw bestelling wordt opgeslagen…',
    pendingHeading: 'Bestelling opgeslagen, in afwachting van uw overschrijving',
    pendingBody: (amount, reference) =>
      `Maak ${amount} over naar de rekening hieronder, met betalingskenmerk ${reference}.`,
  },
  skipped: (method, to) => `Betalen met ${method} is op dit moment niet mogelijk. U kunt betalen met ${to}.`,
  maintenance: (method, until, to) =>
    `Betalen met ${method} is niet mogelijk door gepland onderhoud${until ? ` tot ${until}` : ''}. U kunt betalen met ${to}.`,
  maintenanceSoon: (method, from, until) =>
    `Betalen met ${method} is niet mogelijk door gepland onderhoud van ${from} tot ${until}.`,
  cancelledSwitched: (from, to) =>
    `Uw betaling met ${from} is niet voltooid en is geannuleerd: er is niets afgeschreven. U kunt betalen met ${to}.`,
  processing: 'Uw bank verwerkt de betaling. We bevestigen uw bestelling zodra die is afgerond.',
  queue: {
    keptOffline: 'U bent niet met internet verbonden. Uw bestelling is op dit apparaat opgeslagen en gaat naar de webshop zodra de verbinding terug is. Er is niets afgeschreven.',
    keptShopDown: 'De webshop reageert op dit moment niet. Uw bestelling is op dit apparaat opgeslagen en gaat naar de webshop zodra die weer reageert. Er is niets afgeschreven.',
    paidKeptOffline: 'U bent niet met internet verbonden: uw bestelling gaat naar de webshop zodra de verbinding terug is. U hoeft niets meer te betalen.',
    paidKeptShopDown: 'De webshop reageert op dit moment niet: uw bestelling gaat erheen zodra die weer reageert. U hoeft niets meer te betalen.',
    delivered: 'Uw bestelling is bij de webshop aangekomen.',
    failed: 'De webshop kon uw opgeslagen bestelling niet aannemen. Er is niets afgeschreven. Neem contact op met de webshop.',
    alreadyPaid: 'Deze bestelling is al betaald: u hoeft niets meer te betalen. Bedankt voor uw bestelling!',
    failedPaid: (reference) =>
      `Uw betaling is gelukt (kenmerk ${reference}), maar de webshop kon uw bestelling niet vastleggen. Neem contact op met de webshop en vermeld dit kenmerk.`,
    expired: 'Uw opgeslagen bestelling kon de webshop niet binnen 7 dagen bereiken en is niet verzonden. Er is niets afgeschreven; neem contact op met de webshop.',
    memoryOnly: 'Deze browser kan uw bestelling niet bewaren als u de pagina sluit: houd de pagina open tot de bestelling is verzonden.',
    reserve: 'Bestelling reserveren en later betalen',
    reserved: 'Uw bestelling is gereserveerd. De webshop stuurt u een betaallink.',
  },
  notRecorded:
    'We konden de webshop niet bereiken om uw bestelling op te slaan. Er is niets afgeschreven en uw bestelling blijft op deze pagina bewaard.',
  retry: 'Opnieuw proberen',
  orderRejected: 'De webshop kon deze bestelling niet aannemen. Er is niets afgeschreven. Neem contact op met de webshop.',
  retrying: 'Nieuwe poging…',
};
