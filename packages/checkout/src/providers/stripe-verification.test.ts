/**
 * The double-charge trap at provider level: a confirmation whose answer was lost is verified with
 * Stripe and the merchant before anything else is offered. Real @stripe/stripe-js loader, the
 * Stripe.js stand-in on its real URL, the real merchant API (sandbox) behind a test endpoint.
 */
import { expect } from '@open-wc/testing';
import { configureSandbox, type StripeFault } from '@relais/sandbox';
import { fillCard, mountPoint } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { parseConfig } from '../config.js';
import { MerchantOrder } from '../merchant-order.js';
import type { Order } from '../order.js';
import type { PaymentOutcome, ProviderContext } from './provider.js';
import { StripeProvider } from './stripe.js';
import { scriptFaults, testEndpoint } from '../../../../test/api.js';
import { charges, confirmIntent, ledger, fetchesOf, watchFetch, type SeenCall, mountedAdapters } from '../../../../test/payments.js';

const signal = () => new AbortController().signal;

/** A Stripe provider mounted in the page, as the element would have it, for one order. */
async function stripeFor(endpoint: string, orderId: string): Promise<{ provider: StripeProvider; context: ProviderContext; pay(): Promise<PaymentOutcome> }> {
  const parsed = parseConfig({ amount: '4990', currency: 'EUR', providers: 'stripe', endpoint, 'stripe-key': 'pk_test_relais', lang: 'en' });
  if (!parsed.ok) throw new Error('test configuration rejected');
  const order: Order = { orderId, amount: 4990, currency: 'EUR', method: 'stripe' };
  const host = mountPoint();
  const context: ProviderContext = { config: parsed.config, order, merchant: new MerchantOrder(parsed.config.endpoint, order), host, requestPay: () => undefined };
  const provider = new StripeProvider();
  await provider.load(context);
  const target = mountPoint();
  await provider.mount(target, context, signal());
  fillCard(target, { number: '4242 4242 4242 4242' });
  return { provider, context, pay: () => provider.pay(context, signal()) };
}

const confirmations = (calls: SeenCall[]) => calls.filter((call) => call.method === 'POST' && call.url.endsWith('/confirm'));
const statusCalls = (calls: SeenCall[]) => calls.filter((call) => call.url.endsWith('/stripe/payment-intents/status')).map((call) => JSON.parse(call.body));
const isRetrieve = (call: SeenCall) => call.method === 'GET' && call.url.includes('/sandbox/stripe/payment_intents/');

describe('Stripe verification after a confirmation whose outcome is unknown', () => {
  let endpoint: string;
  let orderId: string;
  const useFault = (fault: StripeFault) => configureSandbox({ apiBase: `${endpoint}/sandbox`, stripe: { fault } });

  before(() => routeProvider('stripe', 'stand-in'));
  after(() => resetProviderRoutes());
  beforeEach(() => {
    endpoint = testEndpoint();
    orderId = crypto.randomUUID();
    useFault('none');
  });
  const mounted = mountedAdapters(() => stripeFor(endpoint, orderId));

  it('confirm "failed" but the card was charged: verify reports the payment, and the card was charged once', async () => {
    const { provider, context, pay } = await mounted();
    useFault('lost-answer');
    const network = watchFetch();
    try {
      const lost = await pay();
      expect(lost.status).to.equal('outcome-unknown');
      const outcome = await provider.verify(context, signal());
      const [intent] = (await ledger(endpoint, orderId)).stripe;
      expect(outcome).to.deep.equal({ status: 'succeeded', reference: intent!.id });
    } finally {
      network.restore();
    }
    expect(confirmations(network.calls), 'one confirmation, none during verification').to.have.length(1);
    expect(network.calls.some(isRetrieve), 'Stripe was asked too').to.equal(true);
    expect(statusCalls(network.calls), 'nothing canceled').to.deep.equal([{ orderId }]);
    const entries = await ledger(endpoint, orderId);
    expect(entries.stripe.map((intent) => intent.status)).to.deep.equal(['succeeded']);
    expect(charges(entries)).to.equal(1);
  });

  it('confirm failed before reaching Stripe: the server cancels the unpaid intent, then nothing-charged lets the next method in', async () => {
    const { provider, context, pay } = await mounted();
    useFault('api-5xx');
    expect((await pay()).status).to.equal('outcome-unknown');
    const network = await fetchesOf(() => provider.verify(context, signal()));
    const outcome: PaymentOutcome = network.value;
    expect(outcome.status).to.equal('unavailable');
    expect(outcome.status === 'unavailable' && outcome.error.code).to.equal('api-unavailable');
    expect(statusCalls(network.calls)).to.deep.equal([{ orderId }, { orderId, cancel: true }]);
    const entries = await ledger(endpoint, orderId);
    expect(entries.stripe.map((intent) => intent.status)).to.deep.equal(['canceled']);
    expect(charges(entries)).to.equal(0);
  });

  it('neither Stripe nor the merchant answers: the outcome stays unknown and nothing is canceled', async () => {
    const { provider, context, pay } = await mounted();
    useFault('api-5xx');
    expect((await pay()).status).to.equal('outcome-unknown');
    await scriptFaults(endpoint, { method: 'POST', path: '/stripe/payment-intents/status', responses: [{ status: 503 }, { status: 503 }] });
    // The stand-in's retrievePaymentIntent ignores sandbox faults: cut its request instead.
    const network = watchFetch(isRetrieve);
    let outcome: PaymentOutcome;
    try {
      outcome = await provider.verify(context, signal());
    } finally {
      network.restore();
    }
    expect(network.calls.some(isRetrieve), 'Stripe was asked').to.equal(true);
    expect(outcome.status).to.equal('outcome-unknown');
    expect(outcome.status === 'outcome-unknown' && outcome.error.code).to.equal('outcome-unknown');
    expect((await ledger(endpoint, orderId)).stripe.map((intent) => intent.status)).to.deep.equal(['requires_payment_method']);
  });

  it('Stripe says unpaid but the merchant cannot cancel: still unknown, never "switch"', async () => {
    const { provider, context, pay } = await mounted();
    useFault('api-5xx');
    expect((await pay()).status).to.equal('outcome-unknown');
    await scriptFaults(endpoint, { method: 'POST', path: '/stripe/payment-intents/status', responses: Array.from({ length: 4 }, () => ({ status: 503 })) });
    expect((await provider.verify(context, signal())).status).to.equal('outcome-unknown');
    expect((await ledger(endpoint, orderId)).stripe.map((intent) => intent.status)).to.deep.equal(['requires_payment_method']);
  });

  it('Stripe.js unreachable: the merchant alone tells a lost-answer payment succeeded', async () => {
    const { provider, context, pay } = await mounted();
    useFault('lost-answer');
    expect((await pay()).status).to.equal('outcome-unknown');
    const network = watchFetch(isRetrieve);
    try {
      expect((await provider.verify(context, signal())).status).to.equal('succeeded');
    } finally {
      network.restore();
    }
  });

  it('the order was paid elsewhere (409 already-paid): pay reports that payment, not an outage, and does not confirm', async () => {
    const first = await mounted();
    const paid = await first.pay();
    expect(paid.status).to.equal('succeeded');
    const second = await mounted();
    const network = await fetchesOf(() => second.pay());
    const outcome: PaymentOutcome = network.value;
    expect(outcome).to.deep.equal(paid);
    expect(confirmations(network.calls)).to.have.length(0);
    expect(charges(await ledger(endpoint, orderId))).to.equal(1);
  });

  it('two payers of one order take turns: the second creates only after the first confirmed, and reports its payment; one charge', async () => {
    const a = await mounted();
    const b = await mounted();
    const network = await fetchesOf(() => Promise.all([a.pay(), b.pay()]));
    const outcomes: PaymentOutcome[] = network.value;
    const steps = network.calls
      .filter((call) => call.method === 'POST' && (call.url.endsWith('/stripe/payment-intents') || call.url.endsWith('/confirm')))
      .map((call) => (call.url.endsWith('/confirm') ? 'confirm' : 'create'));
    expect(steps).to.deep.equal(['create', 'confirm', 'create']);
    expect(outcomes[0]!.status).to.equal('succeeded');
    expect(outcomes[1]).to.deep.equal(outcomes[0]);
    expect(charges(await ledger(endpoint, orderId))).to.equal(1);
  });

  it('another payer (a device without the lock) confirms first: this confirmation is refused and reports that payment; one charge', async () => {
    const { pay } = await mounted();
    const original = window.fetch;
    // Just before this page's confirmation leaves, the other device's one lands on the fake Stripe.
    let raced = false;
    window.fetch = async (input, init) => {
      const request = new Request(input, init);
      if (!raced && request.method === 'POST' && request.url.endsWith('/confirm')) {
        raced = true;
        const { client_secret: secret } = JSON.parse(await request.clone().text()) as { client_secret: string };
        expect(await confirmIntent(endpoint, secret)).to.equal(200);
      }
      return original(request);
    };
    let outcome: PaymentOutcome;
    try {
      outcome = await pay();
    } finally {
      window.fetch = original;
    }
    const entries = await ledger(endpoint, orderId);
    expect(outcome).to.deep.equal({ status: 'succeeded', reference: entries.stripe[0]!.id });
    expect(charges(entries)).to.equal(1);
  });
});
