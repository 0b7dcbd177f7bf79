import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { checkedMethod, mountOf, payButton, providerCheckout, readyToPay } from '../../../../test/checkout.js';
import { charges, ledger } from '../../../../test/payments.js';
import { inShadow, waitFor } from '../../../../test/dom.js';

// Found by the chaos journeys (seed 9, path 1): PayPal's API timed out, the shopper paid by card,
// and "Nothing was charged. You can pay by card." stayed above "Payment accepted".
describe('a failover notice ends with the payment', () => {
  before(() => resetProviderRoutes());
  afterEach(() => delete window.__relaisSandbox);

  it('after PayPal failed over to the card and the card paid, the live region no longer says nothing was charged', async () => {
    const harness = await providerCheckout({ providers: 'paypal stripe', paypal: 'stand-in', stripe: 'stand-in', sandbox: { paypal: { fault: 'api-5xx' } } });
    const { element } = harness;
    await waitFor(() => checkedMethod(element) === 'Card');
    expect(inShadow(element, '[part="notice"]')!.textContent).to.contain('Nothing was charged. You can pay by card.');
    await readyToPay(element);
    fillCard(mountOf(element, 'stripe')!, { number: '4242 4242 4242 4242' });
    payButton(element)!.click();
    await waitFor(() => inShadow(element, '[part="result"].succeeded'), 8000);
    expect(inShadow(element, '[part="notice"]')!.textContent!.trim()).to.equal('');
    expect(element.shadowRoot!.textContent).to.not.match(/nothing was charged/i);
    expect(charges(await ledger(harness.endpoint, element.orderId!))).to.equal(1);
  });
});
