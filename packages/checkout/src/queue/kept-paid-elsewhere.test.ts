/**
 * An order kept on the device while the shop was down, which the shop refuses once it answers
 * because the order was paid meanwhile elsewhere (409 `already-paid`): the shopper is told the
 * order is paid, never that the shop could not accept it and nothing was charged.
 */
import { expect } from '@open-wc/testing';
import { createStore, del } from 'idb-keyval';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { checkedMethod, mountOf, providerCheckout, readyToPay, type Harness } from '../../../../test/checkout.js';
import { resetFaults, scriptFaults, serverOrders, testEndpoint } from '../../../../test/api.js';
import { charges, ledger, unreachable } from '../../../../test/payments.js';
import { inShadow, waitFor } from '../../../../test/dom.js';
import { paidOnDevice } from '../failover/paid-on-device.js';

const paypalButton = (tab: Harness) => waitFor(() => mountOf(tab.element, 'paypal')?.querySelector<HTMLElement>('paypal-button'), 6000);

/** An order paid with PayPal of which this browser keeps no trace (as if paid on another device). */
async function paidOnAnotherDevice(): Promise<{ endpoint: string; orderId: string }> {
  const endpoint = testEndpoint();
  const orderId = `shop-${crypto.randomUUID()}`;
  const paying = await providerCheckout({ endpoint, orderId, providers: 'paypal', paypal: 'stand-in', sandbox: { paypal: { approval: 'auto' } } });
  (await paypalButton(paying)).click();
  await paying.first('relais-payment-succeeded');
  await waitFor(() => paidOnDevice(endpoint, orderId));
  await del([new URL(endpoint, location.href).href, orderId], createStore('relais-paid', 'orders'));
  paying.element.remove();
  return { endpoint, orderId };
}

/** The shop answers again; the browser says the network is back. */
async function shopBack(endpoint: string): Promise<void> {
  await resetFaults(endpoint);
  window.dispatchEvent(new Event('online'));
}

describe('a kept order the shop refuses as paid already', function () {
  // Two journeys each (a PayPal payment, then a kept order delivered by the worker): on a loaded
  // two-core machine one full `npm test` saw the first pass 20 s.
  this.timeout(40_000);
  before(() => resetProviderRoutes());
  afterEach(() => delete window.__relaisSandbox);

  it('kept with the service worker’s queue and delivered after the order was paid on another device, it says the order is paid: no "nothing was charged", no transfer details', async () => {
    const { endpoint, orderId } = await paidOnAnotherDevice();
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: unreachable });
    const kept = await providerCheckout({ endpoint, orderId, providers: 'bank-transfer', attributes: { 'sw-url': '/relais-sw.js' } });
    (await readyToPay(kept.element)).click();
    await kept.first('relais-order-queued');
    await waitFor(() => inShadow(kept.element, '[part="result"].queued'));

    await shopBack(endpoint);
    const title = await waitFor(() => inShadow(kept.element, '[part="result"].succeeded .title'), 15_000);
    expect(title.textContent).to.equal('This order is already paid: there is nothing left to pay. Thank you for your order!');
    const shown = kept.element.shadowRoot!.textContent!;
    expect(shown).not.to.match(/nothing was charged|could not accept/i);
    expect(shown, 'no transfer details to pay twice with').not.to.match(/IBAN|transfer/i);
    const [order] = await serverOrders(endpoint);
    expect(order!.answer.body['status'], 'the shop has it paid, by PayPal').to.equal('paid');
    expect(order!.order['method']).to.equal('paypal');
    expect(charges(await ledger(endpoint, orderId)), 'one charge for the order').to.equal(1);
  });

  it('after the shop’s outage moved the shopper from PayPal to a kept bank-transfer order, the notice that nothing was charged goes once the shop says the order is paid', async () => {
    const { endpoint, orderId } = await paidOnAnotherDevice();
    for (const path of ['/orders', '/paypal/orders']) await scriptFaults(endpoint, { method: 'POST', path, responses: unreachable });
    const kept = await providerCheckout({ endpoint, orderId, providers: 'paypal bank-transfer', paypal: 'stand-in', sandbox: { paypal: { approval: 'auto' } } });
    (await paypalButton(kept)).click();
    await waitFor(() => checkedMethod(kept.element) === 'Bank');
    expect(inShadow(kept.element, '[part="notice"]')!.textContent).to.contain('The shop is not responding');
    (await readyToPay(kept.element)).click();
    await kept.first('relais-order-queued');

    await shopBack(endpoint);
    await waitFor(() => inShadow(kept.element, '[part="result"].succeeded'), 15_000);
    expect(inShadow(kept.element, '[part="notice"]')!.textContent!.trim(), 'the live region no longer says the shop is down').to.equal('');
    expect(kept.element.shadowRoot!.textContent).not.to.match(/nothing was charged/i);
  });
});
