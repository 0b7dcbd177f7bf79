/**
 * A PayPal capture whose answer was lost, verified before anything else is offered. Real
 * @paypal/paypal-js v6 loader, the PayPal stand-in on its real URL (approval given at once), the
 * real merchant API (sandbox) with its fault script.
 */
import { expect } from '@open-wc/testing';
import { configureSandbox } from '@relais/sandbox';
import { mountPoint } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { parseConfig } from '../config.js';
import { MerchantOrder } from '../merchant-order.js';
import type { Order } from '../order.js';
import { PayPalProvider } from './paypal.js';
import type { PaymentOutcome, ProviderContext } from './provider.js';
import { resetFaults, scriptFaults, testEndpoint } from '../../../../test/api.js';
import { charges, createPayPalOrder, faultRule, ledger, lostAnswers, unreachable, fetchesOf, type SeenCall, mountedAdapters } from '../../../../test/payments.js';

const signal = () => new AbortController().signal;

async function paypalFor(endpoint: string, orderId: string) {
  const parsed = parseConfig({ amount: '4990', currency: 'EUR', providers: 'paypal', endpoint, 'paypal-client-id': 'sb-relais', 'paypal-environment': 'sandbox', lang: 'en' });
  if (!parsed.ok) throw new Error('test configuration rejected');
  const order: Order = { orderId, amount: 4990, currency: 'EUR', method: 'paypal' };
  const context: ProviderContext = { config: parsed.config, order, merchant: new MerchantOrder(parsed.config.endpoint, order), host: mountPoint(), requestPay: () => undefined };
  const provider = new PayPalProvider();
  await provider.load(context);
  await provider.mount(mountPoint(), context);
  return { provider, context, pay: () => provider.pay(context, signal()) };
}

const captureCalls = (calls: SeenCall[]) => calls.filter((call) => call.url.endsWith('/capture'));

describe('PayPal verification after a capture whose outcome is unknown', () => {
  let endpoint: string;
  let orderId: string;

  before(() => routeProvider('paypal', 'stand-in'));
  after(() => resetProviderRoutes());
  beforeEach(() => {
    endpoint = testEndpoint();
    orderId = crypto.randomUUID();
    configureSandbox({ apiBase: `${endpoint}/sandbox`, paypal: { approval: 'auto' } });
  });
  const mounted = mountedAdapters(() => paypalFor(endpoint, orderId));

  it('capture answer lost after PayPal captured: verify reports the payment, captured once', async () => {
    const { provider, context, pay } = await mounted();
    const id = await createPayPalOrder(endpoint, orderId);
    await scriptFaults(endpoint, faultRule('POST', `/paypal/orders/${id}/capture`, lostAnswers));
    expect((await pay()).status).to.equal('outcome-unknown');
    await resetFaults(endpoint);
    const network = await fetchesOf(() => provider.verify(context, signal()));
    const outcome: PaymentOutcome = network.value;
    const entries = await ledger(endpoint, orderId);
    expect(outcome).to.deep.equal({ status: 'succeeded', reference: entries.paypal[0]!.captureId });
    expect(captureCalls(network.calls), 'PayPal says COMPLETED: no capture during verification').to.have.length(0);
    expect(entries.paypal.map((order) => order.status)).to.deep.equal(['COMPLETED']);
    expect(charges(entries)).to.equal(1);
  });

  it('capture never reached the merchant: verify finds the order approved and captures it, once', async () => {
    const { provider, context, pay } = await mounted();
    const id = await createPayPalOrder(endpoint, orderId);
    await scriptFaults(endpoint, faultRule('POST', `/paypal/orders/${id}/capture`, unreachable));
    expect((await pay()).status).to.equal('outcome-unknown');
    expect(charges(await ledger(endpoint, orderId))).to.equal(0);
    await resetFaults(endpoint);
    const outcome = await provider.verify(context, signal());
    const entries = await ledger(endpoint, orderId);
    expect(outcome).to.deep.equal({ status: 'succeeded', reference: entries.paypal[0]!.captureId });
    expect(charges(entries)).to.equal(1);
  });

  it('status unreachable: the outcome stays unknown and nothing is captured', async () => {
    const { provider, context, pay } = await mounted();
    const id = await createPayPalOrder(endpoint, orderId);
    await scriptFaults(endpoint, faultRule('POST', `/paypal/orders/${id}/capture`, unreachable));
    await scriptFaults(endpoint, faultRule('POST', '/paypal/orders/status', unreachable));
    expect((await pay()).status).to.equal('outcome-unknown');
    expect((await provider.verify(context, signal())).status).to.equal('outcome-unknown');
    expect(charges(await ledger(endpoint, orderId))).to.equal(0);
  });

  it('two payers of one order take turns: the second creates only after the first captured, and reports its payment', async () => {
    const a = await mounted();
    const b = await mounted();
    const network = await fetchesOf(() => Promise.all([a.pay(), b.pay()]));
    const outcomes: PaymentOutcome[] = network.value;
    const steps = network.calls
      .filter((call) => call.url.endsWith('/paypal/orders') || call.url.endsWith('/capture'))
      .map((call) => (call.url.endsWith('/capture') ? 'capture' : 'create'));
    expect(steps).to.deep.equal(['create', 'capture', 'create']);
    expect(outcomes[0]!.status).to.equal('succeeded');
    expect(outcomes[1]).to.deep.equal(outcomes[0]);
    expect(charges(await ledger(endpoint, orderId))).to.equal(1);
  });

  it('a payer that goes away mid-payment releases the order for the next one', async () => {
    configureSandbox({ apiBase: `${endpoint}/sandbox`, paypal: { approval: 'manual' } });
    const gone = await mounted();
    void gone.pay();
    // The approval dialog is open: the first payer holds the order.
    const dialog = await new Promise<HTMLDialogElement>((resolve) => {
      const poll = () => {
        const open = document.querySelector<HTMLDialogElement>('dialog[open]');
        if (open) resolve(open);
        else setTimeout(poll, 20);
      };
      poll();
    });
    expect(dialog).to.exist;
    gone.provider.destroy();
    configureSandbox({ apiBase: `${endpoint}/sandbox`, paypal: { approval: 'auto' } });
    const next = await mounted();
    expect((await next.pay()).status).to.equal('succeeded');
  });

  it('the order was paid elsewhere (409 already-paid): pay reports that payment, not an outage', async () => {
    const first = await mounted();
    const paid = await first.pay();
    expect(paid.status).to.equal('succeeded');
    const second = await mounted();
    const network = await fetchesOf(() => second.pay());
    const outcome: PaymentOutcome = network.value;
    expect(outcome).to.deep.equal(paid);
    expect(captureCalls(network.calls)).to.have.length(0);
    expect(charges(await ledger(endpoint, orderId))).to.equal(1);
  });
});
