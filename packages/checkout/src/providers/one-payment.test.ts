/**
 * One order, one payment across providers: two payers of one order id (two tabs), one by card
 * and one with PayPal. Real loaders and stand-ins, the real merchant API.
 */
import { expect } from '@open-wc/testing';
import { configureSandbox } from '@relais/sandbox';
import { fillCard, mountPoint } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { parseConfig } from '../config.js';
import { MerchantOrder } from '../merchant-order.js';
import type { Order } from '../order.js';
import { PayPalProvider } from './paypal.js';
import type { PaymentOutcome, Provider, ProviderContext } from './provider.js';
import { StripeProvider } from './stripe.js';
import { testEndpoint } from '../../../../test/api.js';
import { charges, ledger, watchFetch } from '../../../../test/payments.js';

const signal = () => new AbortController().signal;

async function payer(provider: Provider, endpoint: string, orderId: string): Promise<() => Promise<PaymentOutcome>> {
  const parsed = parseConfig({
    amount: '4990', currency: 'EUR', providers: provider.id, endpoint, lang: 'en',
    'stripe-key': 'pk_test_relais', 'paypal-client-id': 'sb-relais', 'paypal-environment': 'sandbox',
  });
  if (!parsed.ok) throw new Error('test configuration rejected');
  const order: Order = { orderId, amount: 4990, currency: 'EUR', method: provider.id as Order['method'] };
  const context: ProviderContext = { config: parsed.config, order, merchant: new MerchantOrder(parsed.config.endpoint, order), host: mountPoint(), requestPay: () => undefined };
  await provider.load(context, signal());
  const target = mountPoint();
  await provider.mount(target, context, signal());
  if (provider.id === 'stripe') fillCard(target, { number: '4242 4242 4242 4242' });
  return () => provider.pay(context, signal());
}

describe('one order paid by card in one tab and with PayPal in another', () => {
  let endpoint: string;
  let orderId: string;
  let providers: Provider[];

  before(async () => {
    await routeProvider('stripe', 'stand-in');
    await routeProvider('paypal', 'stand-in');
  });
  after(() => resetProviderRoutes());
  beforeEach(() => {
    endpoint = testEndpoint();
    orderId = crypto.randomUUID();
    providers = [new StripeProvider(), new PayPalProvider()];
    configureSandbox({ apiBase: `${endpoint}/sandbox`, paypal: { approval: 'auto' } });
  });
  afterEach(() => {
    for (const provider of providers) provider.destroy();
    delete window.__relaisSandbox;
  });

  it('card first: the PayPal payer reports the card payment, and PayPal never captures', async () => {
    const [card, paypal] = await Promise.all([payer(providers[0]!, endpoint, orderId), payer(providers[1]!, endpoint, orderId)]);
    const network = watchFetch();
    let outcomes: PaymentOutcome[];
    try {
      outcomes = [await card(), await paypal()];
    } finally {
      network.restore();
    }
    const entries = await ledger(endpoint, orderId);
    expect(outcomes[0]).to.deep.equal({ status: 'succeeded', reference: entries.stripe[0]!.id });
    expect(outcomes[1]).to.deep.equal(outcomes[0]);
    expect(entries.paypal, 'PayPal never heard of the order').to.deep.equal([]);
    expect(network.calls.filter((call) => call.url.endsWith('/capture'))).to.have.length(0);
    expect(charges(entries)).to.equal(1);
  });

  it('PayPal first: the card payer reports the PayPal payment, and nothing is confirmed with Stripe', async () => {
    const [card, paypal] = await Promise.all([payer(providers[0]!, endpoint, orderId), payer(providers[1]!, endpoint, orderId)]);
    const network = watchFetch();
    let outcomes: PaymentOutcome[];
    try {
      outcomes = [await paypal(), await card()];
    } finally {
      network.restore();
    }
    const entries = await ledger(endpoint, orderId);
    expect(outcomes[0]).to.deep.equal({ status: 'succeeded', reference: entries.paypal[0]!.captureId });
    expect(outcomes[1]).to.deep.equal(outcomes[0]);
    expect(entries.stripe, 'no PaymentIntent was created').to.deep.equal([]);
    expect(network.calls.filter((call) => call.url.endsWith('/confirm'))).to.have.length(0);
    expect(charges(entries)).to.equal(1);
  });

  it('both at once: they take turns, one is paid and the other reports that payment; one charge', async () => {
    const [card, paypal] = await Promise.all([payer(providers[0]!, endpoint, orderId), payer(providers[1]!, endpoint, orderId)]);
    const outcomes = await Promise.all([card(), paypal()]);
    expect(outcomes[0]!.status).to.equal('succeeded');
    expect(outcomes[1]).to.deep.equal(outcomes[0]);
    expect(charges(await ledger(endpoint, orderId))).to.equal(1);
  });
});
