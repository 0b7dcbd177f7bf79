import { expect } from '@open-wc/testing';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { checkedMethod, providerCheckout } from '../../../../test/checkout.js';
import { waitFor } from '../../../../test/dom.js';

describe('a hung Stripe.js', () => {
  before(() => resetProviderRoutes());

  it('is left after load-timeout, and arriving late becomes a choice without rendering over the next method', async () => {
    await routeProvider('stripe', 'stand-in', 1200);
    const harness = await providerCheckout({ providers: 'stripe bank-transfer', loadTimeout: 400 });
    const change = await harness.first('relais-provider-change', 4000);
    expect(change.detail.reason).to.equal('sdk-timeout');
    expect(change.detail.latencyMs).to.be.within(400, 1100);
    // The late script's arrival and its mount are events to wait for, not a fixed delay (a busy machine is slower).
    await waitFor(() => window.Stripe);
    const frame = await waitFor(() => document.querySelector('iframe[title="Secure payment input frame"]'));
    // It is kept as a choice, mounted out of sight: nothing appears over the shopper's form.
    expect(frame.getBoundingClientRect().height, 'but not shown').to.equal(0);
    expect(checkedMethod(harness.element)).to.equal('Bank');
    // Its form is ready a task or more after the frame appears, as a real Payment Element's would be.
    const card = harness.element.shadowRoot!.querySelector<HTMLInputElement>('input[type="radio"]')!;
    await waitFor(() => !card.disabled); // Card can be chosen again
    expect(checkedMethod(harness.element), 'the shopper stays on Bank').to.equal('Bank');
  });
});
