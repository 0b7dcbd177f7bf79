import { expect } from '@open-wc/testing';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { checkedMethod, providerCheckout } from '../../../../test/checkout.js';

describe('a hung Stripe.js', () => {
  before(() => resetProviderRoutes());

  it('is left after load-timeout, and arriving late it never renders over the next method', async () => {
    await routeProvider('stripe', 'stand-in', 1200);
    const harness = await providerCheckout({ providers: 'stripe bank-transfer', loadTimeout: 400 });
    const change = await harness.first('relais-provider-change', 4000);
    expect(change.detail.reason).to.equal('sdk-timeout');
    expect(change.detail.latencyMs).to.be.within(400, 1100);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(window.Stripe, 'the script did arrive').to.exist;
    expect(document.querySelectorAll('iframe[title="Secure payment input frame"]')).to.have.length(0);
    expect(checkedMethod(harness.element)).to.equal('Bank');
  });
});
