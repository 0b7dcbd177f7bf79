import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { mountOf, payButton, providerCheckout, readyToPay } from '../../../../test/checkout.js';
import { resetFaults, scriptFaults, serverOrders, testEndpoint } from '../../../../test/api.js';
import { charges, ledger, unreachable } from '../../../../test/payments.js';
import { inShadow, waitFor } from '../../../../test/dom.js';

describe('orders the shop could not record are kept, never lost', () => {
  beforeEach(() => resetProviderRoutes());
  afterEach(() => delete window.__relaisSandbox);

  // Offline-orders first: the card test below leaves a loaded Stripe.js in this page.
  it('with offline-orders, the shopper can reserve the order while every method is down', async () => {
    const endpoint = testEndpoint();
    const harness = await providerCheckout({
      endpoint,
      providers: 'stripe paypal',
      stripe: 'abort',
      paypal: 'abort',
      attributes: { 'offline-orders': '' },
    });
    const reserve = await waitFor(() => inShadow<HTMLButtonElement>(harness.element, '[role="alert"] ~ [part="pay-button"]'), 6000);
    expect(reserve.textContent).to.contain('Reserve my order and pay later');
    reserve.click();
    await harness.first('relais-order-delivered', 8000);
    const [order] = await serverOrders(endpoint);
    expect(order!.order).to.include({ orderId: harness.element.orderId, method: 'pay-later', amount: 4990 });
    expect(order!.answer.body['status']).to.equal('awaiting-payment-link');
    await waitFor(() => inShadow(harness.element, '[part="result"].delivered'));
    expect(inShadow(harness.element, '[part="result"]')!.textContent).to.contain('payment link');
  });

  it('a card payment whose outcome could not reach the shop is queued with its payment reference, verified on delivery, never charged again', async () => {
    const endpoint = testEndpoint();
    // The order is recorded before paying; the shop goes away before the payment is reported.
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ pass: true }, ...unreachable] });
    const harness = await providerCheckout({ endpoint, providers: 'stripe bank-transfer', stripe: 'stand-in' });
    await readyToPay(harness.element);
    fillCard(mountOf(harness.element, 'stripe')!, { number: '4242 4242 4242 4242' });
    payButton(harness.element)!.click();
    await waitFor(() => inShadow(harness.element, '[part="result"].succeeded'), 8000);
    const queued = await harness.first('relais-order-queued', 8000);
    expect(queued.detail.orderId).to.equal(harness.element.orderId);
    await resetFaults(endpoint);
    window.dispatchEvent(new Event('online')); // what the browser fires when the network is back
    await harness.first('relais-order-delivered', 8000);
    const [order] = await serverOrders(endpoint);
    const reference = harness.of('relais-payment-succeeded')[0]!.detail.reference;
    expect(order!.order).to.include({ method: 'stripe', paymentReference: reference });
    expect(order!.answer.body['status'], 'the server verified the payment with Stripe').to.equal('paid');
    expect(charges(await ledger(endpoint, harness.element.orderId!))).to.equal(1);
  });
});
