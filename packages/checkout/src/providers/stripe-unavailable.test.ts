import { expect } from '@open-wc/testing';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { checkedMethod, mountOf, payButton, providerCheckout, readyToPay } from '../../../../test/checkout.js';
import { scriptFaults } from '../../../../test/api.js';

// One file, one page: @stripe/stripe-js caches a loaded Stripe.js for the page's lifetime, so the
// causes that never load it come first and the ones that need the stand-in last.
describe('an unavailable Stripe moves the shopper to the next method, naming the cause', () => {
  before(() => resetProviderRoutes());
  afterEach(() => delete window.__relaisSandbox);

  async function switchReason(options: Parameters<typeof providerCheckout>[0]) {
    const harness = await providerCheckout({ providers: 'stripe bank-transfer', ...options });
    const change = await harness.first('relais-provider-change');
    await readyToPay(harness.element);
    expect(checkedMethod(harness.element)).to.equal('Bank');
    expect(harness.of('relais-incident')[0]!.detail).to.include({ provider: 'stripe', kind: change.detail.reason });
    return { ...harness, change };
  }

  it('blocked script (ad blocker) → sdk-load-failed', async () => {
    const { change } = await switchReason({ stripe: 'abort' });
    expect(change.detail).to.include({ from: 'stripe', to: 'bank-transfer', reason: 'sdk-load-failed' });
  });

  it('script without its global (stub, empty body) → sdk-missing-global', async () => {
    const { change } = await switchReason({ stripe: 'empty' });
    expect(change.detail.reason).to.equal('sdk-missing-global');
  });

  it('Payment Element loaderror → element-load-error', async () => {
    const { change } = await switchReason({ stripe: 'stand-in', sandbox: { stripe: { fault: 'element-load-error' } } });
    expect(change.detail.reason).to.equal('element-load-error');
  });

  it('merchant API down on payment-intents before anything was submitted → retried once, then merchant-unavailable (the shop’s, not Stripe’s)', async () => {
    const harness = await providerCheckout({ providers: 'stripe bank-transfer', stripe: 'stand-in' });
    await scriptFaults(harness.endpoint, { method: 'POST', path: '/stripe/payment-intents', responses: [{ status: 503 }, { status: 503 }] });
    await readyToPay(harness.element);
    fillCard(mountOf(harness.element, 'stripe')!, { number: '4242 4242 4242 4242' });
    payButton(harness.element)!.click();
    const change = await harness.first('relais-provider-change');
    expect(change.detail).to.include({ from: 'stripe', to: 'bank-transfer', reason: 'merchant-unavailable' });
    expect(harness.of('relais-payment-succeeded')).to.have.length(0);
  });
});
