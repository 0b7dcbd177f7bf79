/**
 * A merchant's own method, written with the package's public exports only (as docs/providers.md
 * shows), takes over when Stripe.js is blocked: registered ids are accepted in `providers`, and
 * the element asks the method's capabilities and names it in the shopper's language.
 */
import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import { defineProvider, type PaymentOutcome, type Provider, type ProviderContext } from '@relais/checkout';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { checkedMethod, payButton, providerCheckout, readyToPay } from '../../../../test/checkout.js';
import { inShadow, waitFor } from '../../../../test/dom.js';
import { testEndpoint } from '../../../../test/api.js';

/** A store gift card: the shop's own method, paid without any third-party script. */
class GiftCard implements Provider {
  readonly id = 'gift-card';
  async load(): Promise<void> {}
  async mount(): Promise<void> {}
  async pay({ order }: ProviderContext): Promise<PaymentOutcome> {
    return { status: 'succeeded', reference: `gift_${order.orderId}` };
  }
  destroy(): void {}
}

defineProvider('gift-card', {
  load: async () => new GiftCard(),
  capabilities: {},
  messages: {
    en: { label: 'Gift card', inSentence: 'gift card' },
    fr: { label: 'Carte cadeau', inSentence: 'carte cadeau' },
  },
});

describe('a method the merchant defines with the public API', () => {
  before(() => resetProviderRoutes());

  it('takes over when Stripe.js is blocked, is named in the notice, and pays', async () => {
    const harness = await providerCheckout({ providers: 'stripe gift-card', stripe: 'abort' });
    const change = await harness.first('relais-provider-change');
    expect(change.detail).to.include({ from: 'stripe', to: 'gift-card', reason: 'sdk-load-failed' });
    await readyToPay(harness.element);
    expect(checkedMethod(harness.element)).to.equal('Gift');
    expect(inShadow(harness.element, '[part="notice"]')!.textContent).to.contain('pay by gift card');
    payButton(harness.element)!.click();
    const paid = await harness.first('relais-payment-succeeded');
    expect(paid.detail).to.include({ provider: 'gift-card', reference: `gift_${paid.detail.orderId}` });
  });

  it('is labelled in French from its own messages', async () => {
    const harness = await providerCheckout({ providers: 'gift-card bank-transfer', lang: 'fr' });
    await readyToPay(harness.element);
    expect(checkedMethod(harness.element)).to.equal('Carte');
  });

  it('an id nobody registered is still a named relais-config-error, with one console error saying how to fix it', async () => {
    const errors: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const issues: Array<{ code: string; fix: string }> = [];
      await fixture(html`<relais-checkout amount="4990" currency="EUR" endpoint=${testEndpoint()} providers="stripe gift-cards"
        stripe-key="pk_test_relais" @relais-config-error=${(event: CustomEvent) => issues.push(...event.detail.issues)}></relais-checkout>`);
      await waitFor(() => issues.length > 0);
      expect(issues.map((issue) => issue.code)).to.deep.equal(['provider-unknown']);
      expect(issues[0]!.fix).to.contain('defineProvider("gift-cards"');
      expect(errors).to.have.length(1);
      expect(String(errors[0]![0])).to.contain('gift-cards');
    } finally {
      console.error = original;
    }
  });

  it('defineProvider refuses a method without English and French names, and an id defined twice', () => {
    const definition = { load: async () => new GiftCard(), capabilities: {} };
    expect(() => defineProvider('voucher', definition)).to.throw(TypeError, /messages\.en and messages\.fr/);
    expect(() => defineProvider('gift-card', { ...definition, messages: { en: { label: 'x', inSentence: 'x' }, fr: { label: 'x', inSentence: 'x' } } }))
      .to.throw(TypeError, /already defined/);
  });
});
