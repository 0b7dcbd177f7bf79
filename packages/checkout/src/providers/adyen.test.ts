import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { checkedMethod, mountOf, payButton, providerCheckout, readyToPay } from '../../../../test/checkout.js';
import { scriptFaults, serverOrders, testEndpoint } from '../../../../test/api.js';
import { inShadow, waitFor } from '../../../../test/dom.js';
import { watchFetch } from '../../../../test/payments.js';

const ledger = async (endpoint: string, orderId: string) =>
  ((await (await fetch(`${endpoint}/sandbox/ledger/${orderId}`)).json()) as { adyen: Array<{ resultCode: string; amount: number }> }).adyen;

describe('Adyen Web Card (Sessions flow) through its CDN script and the stand-in', () => {
  before(() => resetProviderRoutes());
  afterEach(() => delete window.__relaisSandbox);

  it('pays with a test card: one session for the recorded order, paid only once the server verified it', async () => {
    const { element, endpoint, of } = await providerCheckout({ providers: 'adyen bank-transfer', adyen: 'stand-in' });
    const network = watchFetch();
    try {
      await readyToPay(element);
      fillCard(mountOf(element, 'adyen')!, { number: '4242 4242 4242 4242' });
      payButton(element)!.click();
      await waitFor(() => inShadow(element, '[part="result"].succeeded'), 8000);
    } finally {
      network.restore();
    }
    const sessions = network.calls.filter((call) => call.url.endsWith('/adyen/sessions'));
    expect(sessions).to.have.length(1);
    // One round trip to the merchant before Adyen Web: the order is recorded on the session's way.
    expect(JSON.parse(sessions[0]!.body).order).to.include({ orderId: element.orderId, amount: 4990 });
    const before = network.calls.slice(0, network.calls.indexOf(sessions[0]!));
    expect(before.filter((call) => call.url.endsWith('/orders')), 'no POST /orders before it').to.have.length(0);
    expect(network.calls.map((call) => call.body).join(' '), 'no card number leaves the card frame').not.to.contain('4242');
    const succeeded = of('relais-payment-succeeded')[0]!;
    expect(succeeded.detail).to.include({ orderId: element.orderId, provider: 'adyen' });
    await waitFor(async () => (await serverOrders(endpoint))[0]?.answer.body['status'] === 'paid');
    const [order] = await serverOrders(endpoint);
    expect(order!.order, 'verified by the server with Adyen').to.include({ method: 'adyen', paymentReference: succeeded.detail.reference });
    const charges = await ledger(endpoint, element.orderId!);
    expect(charges.map(({ resultCode, amount }) => ({ resultCode, amount }))).to.deep.equal([{ resultCode: 'Authorised', amount: 4990 }]);
  });

  it('records the order, then opens the session, with a merchant API that takes no order with the session', async () => {
    const endpoint = testEndpoint();
    // As a merchant API of its own would answer a body it does not know (or an older relais-server).
    await scriptFaults(endpoint, { method: 'POST', path: '/adyen/sessions', responses: [{ status: 400, body: { error: 'invalid-request', field: 'order' } }] });
    const network = watchFetch();
    try {
      const { element } = await providerCheckout({ providers: 'adyen bank-transfer', adyen: 'stand-in', endpoint });
      await readyToPay(element);
      expect(checkedMethod(element)).to.equal('Card');
      const steps = network.calls.filter((call) => /\/(orders|adyen\/sessions)$/.test(call.url)).map((call) => [call.url.replace(endpoint, ''), Object.keys(JSON.parse(call.body))]);
      expect(steps).to.deep.equal([
        ['/adyen/sessions', ['order', 'returnUrl']],
        ['/orders', Object.keys(JSON.parse(network.calls.find((call) => call.url.endsWith('/orders'))!.body))],
        ['/adyen/sessions', ['orderId', 'returnUrl']],
      ]);
    } finally {
      network.restore();
    }
  });

  it('shows a refusal and stays on Adyen’s card form, never switching', async () => {
    const { element, endpoint, of } = await providerCheckout({ providers: 'adyen bank-transfer', adyen: 'stand-in' });
    await readyToPay(element);
    fillCard(mountOf(element, 'adyen')!, { number: '4000 0000 0000 0002' });
    payButton(element)!.click();
    await waitFor(() => inShadow(element, '[role="alert"]'), 8000);
    expect(of('relais-payment-declined')[0]!.detail).to.include({ provider: 'adyen' });
    expect(of('relais-provider-change')).to.have.length(0);
    expect(checkedMethod(element)).to.equal('Card');
    await readyToPay(element);
    const [order] = await serverOrders(endpoint);
    expect(order!.answer.body['status'], 'a refusal is not paid').to.equal('pending');
  });

  it('keeps an incomplete card on the form without submitting anything', async () => {
    const { element, endpoint, of } = await providerCheckout({ providers: 'adyen bank-transfer', adyen: 'stand-in' });
    await readyToPay(element);
    payButton(element)!.click();
    await waitFor(() => of('relais-payment-declined')[0], 6000);
    expect(of('relais-provider-change')).to.have.length(0);
    expect(await ledger(endpoint, element.orderId!)).to.have.length(0);
  });

  it('verifies a lost answer with the server before offering anything else, and shows it paid', async () => {
    const { element, endpoint, of } = await providerCheckout({
      providers: 'adyen bank-transfer', adyen: 'stand-in', sandbox: { adyen: { fault: 'lost-answer' } },
    });
    await readyToPay(element);
    fillCard(mountOf(element, 'adyen')!, { number: '4242 4242 4242 4242' });
    payButton(element)!.click();
    const pending = await waitFor(() => of('relais-payment-pending')[0], 8000);
    expect(pending.detail).to.include({ provider: 'adyen', reason: 'verifying' });
    const succeeded = await waitFor(() => of('relais-payment-succeeded')[0], 10000);
    expect(succeeded.detail).to.include({ provider: 'adyen' });
    expect(of('relais-provider-change'), 'no second method while the outcome was unknown').to.have.length(0);
    const charges = (await ledger(endpoint, element.orderId!)).filter((payment) => payment.resultCode === 'Authorised');
    expect(charges, 'charged once').to.have.length(1);
    await waitFor(async () => (await serverOrders(endpoint))[0]?.answer.body['status'] === 'paid');
  });

  it('gives a cart changed after the form showed a new session for the new amount, never paying the old one', async () => {
    const { element, endpoint, of } = await providerCheckout({ providers: 'adyen bank-transfer', adyen: 'stand-in' });
    await readyToPay(element);
    const first = element.orderId!;
    const network = watchFetch();
    try {
      element.setAttribute('amount', '1250');
      await waitFor(() => network.calls.some((call) => call.url.endsWith('/adyen/sessions')), 6000);
      await waitFor(() => mountOf(element, 'adyen')?.querySelector('iframe')?.contentDocument?.getElementById('number'), 6000);
    } finally {
      network.restore();
    }
    expect(element.orderId, 'a new order for the new cart').to.not.equal(first);
    fillCard(mountOf(element, 'adyen')!, { number: '4242 4242 4242 4242' });
    payButton(element)!.click();
    await waitFor(() => of('relais-payment-succeeded')[0], 8000);
    const charges = await ledger(endpoint, element.orderId!);
    expect(charges.map(({ amount }) => amount)).to.deep.equal([1250]);
    expect(await ledger(endpoint, first), 'the old session took nothing').to.have.length(0);
  });

  it('moves on when the session cannot start (Adyen’s API down before anything was submitted)', async () => {
    const { element, of } = await providerCheckout({
      providers: 'adyen bank-transfer', adyen: 'stand-in', sandbox: { adyen: { fault: 'api-5xx' } },
    });
    const change = await waitFor(() => of('relais-provider-change')[0], 8000);
    expect(change.detail).to.include({ from: 'adyen', to: 'bank-transfer', reason: 'element-load-error' });
    await readyToPay(element);
    expect(checkedMethod(element)).to.equal('Bank');
  });
});
