/**
 * An order kept on the device while the shop was down, which the shop refuses once it answers
 * because the order was paid meanwhile elsewhere (409 `already-paid`): the shopper is told the
 * order is paid, never that the shop could not accept it and nothing was charged.
 */
import { expect } from '@open-wc/testing';
import { createStore, del } from 'idb-keyval';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { mountOf, providerCheckout, readyToPay } from '../../../../test/checkout.js';
import { resetFaults, scriptFaults, serverOrders, testEndpoint } from '../../../../test/api.js';
import { charges, ledger, unreachable } from '../../../../test/payments.js';
import { inShadow, waitFor } from '../../../../test/dom.js';
import { paidOnDevice } from '../failover/paid-on-device.js';

describe('a kept order the shop refuses as paid already', () => {
  before(() => resetProviderRoutes());
  afterEach(() => delete window.__relaisSandbox);

  it('kept with the service worker’s queue and delivered after the order was paid on another device, it says the order is paid: no "nothing was charged", no transfer details', async () => {
    const endpoint = testEndpoint();
    const orderId = `shop-${crypto.randomUUID()}`;
    const paying = await providerCheckout({ endpoint, orderId, providers: 'paypal', paypal: 'stand-in', sandbox: { paypal: { approval: 'auto' } } });
    (await waitFor(() => mountOf(paying.element, 'paypal')?.querySelector<HTMLElement>('paypal-button'), 6000)).click();
    await paying.first('relais-payment-succeeded');
    // Paid on another device: this browser keeps no trace of it.
    await waitFor(() => paidOnDevice(endpoint, orderId));
    await del([new URL(endpoint, location.href).href, orderId], createStore('relais-paid', 'orders'));
    paying.element.remove();

    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: unreachable });
    const kept = await providerCheckout({ endpoint, orderId, providers: 'bank-transfer', attributes: { 'sw-url': '/relais-sw.js' } });
    (await readyToPay(kept.element)).click();
    await kept.first('relais-order-queued');
    await waitFor(() => inShadow(kept.element, '[part="result"].queued'));

    await resetFaults(endpoint);
    window.dispatchEvent(new Event('online')); // what the browser fires when the network is back
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
});
