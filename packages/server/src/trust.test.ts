// The attacks of a stranger with curl against the payment side, replayed: each must be refused,
// and no order may read `paid` unless the server itself saw the money at the provider.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, type Handler, type SqliteOrderStore } from './index.js';
import { anOrder, get, post, recordOrder } from './fixtures.js';
import { databaseOf } from './order-store.js';
import { priceCheckAt, priceFromCatalogue } from './pricing.js';
import { fakeStripeApi } from './stripe/fake-stripe-api.js';
import { sandbox as fakeProviders } from './test-lab.js';

function sandbox(): { handler: Handler; store: SqliteOrderStore } {
  const store = openOrderStore();
  return { store, handler: createRelaisHandler({ store, sandbox: fakeProviders, recheckIntervalMs: 0 }) };
}

const statusOf = (store: SqliteOrderStore, orderId = 'ord-1') => store.get(orderId)?.answer.body.status;

/** Creates the order's PaymentIntent and pays it with a test card, as the shopper's browser would. */
async function payByCard(handler: Handler, orderId: string): Promise<string> {
  const created = await post(handler, { orderId }, { path: '/stripe/payment-intents' });
  assert.equal(created.status, 200);
  const { clientSecret } = (await created.json()) as { clientSecret: string };
  const intentId = clientSecret.split('_secret_')[0]!;
  const confirmed = await post(handler, { client_secret: clientSecret, payment_method: 'pm_card_visa', return_url: 'https://shop.test/' }, {
    path: `/sandbox/stripe/payment_intents/${intentId}/confirm`, key: null,
  });
  assert.equal(confirmed.status, 200);
  return intentId;
}

/** Creates the order's PayPal order, approves and captures it; answers the PayPal order id. */
async function payByPayPal(handler: Handler, orderId: string): Promise<string> {
  const created = await post(handler, { orderId }, { path: '/paypal/orders' });
  const { id } = (await created.json()) as { id: string };
  await post(handler, {}, { path: `/sandbox/paypal/orders/${id}/approve`, key: null });
  const captured = await post(handler, { orderId }, { path: `/paypal/orders/${id}/capture`, key: `${orderId}:paypal:capture` });
  assert.equal(captured.status, 200);
  return id;
}

describe('paid means verified', () => {
  test('a made-up Stripe reference records the order pending, never paid', async () => {
    const { handler, store } = sandbox();
    const response = await post(handler, anOrder({ paymentReference: 'pi_anything' }));
    assert.equal(response.status, 201);
    assert.equal(((await response.json()) as { status: string }).status, 'pending');
    assert.equal(statusOf(store), 'pending');
  });

  test('a 1-cent PaymentIntent, paid, does not pay a 4,990.00 order that names it, nor three more', async () => {
    const { handler, store } = sandbox();
    await recordOrder(handler, anOrder({ orderId: 'cheap', amount: 1 }));
    const intentId = await payByCard(handler, 'cheap');
    for (const orderId of ['big', 'big-2', 'big-3', 'big-4']) {
      const answer = await post(handler, anOrder({ orderId, amount: 499_000, paymentReference: intentId }));
      assert.equal(((await answer.json()) as { status: string }).status, 'pending', orderId);
    }
    assert.deepEqual(store.list().map((stored) => [stored.orderId, stored.answer.body.status]), [
      ['cheap', 'pending'], ['big', 'pending'], ['big-2', 'pending'], ['big-3', 'pending'], ['big-4', 'pending'],
    ]);
    // The cheap order itself is paid once its page reports it: the server retrieves its own intent.
    const reported = await post(handler, anOrder({ orderId: 'cheap', amount: 1, paymentReference: intentId }));
    assert.equal(((await reported.json()) as { status: string }).status, 'paid');
  });

  test('a card payment reported by the page is verified with Stripe and the order answers paid', async () => {
    const { handler, store } = sandbox();
    await recordOrder(handler);
    const intentId = await payByCard(handler, 'ord-1');
    const reported = await post(handler, anOrder({ paymentReference: 'pi_whatever_the_page_says' }));
    assert.equal(reported.status, 200);
    assert.equal(((await reported.json()) as { status: string }).status, 'paid');
    assert.equal(store.get('ord-1')?.order.paymentReference, intentId, 'the reference kept is the verified intent, not the page\'s word');
  });

  test('a forged PayPal reference (another order\'s captured PayPal order) pays nothing', async () => {
    const { handler, store } = sandbox();
    await recordOrder(handler, anOrder({ orderId: 'honest', method: 'paypal' }));
    const paypalId = await payByPayPal(handler, 'honest');
    assert.equal(statusOf(store, 'honest'), 'paid', 'the capture the server made pays the honest order');
    const forged = await post(handler, anOrder({ orderId: 'forged', method: 'paypal', paymentReference: paypalId }));
    assert.equal(((await forged.json()) as { status: string }).status, 'pending');
  });

  test('a PayPal order of this server captured for another amount never makes the order paid', async () => {
    const { handler, store } = sandbox();
    await recordOrder(handler, anOrder({ method: 'paypal' }));
    await payByPayPal(handler, 'ord-1');
    // A tampered database row: the PayPal order was created for 1 cent.
    databaseOf(store)!.prepare("UPDATE paypal_orders SET create_amount = 1 WHERE order_id = 'ord-1'").run();
    databaseOf(store)!.prepare("UPDATE orders SET status = 'verifying' WHERE order_id = 'ord-1'").run();
    const errors: Error[] = [];
    const handler2 = createRelaisHandler({ store, sandbox: fakeProviders, recheckIntervalMs: 0, onError: (error) => errors.push(error) });
    await post(handler2, anOrder({ method: 'paypal', paymentReference: 'x' }));
    assert.equal(statusOf(store), 'pending');
    assert.match(errors[0]?.message ?? '', /not marked paid: PayPal order .* is for 1 EUR/);
  });
});

describe('an order id is not a key', () => {
  test('a stranger cannot re-price or read the intent of an order: 401 without the secret, 403 with a wrong one', async () => {
    const { handler, store } = sandbox();
    await recordOrder(handler);
    await post(handler, { orderId: 'ord-1' }, { path: '/stripe/payment-intents' });
    const intents = () => databaseOf(store)!.prepare('SELECT amount, status FROM sandbox_payment_intents').all();

    const none = await post(handler, { orderId: 'ord-1', amount: 9_999_999, currency: 'EUR' }, { path: '/stripe/payment-intents', secret: null });
    assert.equal(none.status, 401);
    assert.deepEqual(await none.json(), { error: 'order-secret-required', header: 'relais-order-secret' });
    const wrong = await post(handler, { orderId: 'ord-1', amount: 9_999_999, currency: 'EUR' }, { path: '/stripe/payment-intents', secret: 'A'.repeat(43) });
    assert.equal(wrong.status, 403);
    assert.deepEqual(await wrong.json(), { error: 'order-secret-invalid' });
    assert.deepEqual(intents(), [{ amount: 4990, status: 'requires_payment_method' }]);
  });

  test('a stranger cannot cancel someone else\'s intent', async () => {
    const { handler, store } = sandbox();
    await recordOrder(handler);
    await post(handler, { orderId: 'ord-1' }, { path: '/stripe/payment-intents' });
    for (const secret of [null, 'not-the-secret']) {
      const response = await post(handler, { orderId: 'ord-1', cancel: true }, { path: '/stripe/payment-intents/status', secret });
      assert.ok([401, 403].includes(response.status));
    }
    assert.deepEqual(databaseOf(store)!.prepare('SELECT status FROM sandbox_payment_intents').all(), [{ status: 'requires_payment_method' }]);
  });

  test('a stranger cannot capture, create or read an order\'s PayPal order', async () => {
    const { handler } = sandbox();
    await recordOrder(handler, anOrder({ method: 'paypal' }));
    const created = await post(handler, { orderId: 'ord-1' }, { path: '/paypal/orders' });
    const { id } = (await created.json()) as { id: string };
    await post(handler, {}, { path: `/sandbox/paypal/orders/${id}/approve`, key: null });
    for (const path of ['/paypal/orders', '/paypal/orders/status', `/paypal/orders/${id}/capture`]) {
      const response = await post(handler, { orderId: 'ord-1' }, { path, secret: 'A'.repeat(43) });
      assert.equal(response.status, 403, path);
    }
  });

  test('payment routes for an order never recorded answer 403, the same as a wrong secret: no order-id oracle', async () => {
    const { handler } = sandbox();
    const response = await post(handler, { orderId: 'never-recorded' }, { path: '/stripe/payment-intents', secret: 'A'.repeat(43) });
    assert.equal(response.status, 403);
  });

  test('the secret is answered to the page but stored nowhere and listed by no admin route', async () => {
    const { handler, store } = sandbox();
    const secret = await recordOrder(handler);
    const db = databaseOf(store)!;
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    for (const { name } of tables) {
      assert.doesNotMatch(JSON.stringify(db.prepare(`SELECT * FROM ${name}`).all()), new RegExp(secret), name);
    }
    for (const path of ['/orders', '/events', '/report']) {
      const response = await get(handler, path);
      assert.doesNotMatch(await response.text(), new RegExp(secret), path);
    }
  });
});

describe('the amount comes from the server', () => {
  test('a PaymentIntent for an order never recorded is refused: nothing reaches Stripe', async () => {
    const stripe = fakeStripeApi();
    const handler = createRelaisHandler({ store: openOrderStore(), stripe: { secretKey: 'sk_test_x', fetch: stripe.fetch }, recheckIntervalMs: 0 });
    const response = await post(handler, { orderId: 'ord-1', amount: 4990, currency: 'EUR' }, { path: '/stripe/payment-intents', secret: 'A'.repeat(43) });
    assert.equal(response.status, 403);
    assert.equal(stripe.requests.length, 0);
  });

  test('a pricing hook refuses a cart whose total is not the catalogue\'s (409 with the real price)', async () => {
    const store = openOrderStore();
    const handler = createRelaisHandler({ store, sandbox: fakeProviders, recheckIntervalMs: 0, priceOrder: priceFromCatalogue({ Carafe: 4990 }) });
    const cheap = await post(handler, anOrder({ amount: 1, items: [{ name: 'Carafe', quantity: 1, amount: 1 }] }));
    assert.equal(cheap.status, 409);
    assert.deepEqual(await cheap.json(), { error: 'price-mismatch', amount: 4990, currency: 'EUR' });
    const unknown = await post(handler, anOrder({ orderId: 'ord-2', items: [{ name: 'Gold', quantity: 1, amount: 4990 }] }));
    assert.equal(unknown.status, 422);
    assert.deepEqual(await unknown.json(), { error: 'order-refused', reason: 'unknown item: Gold' });
    const right = await post(handler, anOrder({ orderId: 'ord-3', items: [{ name: 'Carafe', quantity: 1, amount: 4990 }] }));
    assert.equal(right.status, 201);
    assert.deepEqual(store.list().map((stored) => stored.orderId), ['ord-3']);
  });

  test('a pricing hook that cannot answer keeps the order out with a 503 the queue retries', async () => {
    const handler = createRelaisHandler({
      store: openOrderStore(), sandbox: fakeProviders, recheckIntervalMs: 0,
      priceOrder: () => {
        throw new Error('catalogue down');
      },
    });
    const response = await post(handler, anOrder());
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '30');
  });

  test('--price-check POSTs the cart to the merchant\'s endpoint and believes its total', async () => {
    const seen: unknown[] = [];
    const server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => {
        const cart = JSON.parse(text) as { items: Array<{ name: string; quantity: number }> };
        seen.push(cart);
        const known = cart.items.every((item) => item.name === 'Carafe');
        response.writeHead(known ? 200 : 422, { 'content-type': 'application/json' });
        response.end(JSON.stringify(known ? { amount: 4990 * (cart.items[0]?.quantity ?? 0) } : { reason: 'sold out' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const handler = createRelaisHandler({ store: openOrderStore(), sandbox: fakeProviders, recheckIntervalMs: 0, priceOrder: priceCheckAt(`http://127.0.0.1:${port}/price`) });
      const right = await post(handler, anOrder({ amount: 9980, items: [{ name: 'Carafe', quantity: 2, amount: 4990 }] }));
      assert.equal(right.status, 201);
      const wrong = await post(handler, anOrder({ orderId: 'ord-2', amount: 10, items: [{ name: 'Carafe', quantity: 1, amount: 10 }] }));
      assert.equal(wrong.status, 409);
      const refused = await post(handler, anOrder({ orderId: 'ord-3', items: [{ name: 'Vase', quantity: 1, amount: 4990 }] }));
      assert.deepEqual(await refused.json(), { error: 'order-refused', reason: 'sold out' });
      assert.deepEqual(seen[0], { orderId: 'ord-1', amount: 9980, currency: 'EUR', items: [{ name: 'Carafe', quantity: 2, amount: 4990 }] });
    } finally {
      server.close();
    }
  });
});

describe('verifying', () => {
  test('Stripe unreachable when the page reports a payment: verifying, never paid; the timer settles it', async () => {
    const stripe = fakeStripeApi();
    const store = openOrderStore();
    const handler = createRelaisHandler({ store, stripe: { secretKey: 'sk_test_x', fetch: stripe.fetch }, recheckIntervalMs: 50 });
    await recordOrder(handler);
    await post(handler, { orderId: 'ord-1' }, { path: '/stripe/payment-intents' });
    stripe.intents.get('pi_3Fake1')!.status = 'succeeded';
    const down = { status: 503, body: { error: { type: 'api_error' } }, headers: { 'stripe-should-retry': 'false' } };
    stripe.script.push(down, down);
    const reported = await post(handler, anOrder({ paymentReference: 'pi_3Fake1' }));
    assert.equal(((await reported.json()) as { status: string }).status, 'verifying');
    const deadline = Date.now() + 10_000;
    while (statusOf(store) === 'verifying' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    assert.equal(statusOf(store), 'paid');
  });

  test('a handler whose store was closed stops its re-check timer instead of failing every tick', async () => {
    const store = openOrderStore();
    const errors: Error[] = [];
    createRelaisHandler({ store, sandbox: fakeProviders, recheckIntervalMs: 10, onError: (error) => errors.push(error) });
    store.close();
    // Ten ticks' worth: a timer still running on the closed store reports each of them.
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(errors, []);
  });

  test('a verification read of a succeeded intent moves the order, as a webhook would', async () => {
    const { handler, store } = sandbox();
    await recordOrder(handler);
    await payByCard(handler, 'ord-1');
    assert.equal(statusOf(store), 'pending', 'the confirmation went to Stripe, not to the merchant');
    const status = await post(handler, { orderId: 'ord-1' }, { path: '/stripe/payment-intents/status' });
    assert.equal(((await status.json()) as { status: string }).status, 'succeeded');
    assert.equal(statusOf(store), 'paid');
  });
});

describe('one order, its methods', () => {
  test('recorded for a card, then moved to bank transfer: pending-payment with the transfer details', async () => {
    const store = openOrderStore();
    const handler = createRelaisHandler({ store, sandbox: fakeProviders, recheckIntervalMs: 0, bankTransfer: () => ({ iban: 'FR7630006000011234567890189', beneficiary: 'Shop' }) });
    await recordOrder(handler);
    const moved = await post(handler, anOrder({ method: 'bank-transfer', reference: 'RF18539007547034' }));
    assert.equal(moved.status, 200);
    const answer = (await moved.json()) as { status: string; bankTransfer?: { iban: string } };
    assert.equal(answer.status, 'pending-payment');
    assert.equal(answer.bankTransfer?.iban, 'FR7630006000011234567890189');
    assert.equal(store.get('ord-1')?.order.method, 'bank-transfer');
  });

  test('a paid order is not moved to bank transfer: 409 already-paid naming the method that was paid, nothing changes', async () => {
    const { handler, store } = sandbox();
    await recordOrder(handler);
    await payByCard(handler, 'ord-1');
    await post(handler, anOrder({ paymentReference: 'pi' }));
    const moved = await post(handler, anOrder({ method: 'bank-transfer' }));
    assert.equal(moved.status, 409);
    assert.deepEqual(await moved.json(), { error: 'already-paid', status: 'paid', paidWith: 'stripe' });
    assert.equal(store.get('ord-1')?.order.method, 'stripe');
  });

  test('another cart under the same order id is still refused 422', async () => {
    const { handler } = sandbox();
    await recordOrder(handler);
    const other = await post(handler, anOrder({ amount: 1 }));
    assert.equal(other.status, 422);
    assert.deepEqual(await other.json(), { error: 'idempotency-key-reuse' });
  });
});

