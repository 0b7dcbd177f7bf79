import { expect } from '@open-wc/testing';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { checkedMethod, mountOf, providerCheckout } from '../../../../test/checkout.js';
import { serverOrders } from '../../../../test/api.js';
import { inShadow, waitFor } from '../../../../test/dom.js';

const paypalButton = async (element: HTMLElement) =>
  waitFor(() => mountOf(element as never, 'paypal')?.querySelector<HTMLElement>('paypal-button'), 6000);

describe('PayPal through the real v6 loader', () => {
  before(() => resetProviderRoutes());
  afterEach(() => delete window.__relaisSandbox);

  it('captures once on approval and records the paid order', async () => {
    const { element, endpoint, of } = await providerCheckout({ providers: 'paypal bank-transfer', paypal: 'stand-in', sandbox: { paypal: { approval: 'auto' } } });
    (await paypalButton(element)).click();
    await waitFor(() => inShadow(element, '[part="result"].succeeded'), 6000);
    expect(of('relais-payment-succeeded')[0]!.detail).to.include({ provider: 'paypal', orderId: element.orderId });
    await waitFor(async () => (await serverOrders(endpoint)).length === 1);
    const [order] = await serverOrders(endpoint);
    expect(order!.order).to.include({ method: 'paypal', orderId: element.orderId });
  });

  it('stays on PayPal when the shopper cancels, saying nothing was charged', async () => {
    const { element, of } = await providerCheckout({ providers: 'paypal bank-transfer', paypal: 'stand-in', sandbox: { paypal: { approval: 'cancel' } } });
    (await paypalButton(element)).click();
    const alert = await waitFor(() => inShadow(element, '[role="alert"]'), 6000);
    expect(alert.textContent).to.contain('Nothing was charged');
    expect(of('relais-provider-change')).to.have.length(0);
    expect(checkedMethod(element)).to.equal('PayPal');
    expect(mountOf(element, 'paypal')!.querySelector('paypal-button')).to.exist;
  });

  it('stays on PayPal when the funding instrument is declined', async () => {
    const { element, of } = await providerCheckout({
      providers: 'paypal bank-transfer',
      paypal: 'stand-in',
      sandbox: { paypal: { approval: 'auto', fault: 'decline' } },
    });
    (await paypalButton(element)).click();
    await waitFor(() => of('relais-payment-declined').length, 6000);
    expect(of('relais-provider-change')).to.have.length(0);
    expect(of('relais-payment-succeeded')).to.have.length(0);
  });

  it('moves on when PayPal’s API is down before anything was submitted', async () => {
    const { element, of } = await providerCheckout({ providers: 'paypal bank-transfer', paypal: 'stand-in', sandbox: { paypal: { fault: 'api-5xx' } } });
    await waitFor(() => of('relais-provider-change').length, 6000);
    expect(of('relais-provider-change')[0]!.detail).to.include({ from: 'paypal', to: 'bank-transfer', reason: 'api-unavailable' });
    expect(checkedMethod(element)).to.equal('Bank');
  });
});
