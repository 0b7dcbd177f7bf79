import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { checkedMethod, mountOf, payButton, providerCheckout, readyToPay } from '../../../../test/checkout.js';
import { serverOrders } from '../../../../test/api.js';
import { inShadow, waitFor } from '../../../../test/dom.js';
import { watchFetch } from '../../../../test/payments.js';

describe('Stripe Payment Element through the real loader', () => {
  before(() => resetProviderRoutes());

  it('takes a card payment: one PaymentIntent for the order, confirmed with its client secret', async () => {
    const { element, endpoint, of } = await providerCheckout({ stripe: 'stand-in' });
    await readyToPay(element);
    fillCard(mountOf(element, 'stripe')!, { number: '4242 4242 4242 4242' });
    const network = watchFetch();
    try {
      payButton(element)!.click();
      await waitFor(() => inShadow(element, '[part="result"].succeeded'), 6000);
    } finally {
      network.restore();
    }
    const creations = network.calls.filter((call) => call.url.endsWith('/stripe/payment-intents'));
    expect(creations).to.have.length(1);
    // The order is recorded first; the intent is asked for by order id alone, for the recorded amount.
    expect(JSON.parse(creations[0]!.body)).to.deep.equal({ orderId: element.orderId });
    const recorded = network.calls.findIndex((call) => call.url.endsWith('/orders'));
    expect(recorded).to.be.within(0, network.calls.indexOf(creations[0]!));
    expect(JSON.parse(network.calls[recorded]!.body)).to.include({ orderId: element.orderId, amount: 4990, currency: 'EUR', method: 'stripe' });
    const confirm = network.calls.find((call) => call.url.includes('/confirm'))!;
    expect(JSON.parse(confirm.body).client_secret).to.match(/^pi_sbx\w+_secret_\w+$/);
    expect(network.calls.map((call) => call.body).join(' '), 'no card number leaves the iframe').not.to.contain('4242');
    const succeeded = of('relais-payment-succeeded')[0]!;
    expect(succeeded.detail).to.include({ orderId: element.orderId, provider: 'stripe' });
    await waitFor(async () => (await serverOrders(endpoint)).length === 1);
    await waitFor(async () => (await serverOrders(endpoint))[0]?.answer.body['status'] === 'paid');
    const [order] = await serverOrders(endpoint);
    expect(order!.order, 'verified by the server with Stripe').to.include({ method: 'stripe', paymentReference: succeeded.detail.reference });
  });

  it('shows the decline and stays on the card form', async () => {
    const { element, of } = await providerCheckout({ stripe: 'stand-in' });
    await readyToPay(element);
    fillCard(mountOf(element, 'stripe')!, { number: '4000 0000 0000 0002' });
    payButton(element)!.click();
    const alert = await waitFor(() => inShadow(element, '[role="alert"]'), 6000);
    expect(alert.textContent).to.contain('Your card was declined.');
    expect(of('relais-provider-change')).to.have.length(0);
    expect(checkedMethod(element)).to.equal('Card');
    await readyToPay(element);
  });

  it('explains insufficient funds in the provider’s words', async () => {
    const { element } = await providerCheckout({ stripe: 'stand-in' });
    await readyToPay(element);
    fillCard(mountOf(element, 'stripe')!, { number: '4000 0000 0000 9995' });
    payButton(element)!.click();
    const alert = await waitFor(() => inShadow(element, '[role="alert"]'), 6000);
    expect(alert.textContent).to.contain('Your card has insufficient funds.');
  });

  it('treats a processing error as a decline the shopper can retry, not an outage', async () => {
    const { element, of } = await providerCheckout({ stripe: 'stand-in' });
    await readyToPay(element);
    fillCard(mountOf(element, 'stripe')!, { number: '4000 0000 0000 0119' });
    payButton(element)!.click();
    await waitFor(() => inShadow(element, '[role="alert"]'), 6000);
    expect(of('relais-payment-declined')).to.have.length(1);
    expect(of('relais-provider-change')).to.have.length(0);
  });

  it('keeps an incomplete card form on the page with Stripe’s validation message', async () => {
    const { element, of } = await providerCheckout({ stripe: 'stand-in' });
    await readyToPay(element);
    payButton(element)!.click();
    await waitFor(() => inShadow(element, '[role="alert"]'), 6000);
    expect(of('relais-provider-change')).to.have.length(0);
    expect(checkedMethod(element)).to.equal('Card');
  });

  it('updates the Payment Element when the amount changes before paying', async () => {
    const { element } = await providerCheckout({ stripe: 'stand-in' });
    await readyToPay(element);
    element.setAttribute('amount', '1250');
    await element.updateComplete;
    expect(payButton(element)!.textContent).to.contain('12.50');
    fillCard(mountOf(element, 'stripe')!, { number: '4242424242424242' });
    const network = watchFetch();
    try {
      payButton(element)!.click();
      await waitFor(() => inShadow(element, '[part="result"].succeeded'), 6000);
    } finally {
      network.restore();
    }
    const recorded = network.calls.find((call) => call.url.endsWith('/orders'))!;
    expect(JSON.parse(recorded.body).amount).to.equal(1250);
  });
});
