import type { Messages } from './messages.js';

export const en: Messages = {
  locale: 'en-GB',
  heading: 'Payment',
  methodsLabel: 'Payment method',
  methods: { stripe: 'Card', paypal: 'PayPal', 'bank-transfer': 'Bank transfer' },
  loading: (method) => `Loading ${method}…`,
  unavailableBadge: 'unavailable',
  switched: (from, to) =>
    `Sorry, ${from} is not responding right now. Nothing was charged. You can pay by ${to}.`,
  allUnavailable:
    'Sorry, no payment method is responding right now. Nothing was charged. Please try again in a few minutes.',
  recovered: (method) => `${method} is responding again: you can pay now.`,
  configError: 'Payment is unavailable on this page. Nothing was charged.',
  pay: (amount) => `Pay ${amount}`,
  paying: 'Processing your payment…',
  verifying: 'We are verifying your payment. Please do not pay again: this page updates as soon as we know.',
  cancelled: 'Payment cancelled. Nothing was charged: you can try again or choose another payment method.',
  declined: (reason) => `Payment declined: ${reason} Check your details or choose another payment method.`,
  declinedGeneric: 'Payment declined. Check your details or choose another payment method.',
  succeeded: 'Payment accepted. Thank you for your order!',
  orderNumber: 'Order number',
  copy: 'Copy',
  copyField: (field) => `Copy ${field}`,
  copied: (field) => `${field} copied`,
  bank: {
    heading: 'Pay by bank transfer',
    intro: 'Place your order, then send a transfer with these details. We ship as soon as the payment arrives.',
    beneficiary: 'Beneficiary',
    iban: 'IBAN',
    bic: 'BIC',
    amount: 'Amount',
    reference: 'Reference',
    referenceHint: 'Use this reference exactly as shown: it is how we match your payment.',
    qrLabel: 'Transfer QR code (EPC) for your banking app',
    qrHint: 'Scan it with your banking app to fill in the transfer.',
    qrUnavailable: (currency) =>
      `No QR code for payments in ${currency}: enter these details in your banking app.`,
    qrUnavailableAccount: 'No QR code for this account: enter these details in your banking app.',
    placeOrder: (amount) => `Place order (${amount})`,
    placing: 'Saving your order…',
    pendingHeading: 'Order saved, awaiting your transfer',
    pendingBody: (amount, reference) =>
      `Send ${amount} to the account below with the reference ${reference}.`,
  },
  skipped: (method, to) => `${method} is unavailable right now. You can pay by ${to}.`,
  maintenance: (method, until, to) =>
    `${method} is under scheduled maintenance${until ? ` until ${until}` : ''}. You can pay by ${to}.`,
  maintenanceSoon: (method, from, until) => `${method} will be under maintenance from ${from} to ${until}.`,
  cancelledSwitched: (from, to) =>
    `Your ${from} payment did not go through and was cancelled: nothing was charged. You can pay by ${to}.`,
  processing: 'Your bank is processing the payment. We will confirm your order as soon as it clears.',
  queue: {
    queued: 'Your order is saved on this device and will reach the shop as soon as the connection is back. Nothing more was charged.',
    delivered: 'Your order has reached the shop.',
    failed: 'The shop could not accept your saved order. Nothing was charged. Please contact the shop.',
    failedPaid: (reference) =>
      `Your payment went through (reference ${reference}), but the shop could not record your order. Please contact the shop with this reference.`,
    expired:
      'Your saved order could not reach the shop within 7 days and was not sent. Nothing more was charged; please contact the shop.',
    memoryOnly: 'This browser cannot keep your order if you close this page: please keep it open until it is sent.',
    reserve: 'Reserve my order and pay later',
    reserved: 'Your order is reserved. The shop will send you a payment link.',
  },
  notRecorded:
    'We could not reach the shop to save your order. Nothing was charged, and your order is kept on this page.',
  retry: 'Try again',
  orderRejected: 'The shop could not accept this order. Nothing was charged. Please contact the shop.',
  retrying: 'Trying again…',
};
