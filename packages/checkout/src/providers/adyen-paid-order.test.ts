/**
 * An order the shop numbers, paid by Adyen, then opened again (a reload, a second tab): the
 * merchant opens no new Adyen session for a paid order (409 `already-paid`). That is no outage of
 * Adyen: the page must show the order paid (verified by the merchant), never "Adyen is not
 * responding, nothing was charged" with another method offered.
 */
import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import type { RelaisCheckout } from '@relais/checkout/relais-checkout.js';
import { mountOf, payButton, providerCheckout, readyToPay } from '../../../../test/checkout.js';
import { serverOrders, testEndpoint } from '../../../../test/api.js';
import { charges, ledger } from '../../../../test/payments.js';
import { inShadow, waitFor } from '../../../../test/dom.js';

/** Everything the element showed, as it changed (a notice may be replaced before the end). */
function watchTexts(element: RelaisCheckout): string[] {
  const seen: string[] = [];
  const see = () => seen.push(element.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
  new MutationObserver(see).observe(element.shadowRoot!, { subtree: true, childList: true, characterData: true });
  return seen;
}

describe('an order already paid by Adyen, opened again', () => {
  before(() => resetProviderRoutes());
  afterEach(() => delete window.__relaisSandbox);

  async function paidByAdyen(endpoint: string, orderId: string) {
    const first = await providerCheckout({ providers: 'adyen bank-transfer', adyen: 'stand-in', endpoint });
    first.element.orderId = orderId;
    await readyToPay(first.element);
    fillCard(mountOf(first.element, 'adyen')!, { number: '4242 4242 4242 4242' });
    payButton(first.element)!.click();
    await first.first('relais-payment-succeeded');
    await waitFor(async () => (await serverOrders(endpoint)).some((order) => order.orderId === orderId && order.answer.body['status'] === 'paid'), 8000);
    first.element.remove();
  }

  it('shows the order paid (the merchant confirms it), never "nothing was charged", and offers no other method', async () => {
    const endpoint = testEndpoint();
    const orderId = `shop-${crypto.randomUUID()}`;
    await paidByAdyen(endpoint, orderId);

    const again = await providerCheckout({ providers: 'adyen bank-transfer', adyen: 'stand-in', endpoint });
    again.element.orderId = orderId;
    const seen = watchTexts(again.element);
    const learnt = await again.first('relais-payment-succeeded', 10_000);
    expect(learnt.detail).to.include({ orderId, provider: 'adyen' });
    await waitFor(() => inShadow(again.element, '[part="result"].succeeded'));
    expect(seen.filter((text) => /nothing was charged|not responding/i.test(text)), 'what the shopper read').to.deep.equal([]);
    expect(again.of('relais-provider-change'), 'no move to another method').to.have.length(0);
    expect(again.of('relais-incident'), 'Adyen is not blamed').to.have.length(0);
    expect(charges(await ledger(endpoint, orderId)), 'one charge for the order').to.equal(1);
  });

  it('the card method pressed before the merchant’s answer arrives reports the paid order, charging nothing more', async () => {
    const endpoint = testEndpoint();
    const orderId = `shop-${crypto.randomUUID()}`;
    await paidByAdyen(endpoint, orderId);

    const again = await providerCheckout({ providers: 'adyen', adyen: 'stand-in', endpoint });
    again.element.orderId = orderId;
    await waitFor(() => payButton(again.element) && !payButton(again.element)!.disabled ? true : again.of('relais-payment-succeeded')[0], 8000);
    payButton(again.element)?.click();
    const paid = await again.first('relais-payment-succeeded', 10_000);
    expect(paid.detail).to.include({ orderId, provider: 'adyen' });
    expect(again.element.shadowRoot!.textContent).not.to.match(/nothing was charged/i);
    expect(charges(await ledger(endpoint, orderId)), 'one charge for the order').to.equal(1);
  });
});
