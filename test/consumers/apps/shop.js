// What every fixture app puts on its page, written once: the checkout's configuration and a log
// of its events that the smoke test reads (window.__relaisEvents). Plain JavaScript on purpose:
// the webpack app has no TypeScript loader.
export const attributes = {
  amount: '4990',
  currency: 'EUR',
  lang: 'en',
  endpoint: '/checkout',
  providers: 'stripe bank-transfer',
  'stripe-key': 'pk_test_relais_consumer',
  'bank-iban': 'FR1420041010050500013M02606',
  'bank-beneficiary': 'Atelier Relais SARL',
};

export const items = [{ name: 'Carafe', quantity: 1, amount: 4990 }];

export const EVENTS = ['relais-ready', 'relais-payment-pending', 'relais-payment-succeeded', 'relais-payment-declined', 'relais-incident', 'relais-config-error'];

/** Keeps every checkout event's type and detail in window.__relaisEvents. */
export function recordEvents(element) {
  window.__relaisEvents ??= [];
  for (const type of EVENTS) element.addEventListener(type, (event) => window.__relaisEvents.push({ type, detail: event.detail }));
}
