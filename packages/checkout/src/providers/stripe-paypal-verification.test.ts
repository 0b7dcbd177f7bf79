import { expect } from '@open-wc/testing';
import { verifyPayPalOrder, verifyStripeOrder } from './stripe-paypal-verification.js';
import { scriptFaults, testEndpoint } from '../../../../test/api.js';
import { approvePayPal, charges, confirmIntent, createIntent, createPayPalOrder, faultRule, ledger, orderRef, recordOrder, unreachable, watchFetch } from '../../../../test/payments.js';

const signal = () => new AbortController().signal;
const newOrder = () => crypto.randomUUID();

describe('verifyStripeOrder and verifyPayPalOrder: the return visit asks the merchant alone, by order id', () => {
  describe('stripe', () => {
    it('a paid order is reported paid, with its PaymentIntent id, and nothing is canceled', async () => {
      const endpoint = testEndpoint();
      const orderId = newOrder();
      const secret = await createIntent(endpoint, orderId);
      expect(await confirmIntent(endpoint, secret)).to.equal(200);
      const outcome = await verifyStripeOrder(orderRef(endpoint, orderId), signal());
      expect(outcome).to.deep.equal({ status: 'succeeded', reference: secret.split('_secret_')[0] });
      expect((await ledger(endpoint, orderId)).stripe.map((intent) => intent.status)).to.deep.equal(['succeeded']);
    });

    it('an unpaid order is canceled by the server first, then reported as nothing charged', async () => {
      const endpoint = testEndpoint();
      const orderId = newOrder();
      const secret = await createIntent(endpoint, orderId);
      const outcome = await verifyStripeOrder(orderRef(endpoint, orderId), signal());
      expect(outcome.status).to.equal('unavailable');
      expect(outcome.status === 'unavailable' && outcome.error.code).to.equal('api-unavailable');
      expect((await ledger(endpoint, orderId)).stripe.map((intent) => intent.status)).to.deep.equal(['canceled']);
      // The old client secret can no longer charge: the switch to another method is safe.
      expect(await confirmIntent(endpoint, secret)).to.equal(400);
      expect(charges(await ledger(endpoint, orderId))).to.equal(0);
    });

    it('an order the merchant never created an intent for is reported as nothing charged', async () => {
      const endpoint = testEndpoint();
      const orderId = newOrder();
      await recordOrder(endpoint, orderId);
      const outcome = await verifyStripeOrder(orderRef(endpoint, orderId), signal());
      expect(outcome.status).to.equal('unavailable');
    });

    it('an order this page never recorded is nothing charged, and the merchant is not even asked', async () => {
      const network = watchFetch();
      try {
        const outcome = await verifyStripeOrder(orderRef(testEndpoint(), newOrder()), signal());
        expect(outcome.status).to.equal('unavailable');
      } finally {
        network.restore();
      }
      expect(network.calls).to.deep.equal([]);
    });

    it('a merchant that does not answer leaves the outcome unknown', async () => {
      const endpoint = testEndpoint();
      const orderId = newOrder();
      await createIntent(endpoint, orderId);
      await scriptFaults(endpoint, { method: 'POST', path: '/stripe/payment-intents/status', responses: [{ status: 503 }, { status: 503 }] });
      const outcome = await verifyStripeOrder(orderRef(endpoint, orderId), signal());
      expect(outcome.status).to.equal('outcome-unknown');
      expect(outcome.status === 'outcome-unknown' && outcome.error.code).to.equal('outcome-unknown');
      expect((await ledger(endpoint, orderId)).stripe.map((intent) => intent.status)).to.deep.equal(['requires_payment_method']);
    });

    it('sends the order id only: no client secret leaves the page', async () => {
      const endpoint = testEndpoint();
      const orderId = newOrder();
      await createIntent(endpoint, orderId);
      const network = watchFetch();
      try {
        await verifyStripeOrder(orderRef(endpoint, orderId), signal());
      } finally {
        network.restore();
      }
      expect(network.calls.map((call) => JSON.parse(call.body))).to.deep.equal([{ orderId }, { orderId, cancel: true }]);
    });
  });

  describe('paypal', () => {
    it('a captured order is reported paid with its capture id', async () => {
      const endpoint = testEndpoint();
      const orderId = newOrder();
      const id = await createPayPalOrder(endpoint, orderId);
      await approvePayPal(endpoint, id);
      const secret = await recordOrder(endpoint, orderId, 'paypal');
      const captured = await (await fetch(`${endpoint}/paypal/orders/${id}/capture`, { method: 'POST', headers: { 'relais-order-secret': secret } })).json();
      const outcome = await verifyPayPalOrder(orderRef(endpoint, orderId), signal());
      expect(outcome).to.deep.equal({ status: 'succeeded', reference: captured.captureId });
    });

    it('an approved order whose capture never happened is captured once, then reported paid', async () => {
      const endpoint = testEndpoint();
      const orderId = newOrder();
      const id = await createPayPalOrder(endpoint, orderId);
      await approvePayPal(endpoint, id);
      const outcome = await verifyPayPalOrder(orderRef(endpoint, orderId), signal());
      const [order] = (await ledger(endpoint, orderId)).paypal;
      expect(outcome).to.deep.equal({ status: 'succeeded', reference: order!.captureId });
      expect(charges(await ledger(endpoint, orderId))).to.equal(1);
    });

    it('an order the shopper never approved is reported as nothing charged, and not captured', async () => {
      const endpoint = testEndpoint();
      const orderId = newOrder();
      await createPayPalOrder(endpoint, orderId);
      expect((await verifyPayPalOrder(orderRef(endpoint, orderId), signal())).status).to.equal('unavailable');
      expect((await ledger(endpoint, orderId)).paypal.map((order) => order.status)).to.deep.equal(['CREATED']);
    });

    it('an order PayPal never saw is reported as nothing charged', async () => {
      const endpoint = testEndpoint();
      const orderId = newOrder();
      await recordOrder(endpoint, orderId, 'paypal');
      expect((await verifyPayPalOrder(orderRef(endpoint, orderId), signal())).status).to.equal('unavailable');
    });

    it('a merchant that does not answer leaves the outcome unknown', async () => {
      const endpoint = testEndpoint();
      const orderId = newOrder();
      const id = await createPayPalOrder(endpoint, orderId);
      await approvePayPal(endpoint, id);
      await scriptFaults(endpoint, faultRule('POST', '/paypal/orders/status', unreachable));
      expect((await verifyPayPalOrder(orderRef(endpoint, orderId), signal())).status).to.equal('outcome-unknown');
      expect(charges(await ledger(endpoint, orderId))).to.equal(0);
    });
  });

  it('rejects with the abort reason when the caller gives up', async () => {
    const controller = new AbortController();
    const endpoint = testEndpoint();
    const orderId = newOrder();
    await recordOrder(endpoint, orderId, 'paypal');
    await scriptFaults(endpoint, { method: 'POST', path: '/paypal/orders/status', responses: [{ hang: true }] });
    const verifying = verifyPayPalOrder(orderRef(endpoint, orderId), controller.signal);
    controller.abort(new Error('shopper left'));
    const reason = await verifying.then(() => undefined, (error: unknown) => error);
    expect((reason as Error).message).to.equal('shopper left');
  });
});
