import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { anOrder, post } from './fixtures.js';
import { createRelaisHandler, type Handler } from './index.js';
import type { OrderStore, StoredOrder } from './order-store.js';
import { fakePayPalApi } from './paypal/fake-paypal-api.js';
import { fakeStripeApi } from './stripe/fake-stripe-api.js';
import { storeKinds } from './test-stores.js';

/** The guarantees every order store keeps, run on SQLite and on PostgreSQL alike. */

const entry = (orderId: string, answered: () => void = () => {}) => ({
  idempotencyKey: orderId,
  requestHash: `hash-${orderId}`,
  order: { orderId, amount: 4990, currency: 'EUR', method: 'stripe' as const },
  answer: () => {
    answered();
    return { status: 201, body: { orderId, status: 'pending' as const, method: 'stripe' as const, amount: 4990, currency: 'EUR' } };
  },
});

/** Two merchant APIs on one database, both talking to one (fake) Stripe and PayPal: two instances behind a balancer. */
function twoInstances(first: OrderStore, second: OrderStore) {
  const stripe = fakeStripeApi();
  const paypal = fakePayPalApi();
  const options = {
    stripe: { secretKey: 'sk_test_relaisUnitTestKey000000', fetch: stripe.fetch },
    paypal: { clientId: 'AYrelais', clientSecret: 'ELrelais', environment: 'sandbox' as const, fetch: paypal.fetch },
    recheckIntervalMs: 0,
  };
  return { stripe, paypal, a: createRelaisHandler({ ...options, store: first }), b: createRelaisHandler({ ...options, store: second }) };
}

async function secretOf(handler: Handler, orderId: string, method = 'stripe'): Promise<string> {
  const response = await post(handler, anOrder({ orderId, method }));
  return ((await response.json()) as { secret: string }).secret;
}

for (const kind of storeKinds()) {
  describe(`order store contract (${kind.name})`, () => {
    test('fifty concurrent inserts of one key record one order and compute its answer once', async () => {
      const store = await kind.open();
      let answers = 0;
      const results = await Promise.all(Array.from({ length: 50 }, () => store.insertOrGet(entry('ord-1', () => answers++))));
      assert.equal(results.filter((result) => result.created).length, 1);
      assert.equal(answers, 1);
      assert.equal(new Set(results.map((result) => JSON.stringify(result.stored))).size, 1);
      assert.equal((await store.list()).length, 1);
    });

    test('two stores on one database: the database, not process memory, refuses a second order', async () => {
      const first = await kind.open();
      const second = await kind.reopen();
      const results = await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 ? first : second).insertOrGet(entry('ord-1'))));
      assert.equal(results.filter((result) => result.created).length, 1);
      assert.equal((await second.list()).length, 1);
    });

    test('concurrent updates from two stores are read-modify-write: none is lost', async () => {
      const first = await kind.open();
      const second = await kind.reopen();
      await first.insertOrGet(entry('ord-1'));
      const bump = (stored: StoredOrder) => ({
        order: { ...stored.order, reference: String(Number(stored.order.reference ?? '0') + 1) },
        answer: stored.answer.body,
      });
      await Promise.all(Array.from({ length: 30 }, (_, index) => (index % 2 ? first : second).update('ord-1', bump)));
      assert.equal((await first.get('ord-1'))?.order.reference, '30');
    });

    test('get, since, withStatus and list read what was recorded; an unknown order is undefined', async () => {
      const store = await kind.open();
      for (const orderId of ['ord-1', 'ord-2', 'ord-3']) await store.insertOrGet(entry(orderId));
      assert.equal(await store.get('nope'), undefined);
      assert.deepEqual((await store.list()).map((stored) => stored.orderId), ['ord-1', 'ord-2', 'ord-3']);
      assert.deepEqual((await store.since(0, 2)).map((stored) => stored.orderId), ['ord-1', 'ord-2']);
      assert.deepEqual(await store.since(Date.now() + 60_000, 10), []);
      assert.equal((await store.withStatus('pending', 10)).length, 3);
      assert.equal((await store.withStatus('paid', 10)).length, 0);
    });

    test('an order recorded in one statement (a pure answer) is given back as a replay and get() read it', async () => {
      const store = await kind.open();
      const pure = { ...entry('ord-1'), answerIsPure: true, queuedAt: '2026-01-02T03:04:05.000Z' };
      const created = await store.insertOrGet(pure);
      const replayed = await store.insertOrGet(pure);
      assert.equal(created.created, true);
      assert.equal(replayed.created, false);
      assert.deepEqual(created.stored, replayed.stored);
      assert.deepEqual(created.stored, await store.get('ord-1'));
      assert.equal(JSON.stringify(created.stored), JSON.stringify(replayed.stored), 'the same fields in the same order');
      assert.equal(created.stored.queuedAt, '2026-01-02T03:04:05.000Z');
    });

    test('POST /orders split across two instances: one 201, the rest 200 with the same answer', async () => {
      const { a, b } = twoInstances(await kind.open(), await kind.reopen());
      const responses = await Promise.all(Array.from({ length: 40 }, (_, index) => post(index % 2 ? a : b, anOrder())));
      const statuses = responses.map((response) => response.status);
      assert.equal(statuses.filter((status) => status === 201).length, 1);
      assert.equal(statuses.filter((status) => status === 200).length, 39);
      assert.equal(new Set(await Promise.all(responses.map((response) => response.text()))).size, 1);
    });

    test('a PayPal order created on one instance is captured on the other, once, whatever the retries', async () => {
      const { a, b, paypal } = twoInstances(await kind.open(), await kind.reopen());
      const secret = await secretOf(a, 'ord-1', 'paypal');
      const created = await post(a, { orderId: 'ord-1' }, { path: '/paypal/orders', secret });
      const { id } = (await created.json()) as { id: string };
      const captures = await Promise.all(Array.from({ length: 6 }, (_, index) =>
        post(index % 2 ? a : b, { orderId: 'ord-1' }, { path: `/paypal/orders/${id}/capture`, secret })));
      assert.deepEqual(captures.map((response) => response.status), Array<number>(6).fill(200));
      assert.equal(new Set(await Promise.all(captures.map((response) => response.text()))).size, 1);
      assert.equal(new Set([...paypal.orders.values()].map((order) => order.captureId)).size, 1);
      // SQLite processes on one file may each ask PayPal (the request id makes it one capture);
      // on PostgreSQL the order's lock lets one call through, and the others read its answer.
      if (kind.name === 'postgres') assert.equal(paypal.requests.filter((request) => request.url.pathname.endsWith('/capture')).length, 1);
    });

    test('a card paid through one instance: PayPal on the other refuses to create or capture (one payment)', async () => {
      const { a, b, stripe, paypal } = twoInstances(await kind.open(), await kind.reopen());
      const secret = await secretOf(a, 'ord-1');
      const intent = await post(a, { orderId: 'ord-1' }, { path: '/stripe/payment-intents', secret });
      assert.equal(intent.status, 200);
      for (const created of stripe.intents.values()) created.status = 'succeeded'; // the shopper confirmed with Stripe
      const refused = await post(b, { orderId: 'ord-1' }, { path: '/paypal/orders', secret });
      assert.equal(refused.status, 409);
      assert.deepEqual(await refused.json(), { error: 'already-paid', paidWith: 'stripe' });
      assert.equal(paypal.orders.size, 0);
    });
  });
}
