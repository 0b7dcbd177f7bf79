import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes, routeTrackers } from '@relais/sandbox/testing/routes.js';
import { mountOf, payButton, providerCheckout, readyToPay } from '../../../../test/checkout.js';
import { serverIncidents } from '../../../../test/api.js';
import { inShadow, waitFor } from '../../../../test/dom.js';

/** A card payment as a shopper makes it, with the stand-ins sending the real SDKs' telemetry. */
async function payByCard() {
  const harness = await providerCheckout({ stripe: 'stand-in', paypal: 'stand-in', sandbox: { telemetry: true } });
  const ready = await harness.first('relais-ready');
  await readyToPay(harness.element);
  fillCard(mountOf(harness.element, 'stripe')!, { number: '4242 4242 4242 4242' });
  payButton(harness.element)!.click();
  await harness.first('relais-payment-succeeded', 8000);
  await waitFor(() => inShadow(harness.element, '[part="result"].succeeded'));
  return {
    ready: ready.detail.provider,
    changes: harness.of('relais-provider-change').length,
    incidents: harness.of('relais-incident').length,
    storedIncidents: (await serverIncidents(harness.endpoint)).length,
    notice: inShadow(harness.element, '[part="notice"]')!.textContent!.trim(),
  };
}

// Filter lists block the providers' telemetry and fraud signals, never their SDKs or APIs: a
// shopper whose browser blocks them must meet exactly the same checkout.
describe('trackers blocked (r.stripe.com, m.stripe.com, PayPal’s logger…)', () => {
  before(() => resetProviderRoutes());
  afterEach(() => delete window.__relaisSandbox);

  it('change nothing for the shopper: same method ready, paid, no incident', async () => {
    await routeTrackers(false);
    const open = await payByCard();
    const before = await routeTrackers(true);
    expect(before.answered, 'the stand-ins sent telemetry that was answered').to.be.greaterThan(0);
    const blocked = await payByCard();
    const after = await routeTrackers(false);
    expect(after.blocked, 'telemetry was really blocked the second time').to.be.greaterThan(0);
    expect(blocked).to.deep.equal(open);
    expect(blocked).to.deep.equal({ ready: 'stripe', changes: 0, incidents: 0, storedIncidents: 0, notice: '' });
  });
});
