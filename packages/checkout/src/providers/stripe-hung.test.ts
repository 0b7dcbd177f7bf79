import { expect } from '@open-wc/testing';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { checkedMethod, providerCheckout } from '../../../../test/checkout.js';

describe('a hung Stripe.js', () => {
  before(() => resetProviderRoutes());

  it('is left after load-timeout, and arriving late becomes a choice without rendering over the next method', async () => {
    await routeProvider('stripe', 'stand-in', 1200);
    const harness = await providerCheckout({ providers: 'stripe bank-transfer', loadTimeout: 400 });
    const change = await harness.first('relais-provider-change', 4000);
    expect(change.detail.reason).to.equal('sdk-timeout');
    expect(change.detail.latencyMs).to.be.within(400, 1100);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(window.Stripe, 'the script did arrive').to.exist;
    // It is kept as a choice, mounted out of sight: nothing appears over the shopper's form.
    const frame = document.querySelector('iframe[title="Secure payment input frame"]');
    expect(frame, 'mounted once it arrived').to.exist;
    expect(frame!.getBoundingClientRect().height, 'but not shown').to.equal(0);
    expect(checkedMethod(harness.element)).to.equal('Bank');
    const card = harness.element.shadowRoot!.querySelector<HTMLInputElement>('input[type="radio"]')!;
    expect(card.disabled, 'Card can be chosen again').to.equal(false);
  });
});
