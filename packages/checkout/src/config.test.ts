import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import './index.js';
import type { RelaisCheckout } from './relais-checkout.js';
import { parseConfig, type Attributes } from './config.js';
import { waitFor } from '../../../test/dom.js';

const valid: Attributes = {
  amount: '4990',
  currency: 'EUR',
  endpoint: '/api/config-tests',
  'bank-iban': 'FR14 2004 1010 0505 0001 3M02 606',
  'bank-beneficiary': 'Relais Démo SARL',
  lang: 'en',
};

/** [behaviour, attributes changed from `valid` (null removes one), expected code, attribute] */
const badInputs: Array<[string, Attributes, string, string]> = [
  ['a missing amount', { amount: null }, 'amount-missing', 'amount'],
  ['a decimal amount', { amount: '49.90' }, 'amount-not-integer', 'amount'],
  ['a word as amount', { amount: 'forty' }, 'amount-not-integer', 'amount'],
  ['a negative amount', { amount: '-5' }, 'amount-not-positive', 'amount'],
  ['a zero amount', { amount: '0' }, 'amount-not-positive', 'amount'],
  ['an absurdly large amount', { amount: '100000000000' }, 'amount-too-large', 'amount'],
  ['a missing currency', { currency: null }, 'currency-missing', 'currency'],
  ['a currency Intl does not know', { currency: 'EUX' }, 'currency-unknown', 'currency'],
  ['a currency name instead of a code', { currency: 'euros' }, 'currency-unknown', 'currency'],
  ['an empty providers list', { providers: '   ' }, 'providers-empty', 'providers'],
  ['an unknown provider', { providers: 'bank-transfer bitcoin' }, 'provider-unknown', 'providers'],
  ['a duplicated provider', { providers: 'bank-transfer bank-transfer' }, 'provider-duplicate', 'providers'],
  ['a provider listed without its credentials', { providers: 'paypal bank-transfer' }, 'paypal-credentials-missing', 'paypal-client-id'],
  ['a javascript: endpoint', { endpoint: 'javascript:alert(1)' }, 'endpoint-invalid', 'endpoint'],
  ['an ftp endpoint', { endpoint: 'ftp://example.com/checkout' }, 'endpoint-invalid', 'endpoint'],
  ['a non-numeric load-timeout', { 'load-timeout': 'soon' }, 'load-timeout-invalid', 'load-timeout'],
  ['a load-timeout with a unit', { 'load-timeout': '5s' }, 'load-timeout-invalid', 'load-timeout'],
  ['an IBAN with a wrong check digit', { 'bank-iban': 'FR1420041010050500013M02607' }, 'bank-iban-invalid', 'bank-iban'],
  ['an IBAN too short for its country', { 'bank-iban': 'DE8937040044053201300' }, 'bank-iban-invalid', 'bank-iban'],
  ['an IBAN of an unknown country', { 'bank-iban': 'XX89370400440532013000' }, 'bank-iban-invalid', 'bank-iban'],
  ['a malformed BIC', { 'bank-bic': 'BNPA' }, 'bank-bic-invalid', 'bank-bic'],
  ['a missing beneficiary', { 'bank-beneficiary': null }, 'bank-beneficiary-missing', 'bank-beneficiary'],
  ['a Stripe secret key in the page', { 'stripe-key': 'sk_live_51Habc', providers: 'stripe' }, 'stripe-key-secret', 'stripe-key'],
  ['a Stripe key that is not a publishable key', { 'stripe-key': 'hello', providers: 'stripe' }, 'stripe-key-invalid', 'stripe-key'],
  ['an invalid return-url', { 'return-url': 'javascript:void(0)' }, 'return-url-invalid', 'return-url'],
  ['an invalid sw-url', { 'sw-url': 'data:text/javascript,1' }, 'sw-url-invalid', 'sw-url'],
];

async function render(attributes: Attributes): Promise<{ element: RelaisCheckout; events: CustomEvent[]; errors: unknown[][] }> {
  const events: CustomEvent[] = [];
  const errors: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => errors.push(args);
  const listener = (event: Event) => events.push(event as CustomEvent);
  document.addEventListener('relais-config-error', listener);
  try {
    const element = document.createElement('relais-checkout');
    for (const [name, value] of Object.entries(attributes)) if (value != null) element.setAttribute(name, value);
    const parent = await fixture<HTMLDivElement>(html`<div></div>`);
    parent.append(element);
    await element.updateComplete;
    return { element, events, errors };
  } finally {
    console.error = original;
    document.removeEventListener('relais-config-error', listener);
  }
}

describe('configuration', () => {
  let pageErrors: unknown[];
  const onError = (event: ErrorEvent | PromiseRejectionEvent) => pageErrors.push(event);
  beforeEach(() => {
    pageErrors = [];
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
  });
  afterEach(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onError);
  });

  it('accepts a complete bank-transfer configuration and normalises it', () => {
    const result = parseConfig(valid);
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.config.providers).to.deep.equal(['bank-transfer']);
    expect(result.config.bank?.iban).to.equal('FR1420041010050500013M02606');
    expect(result.config.loadTimeout).to.equal(6000);
    expect(result.config.endpoint).to.equal('/api/config-tests');
  });

  it('takes its configuration from properties too, as React 19 and other frameworks set it', async () => {
    const element = document.createElement('relais-checkout');
    Object.assign(element, {
      amount: 4990, currency: 'EUR', endpoint: '/api/config-tests', providers: 'bank-transfer', lang: 'en',
      bankIban: 'FR1420041010050500013M02606', bankBeneficiary: 'Relais Démo SARL', noIncidentBeacon: true,
    });
    document.body.append(element);
    try {
      await element.updateComplete;
      expect(element.hasAttribute('amount'), 'nothing was set as an attribute').to.equal(false);
      expect(element.config).to.include({ amount: 4990, currency: 'EUR', lang: 'en', incidentBeacon: false });
      element.amount = '2500';
      await element.updateComplete;
      expect(element.config?.amount).to.equal(2500);
    } finally {
      element.remove();
    }
  });

  it('keeps only configured methods in the default provider order', () => {
    const result = parseConfig({ ...valid, 'paypal-client-id': 'sb-client', 'stripe-key': 'pk_test_123' });
    expect(result.ok && result.config.providers).to.deep.equal(['stripe', 'paypal', 'bank-transfer']);
  });

  for (const [behaviour, change, code, attribute] of badInputs) {
    it(`renders the error state for ${behaviour} (${code}) without throwing`, async () => {
      const { element, events, errors } = await render({ ...valid, ...change });
      expect(events, 'one relais-config-error event').to.have.length(1);
      const issue = events[0]!.detail.issues.find((candidate: { code: string }) => candidate.code === code);
      expect(issue, `issue ${code} in ${JSON.stringify(events[0]!.detail.issues)}`).to.exist;
      expect(issue.attribute).to.equal(attribute);
      expect(errors, 'exactly one console error').to.have.length(1);
      expect(String(errors[0]![0])).to.contain(attribute).and.contain(code);
      expect(element.shadowRoot!.querySelector('[part="error"]')).to.exist;
      expect(element.shadowRoot!.querySelector('[part="pay-button"]')).to.equal(null);
      expect(pageErrors, 'nothing thrown into the page').to.deep.equal([]);
    });
  }

  it('never repeats a Stripe secret key in the console or the event', async () => {
    const secret = 'sk_live_51HsecretVALUE';
    const { events, errors } = await render({ ...valid, 'stripe-key': secret, providers: 'stripe' });
    expect(String(errors[0]![0])).to.contain('stripe-key-secret').and.not.contain(secret);
    expect(JSON.stringify(events[0]!.detail)).not.to.contain(secret);
  });

  it('keeps a paid order on screen when the cart is emptied afterwards', async () => {
    const { element } = await render(valid);
    (await waitFor(() => element.shadowRoot!.querySelector<HTMLButtonElement>('[part="pay-button"]:not([disabled])'))).click();
    await waitFor(() => element.shadowRoot!.querySelector('[part="result"]'), 6000);
    const original = console.error;
    console.error = () => {};
    try {
      element.setAttribute('amount', '0');
      await element.updateComplete;
    } finally {
      console.error = original;
    }
    expect(element.shadowRoot!.querySelector('[part="result"]'), 'the receipt stays').to.exist;
    expect(element.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
  });

  it('shows bank instructions without a QR code for a currency SEPA cannot take', async () => {
    const { element, events } = await render({ ...valid, currency: 'USD' });
    (await waitFor(() => element.shadowRoot!.querySelector<HTMLButtonElement>('[part="pay-button"]:not([disabled])'))).click();
    await waitFor(() => element.shadowRoot!.querySelector('[part="bank-details"]'));
    expect(events).to.have.length(0);
    expect(element.shadowRoot!.querySelector('[part="qr"]')).to.equal(null);
    expect(element.shadowRoot!.querySelector('[part="qr-unavailable"]')!.textContent).to.contain('USD');
  });

  it('re-validates when an attribute changes and recovers when it is fixed, keeping the order id', async () => {
    const { element } = await render(valid);
    await waitFor(() => element.shadowRoot!.querySelector('[part="pay-button"]'));
    const orderId = element.orderId;
    expect(orderId).to.match(/^[0-9a-f-]{36}$/);
    const original = console.error;
    const errors: unknown[] = [];
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      element.setAttribute('amount', 'oops');
      await element.updateComplete;
      expect(element.shadowRoot!.querySelector('[part="error"]')).to.exist;
      element.setAttribute('amount', '1500');
      await element.updateComplete;
      const button = await waitFor(() => element.shadowRoot!.querySelector('[part="pay-button"]'));
      expect(button.textContent).to.contain('15.00');
      expect(element.orderId).to.equal(orderId);
      expect(errors).to.have.length(1);
    } finally {
      console.error = original;
    }
  });

  it('checks the cart by the merchant API\'s rules: an invalid line is a named error state, fixed by setting valid items', async () => {
    const { element } = await render(valid);
    await waitFor(() => element.shadowRoot!.querySelector('[part="pay-button"]'));
    const events: CustomEvent[] = [];
    const errors: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    element.addEventListener('relais-config-error', (event) => events.push(event as CustomEvent));
    try {
      element.items = [{ name: 'Carafe\u202e', quantity: 1, amount: 4990 }];
      await element.updateComplete;
      await waitFor(() => element.shadowRoot!.querySelector('[part="error"]'));
      expect(events.map((event) => event.detail.issues[0])).to.deep.equal([{
        code: 'items-invalid', attribute: 'items', value: 'items[0].name',
        fix: events[0]!.detail.issues[0].fix,
      }]);
      expect(String(errors[0]?.[0])).to.contain('items[0].name');
      element.items = [{ name: 'Carafe', quantity: 1, amount: 4990 }];
      await element.updateComplete;
      await waitFor(() => element.shadowRoot!.querySelector('[part="pay-button"]'));
      expect(errors).to.have.length(1);
    } finally {
      console.error = original;
    }
  });

  it('speaks French from lang="fr", the document language otherwise, English last', async () => {
    const fr = await render({ ...valid, lang: 'fr' });
    const button = await waitFor(() => fr.element.shadowRoot!.querySelector('[part="pay-button"]'));
    expect(button.textContent).to.contain('Valider la commande').and.contain('49,90\u00a0€');
    document.documentElement.lang = 'fr-CA';
    const inherited = await render({ ...valid, lang: null });
    expect((await waitFor(() => inherited.element.shadowRoot!.querySelector('[part="pay-button"]'))).textContent).to.contain('Valider');
    document.documentElement.lang = 'ja';
    const fallback = await render({ ...valid, lang: null });
    expect((await waitFor(() => fallback.element.shadowRoot!.querySelector('[part="pay-button"]'))).textContent).to.contain('Place order');
    document.documentElement.lang = '';
  });
});
