/**
 * Two tabs of one order (the merchant numbers it): the first one's card is declined, the second
 * one pays. The first tab must not keep saying "nothing was charged": it learns, from the
 * merchant, that the order is paid.
 */
import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { mountOf, payButton, providerCheckout, readyToPay } from '../../../../test/checkout.js';
import { testEndpoint } from '../../../../test/api.js';
import { charges, ledger } from '../../../../test/payments.js';
import { inShadow, waitFor } from '../../../../test/dom.js';

describe('an order paid in another tab', () => {
  before(() => resetProviderRoutes());
  afterEach(() => delete window.__relaisSandbox);

  it('the tab left on a decline shows the order paid (verified by the merchant), never "nothing was charged"', async () => {
    const endpoint = testEndpoint();
    const orderId = `shop-${crypto.randomUUID()}`;
    const first = await providerCheckout({ providers: 'stripe', stripe: 'stand-in', endpoint });
    const second = await providerCheckout({ providers: 'stripe', stripe: 'stand-in', endpoint });
    first.element.orderId = orderId;
    second.element.orderId = orderId;
    await readyToPay(first.element);
    fillCard(mountOf(first.element, 'stripe')!, { number: '4000 0000 0000 0002' });
    payButton(first.element)!.click();
    await first.first('relais-payment-declined');
    await waitFor(() => /nothing was charged|declined/i.test(first.element.shadowRoot!.textContent!));

    await readyToPay(second.element);
    fillCard(mountOf(second.element, 'stripe')!, { number: '4242 4242 4242 4242' });
    payButton(second.element)!.click();
    await second.first('relais-payment-succeeded');

    const learnt = await first.first('relais-payment-succeeded');
    expect(learnt.detail).to.include({ orderId, provider: 'stripe' });
    await waitFor(() => inShadow(first.element, '[part="result"].succeeded'));
    expect(first.element.shadowRoot!.textContent).not.to.match(/nothing was charged/i);
    expect(charges(await ledger(endpoint, orderId)), 'one charge for the order').to.equal(1);
  });
});
