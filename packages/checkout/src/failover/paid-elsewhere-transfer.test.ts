/**
 * Two tabs of one order (the merchant numbers it): the first one places it by bank transfer, the
 * second one then pays it by card. The first tab must not keep showing the transfer details: a
 * transfer sent now would pay the order twice. It learns, from the merchant, that the order is paid.
 */
import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { checkedMethod, mountOf, payButton, providerCheckout, readyToPay } from '../../../../test/checkout.js';
import { testEndpoint } from '../../../../test/api.js';
import { charges, ledger } from '../../../../test/payments.js';
import { inShadow, waitFor } from '../../../../test/dom.js';

describe('an order awaiting a transfer, paid by card in another tab', () => {
  before(() => resetProviderRoutes());
  afterEach(() => delete window.__relaisSandbox);

  it('the tab showing the transfer details shows the order paid (verified by the merchant) instead', async () => {
    const endpoint = testEndpoint();
    const orderId = `shop-${crypto.randomUUID()}`;
    const first = await providerCheckout({ providers: 'adyen bank-transfer', adyen: 'stand-in', endpoint });
    first.element.orderId = orderId;
    await readyToPay(first.element);
    inShadow<HTMLInputElement>(first.element, 'input[name="method"][value="bank-transfer"]')!.click();
    await first.element.updateComplete;
    // Its chunk loads when chosen: the button places the order once the method is ready.
    await waitFor(() => checkedMethod(first.element) === 'Bank' && inShadow(first.element, '[part="panel"][aria-busy="false"] [part="pay-button"]:not([disabled])'), 8000);
    payButton(first.element)!.click();
    const placed = await first.first('relais-payment-pending');
    expect(placed.detail).to.include({ orderId, reason: 'awaiting-transfer' });
    await waitFor(() => /awaiting your transfer/i.test(first.element.shadowRoot!.textContent!));

    const second = await providerCheckout({ providers: 'adyen', adyen: 'stand-in', endpoint });
    second.element.orderId = orderId;
    await readyToPay(second.element);
    fillCard(mountOf(second.element, 'adyen')!, { number: '4242 4242 4242 4242' });
    payButton(second.element)!.click();
    await second.first('relais-payment-succeeded');

    const learnt = await first.first('relais-payment-succeeded');
    expect(learnt.detail).to.include({ orderId, provider: 'adyen' });
    await waitFor(() => inShadow(first.element, '[part="result"].succeeded'));
    expect(first.element.shadowRoot!.textContent, 'no transfer details left').not.to.match(/awaiting your transfer|IBAN/i);
    expect(charges(await ledger(endpoint, orderId)), 'one charge for the order').to.equal(1);
  });
});
