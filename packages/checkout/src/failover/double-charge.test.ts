import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { checkedMethod, mountOf, payButton, providerCheckout, readyToPay, type Harness } from '../../../../test/checkout.js';
import { scriptFaults, testEndpoint } from '../../../../test/api.js';
import { charges, ledger, unreachable } from '../../../../test/payments.js';
import { inShadow, waitFor } from '../../../../test/dom.js';

async function payByCard(harness: Harness): Promise<void> {
  await readyToPay(harness.element);
  fillCard(mountOf(harness.element, 'stripe')!, { number: '4242 4242 4242 4242' });
  payButton(harness.element)!.click();
}

describe('the double-charge trap: a payment whose answer was lost', () => {
  beforeEach(() => resetProviderRoutes());
  afterEach(() => delete window.__relaisSandbox);

  it('confirm "fails" but the PaymentIntent succeeded → success, no second method, one charge', async () => {
    const harness = await providerCheckout({ stripe: 'stand-in', sandbox: { stripe: { fault: 'lost-answer' } } });
    await payByCard(harness);
    await waitFor(() => inShadow(harness.element, '[part="result"].succeeded'), 8000);
    expect(harness.of('relais-payment-pending')[0]!.detail.reason, 'it was verified first').to.equal('verifying');
    expect(harness.of('relais-provider-change')).to.have.length(0);
    expect(charges(await ledger(harness.endpoint, harness.element.orderId!))).to.equal(1);
  });

  it('confirm fails and the PaymentIntent is unpaid → cancelled, then PayPal, nothing charged', async () => {
    const harness = await providerCheckout({ stripe: 'stand-in', paypal: 'stand-in', sandbox: { stripe: { fault: 'api-5xx' } } });
    await payByCard(harness);
    const change = await harness.first('relais-provider-change', 8000);
    expect(change.detail).to.include({ from: 'stripe', to: 'paypal' });
    await waitFor(() => checkedMethod(harness.element) === 'PayPal');
    expect(inShadow(harness.element, '[part="notice"]')!.textContent).to.equal(
      'Your card payment did not go through and was cancelled: nothing was charged. You can pay by PayPal.',
    );
    const entries = await ledger(harness.endpoint, harness.element.orderId!);
    expect(entries.stripe.map((intent) => intent.status)).to.deep.equal(['canceled']);
    expect(charges(entries)).to.equal(0);
  });

  it('status unreachable → the payment shows as being verified and no second method is offered', async () => {
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'POST', path: '/stripe/payment-intents/status', responses: unreachable });
    // Stripe.js's own view is lost too: its retrieve call cannot reach the fake Stripe.
    const original = window.fetch;
    window.fetch = (input, init) =>
      String(input).includes('/sandbox/stripe/payment_intents/') && (init?.method ?? 'GET') === 'GET'
        ? Promise.reject(new TypeError('Failed to fetch'))
        : original(input, init);
    try {
      const harness = await providerCheckout({ endpoint, stripe: 'stand-in', sandbox: { stripe: { fault: 'api-5xx' } } });
      await payByCard(harness);
      const title = await waitFor(() => inShadow(harness.element, '[part="result"] .title'), 6000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(title.textContent).to.contain('verifying your payment');
      expect(inShadow(harness.element, 'fieldset'), 'no list of other methods').to.equal(null);
      expect(inShadow(harness.element, '[part="pay-button"]'), 'no pay button').to.equal(null);
      expect(harness.of('relais-provider-change')).to.have.length(0);
    } finally {
      window.fetch = original;
    }
  });
});

describe('one order, one payment', () => {
  beforeEach(() => resetProviderRoutes());

  it('two checkouts paying the same order at once make one authorization', async () => {
    const endpoint = testEndpoint();
    const first = await providerCheckout({ endpoint, providers: 'stripe bank-transfer', stripe: 'stand-in' });
    const second = await providerCheckout({ endpoint, providers: 'stripe bank-transfer' });
    second.element.orderId = first.element.orderId;
    await Promise.all([readyToPay(first.element), readyToPay(second.element)]);
    for (const harness of [first, second]) fillCard(mountOf(harness.element, 'stripe')!, { number: '4242 4242 4242 4242' });
    payButton(first.element)!.click();
    payButton(second.element)!.click();
    await waitFor(() => inShadow(first.element, '[part="result"].succeeded') && inShadow(second.element, '[part="result"].succeeded'), 10000);
    expect(charges(await ledger(endpoint, first.element.orderId!))).to.equal(1);
  });
});
