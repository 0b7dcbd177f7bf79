// A whole page with one <relais-checkout>, for journeys that navigate (3DS and bank redirects):
// tests load it in an iframe so the navigation does not take the test runner's page with it.
// Query: endpoint, providers, lang, orderId (the merchant's order number; and the shopper's return parameters after a redirect).
import { configureSandbox } from '@relais/sandbox';
import '@relais/checkout';

const query = new URLSearchParams(location.search);
const endpoint = query.get('endpoint')!;
configureSandbox({ apiBase: `${endpoint}/sandbox` });

const element = document.createElement('relais-checkout');
const attributes: Record<string, string> = {
  amount: '4990',
  currency: 'EUR',
  endpoint,
  providers: query.get('providers') ?? 'stripe bank-transfer',
  lang: query.get('lang') ?? 'en',
  'stripe-key': 'pk_test_relais',
  'adyen-client-key': 'test_RELAISSANDBOX1',
  'adyen-environment': 'test',
  'paypal-client-id': 'sb-relais',
  'paypal-environment': 'sandbox',
  'bank-iban': 'FR1420041010050500013M02606',
  'bank-beneficiary': 'Relais Démo SARL',
};
for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
const orderId = query.get('orderId');
if (orderId) (element as HTMLElement & { orderId?: string }).orderId = orderId;
document.body.append(element);
