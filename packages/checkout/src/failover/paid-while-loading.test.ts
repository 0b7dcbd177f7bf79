/**
 * Found by the chaos journeys (seed 20261210, path 4:0): a tab learnt that its order was paid
 * (another tab paid it) while the method it was on still loaded; that method then missed its
 * budget, and the tab moved on and said "PayPal is not responding. Nothing was charged" above
 * "Payment accepted".
 */
import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { mountOf, payButton, providerCheckout, readyToPay } from '../../../../test/checkout.js';
import { testEndpoint } from '../../../../test/api.js';
import { charges, ledger } from '../../../../test/payments.js';
import { inShadow, waitFor } from '../../../../test/dom.js';

const LOAD_TIMEOUT = 8000;

describe('an order paid while a method still loads', () => {
  before(() => resetProviderRoutes());
  afterEach(() => delete window.__relaisSandbox);

  it('the tab shows the payment; the method missing its budget afterwards changes nothing and reports nothing', async () => {
    const endpoint = testEndpoint();
    const orderId = `shop-${crypto.randomUUID()}`;
    // PayPal's SDK never gets ready here: a tab on it waits until its budget.
    const sandbox = { paypal: { fault: 'slow' as const, slowMs: 60_000 } };
    const waiting = await providerCheckout({ providers: 'stripe paypal', paypal: 'stand-in', stripe: 'stand-in', endpoint, loadTimeout: LOAD_TIMEOUT, sandbox });
    const paying = await providerCheckout({ providers: 'stripe', stripe: 'stand-in', endpoint, sandbox });
    waiting.element.orderId = orderId;
    paying.element.orderId = orderId;

    // The waiting tab records the order (a declined card), then the shopper picks PayPal, which loads.
    await readyToPay(waiting.element);
    fillCard(mountOf(waiting.element, 'stripe')!, { number: '4000 0000 0000 0002' });
    payButton(waiting.element)!.click();
    await waiting.first('relais-payment-declined');
    inShadow<HTMLInputElement>(waiting.element, 'input[name="method"][value="paypal"]')!.click();
    const budgetEnds = performance.now() + LOAD_TIMEOUT;

    await readyToPay(paying.element);
    fillCard(mountOf(paying.element, 'stripe')!, { number: '4242 4242 4242 4242' });
    payButton(paying.element)!.click();
    const learnt = await waiting.first('relais-payment-succeeded', LOAD_TIMEOUT);
    expect(learnt.detail).to.include({ orderId, provider: 'stripe' });
    expect(performance.now(), 'paid before PayPal missed its budget (else this test proves nothing)').to.be.below(budgetEnds);
    await waitFor(() => inShadow(waiting.element, '[part="result"].succeeded'));

    // What is checked is an absence: PayPal's budget must have passed first.
    await waitFor(() => performance.now() > budgetEnds + 500, LOAD_TIMEOUT + 2000);
    const after = waiting.events.slice(waiting.events.indexOf(learnt) + 1).map((event) => event.type);
    expect(after, 'no incident and no change of method for a paid order').to.deep.equal([]);
    expect(inShadow(waiting.element, '[part="notice"]')?.textContent?.trim() ?? '').to.equal('');
    expect(waiting.element.shadowRoot!.textContent).not.to.match(/nothing was charged|not responding/i);
    expect(charges(await ledger(endpoint, orderId)), 'one charge for the order').to.equal(1);
  });
});
