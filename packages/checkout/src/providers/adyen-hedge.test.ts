import { expect } from '@open-wc/testing';
import { providerRequestCount, resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { checkedMethod, providerCheckout, readyToPay } from '../../../../test/checkout.js';
import { waitFor } from '../../../../test/dom.js';

describe('a hung Stripe.js with Adyen next', () => {
  before(() => resetProviderRoutes());
  after(() => resetProviderRoutes());

  it('preloads Adyen while Stripe is slow and offers its card form within load-timeout + 300 ms', async () => {
    await routeProvider('stripe', 'hang');
    const loadTimeout = 1000;
    const harness = await providerCheckout({ providers: 'stripe adyen bank-transfer', adyen: 'stand-in', loadTimeout });
    // Hedging: Adyen's script is requested while Stripe is still loading, before the budget ends.
    await waitFor(async () => (await providerRequestCount()).adyen > 0 || harness.of('relais-provider-change').length > 0, 4000);
    expect(harness.of('relais-provider-change'), 'Adyen requested before Stripe’s budget ran out').to.have.length(0);
    const change = await harness.first('relais-provider-change', 4000);
    expect(change.detail).to.include({ from: 'stripe', to: 'adyen', reason: 'sdk-timeout' });
    const ready = await harness.first('relais-ready', 4000);
    await readyToPay(harness.element);
    expect(checkedMethod(harness.element)).to.equal('Card');
    // From Stripe's load to Adyen's form: the budget, then the switch to a form already loaded.
    const offered = change.detail.latencyMs + Math.max(0, ready.timeStamp - change.timeStamp);
    expect(offered, 'Adyen offered after Stripe started loading (ms)').to.be.below(loadTimeout + 300);
  });
});
