import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Stripe from 'stripe';
import { createRelaisHandler, openOrderStore, type Handler } from '../index.js';
import { ORIGIN, post } from '../fixtures.js';
import { databaseOf } from '../order-store.js';
import { fakeStripeApi } from './fake-stripe-api.js';
import { openIntentStore } from './intent-store.js';
import { sandbox } from '../test-lab.js';

const WEBHOOK_SECRET = 'whsec_relaisUnitTestSecret';
const stripe = new Stripe('sk_test_unused');

function setup() {
  const store = openOrderStore();
  const api = fakeStripeApi();
  const handler = createRelaisHandler({ store, stripe: { secretKey: 'sk_test_x', webhookSecret: WEBHOOK_SECRET, fetch: api.fetch } });
  const status = () => openIntentStore(databaseOf(store)!).byOrder('ord-1')?.status;
  const orderStatus = () => store.get('ord-1')?.answer.body.status;
  return { handler, status, orderStatus, store };
}

let events = 0;
function eventJson(type: string, status: string, intentId = 'pi_3Fake1', object: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: `evt_${++events}`,
    object: 'event',
    type,
    created: 1700000000,
    data: { object: { id: intentId, object: 'payment_intent', status, amount: 4990, currency: 'eur', metadata: { orderId: 'ord-1' }, ...object } },
  });
}

function deliver(handler: Handler, payload: string, signature: string | null): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['stripe-signature'] = signature;
  return handler(new Request(`${ORIGIN}/stripe/webhooks`, { method: 'POST', headers, body: payload }));
}

const sign = (payload: string, secret = WEBHOOK_SECRET) => stripe.webhooks.generateTestHeaderString({ payload, secret });

async function withIntent(handler: Handler): Promise<void> {
  assert.equal((await post(handler, { orderId: 'ord-1', amount: 4990, currency: 'EUR' }, { path: '/stripe/payment-intents' })).status, 200);
}

describe('POST /stripe/webhooks', () => {
  test('a signed payment_intent.succeeded is acknowledged and recorded for the order', async () => {
    const { handler, status } = setup();
    await withIntent(handler);
    const payload = eventJson('payment_intent.succeeded', 'succeeded');
    const response = await deliver(handler, payload, sign(payload));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { received: true });
    assert.equal(status(), 'succeeded');
  });

  test('payment_intent.succeeded moves the order to paid, and delivered again changes nothing', async () => {
    const { handler, orderStatus, store } = setup();
    await withIntent(handler);
    assert.equal(orderStatus(), 'pending');
    const payload = eventJson('payment_intent.succeeded', 'succeeded');
    await deliver(handler, payload, sign(payload));
    assert.equal(orderStatus(), 'paid');
    const updatedAt = store.get('ord-1')?.updatedAt;
    assert.equal((await deliver(handler, payload, sign(payload))).status, 200);
    assert.equal(store.get('ord-1')?.updatedAt, updatedAt);
    assert.equal(store.get('ord-1')?.order.paymentReference, 'pi_3Fake1');
  });

  test('a succeeded intent of another amount never makes the order paid', async () => {
    const { handler, orderStatus } = setup();
    await withIntent(handler);
    const payload = eventJson('payment_intent.succeeded', 'succeeded', 'pi_3Fake1', { amount: 1 });
    assert.equal((await deliver(handler, payload, sign(payload))).status, 200);
    assert.equal(orderStatus(), 'pending');
  });

  test('a payment_failed after paid never moves the order back; a full refund does', async () => {
    const { handler, orderStatus } = setup();
    await withIntent(handler);
    const succeeded = eventJson('payment_intent.succeeded', 'succeeded');
    await deliver(handler, succeeded, sign(succeeded));
    const failed = eventJson('payment_intent.payment_failed', 'requires_payment_method');
    await deliver(handler, failed, sign(failed));
    assert.equal(orderStatus(), 'paid');
    const partial = JSON.stringify({
      id: `evt_${++events}`, object: 'event', type: 'charge.refunded', created: 1700000000,
      data: { object: { id: 'ch_1', object: 'charge', payment_intent: 'pi_3Fake1', refunded: false, amount_refunded: 100 } },
    });
    await deliver(handler, partial, sign(partial));
    assert.equal(orderStatus(), 'paid', 'a partial refund leaves the order paid');
    const full = partial.replace('"refunded":false', '"refunded":true').replace(/evt_\d+/, `evt_${++events}`);
    await deliver(handler, full, sign(full));
    assert.equal(orderStatus(), 'refunded');
  });

  const malformed: Array<[string, Record<string, unknown>]> = [
    ['no data', { id: 'evt_m1', object: 'event', type: 'payment_intent.succeeded' }],
    ['no data.object', { id: 'evt_m2', object: 'event', type: 'payment_intent.succeeded', data: {} }],
    ['an object without an id', { id: 'evt_m3', object: 'event', type: 'payment_intent.succeeded', data: { object: { status: 'succeeded' } } }],
    ['no event id', { object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_3Fake1', status: 'succeeded' } } }],
    ['an intent without amount', { id: 'evt_m4', object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_3Fake1', status: 'succeeded', currency: 'eur' } } }],
  ];
  for (const [what, event] of malformed) {
    test(`a signed event with ${what} is answered 400 invalid-event, never 500`, async () => {
      const { handler, orderStatus } = setup();
      await withIntent(handler);
      const payload = JSON.stringify(event);
      const response = await deliver(handler, payload, sign(payload));
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: 'invalid-event' });
      assert.equal(orderStatus(), 'pending');
    });
  }

  test('payment_failed and canceled are recorded with the intent status', async () => {
    const { handler, status } = setup();
    await withIntent(handler);
    const failed = eventJson('payment_intent.payment_failed', 'requires_payment_method');
    await deliver(handler, failed, sign(failed));
    assert.equal(status(), 'requires_payment_method');
    const canceled = eventJson('payment_intent.canceled', 'canceled');
    await deliver(handler, canceled, sign(canceled));
    assert.equal(status(), 'canceled');
  });

  test('a payment_failed arriving after succeeded does not take the payment back', async () => {
    const { handler, status } = setup();
    await withIntent(handler);
    const succeeded = eventJson('payment_intent.succeeded', 'succeeded');
    const lateFailure = eventJson('payment_intent.payment_failed', 'requires_payment_method');
    await deliver(handler, succeeded, sign(succeeded));
    assert.equal((await deliver(handler, lateFailure, sign(lateFailure))).status, 200);
    assert.equal(status(), 'succeeded');
  });

  const refused: Array<[string, (payload: string) => string | null]> = [
    ['no Stripe-Signature header', () => null],
    ['a signature made with another secret', (payload) => sign(payload, 'whsec_someoneElse')],
    ['a signature over another body', (payload) => sign(payload.replace('succeeded', 'canceled'))],
    ['a signature header that is garbage', () => 't=1,v1=abc'],
  ];
  for (const [what, signatureFor] of refused) {
    test(`${what} is refused with 400 and nothing is recorded`, async () => {
      const { handler, status } = setup();
      await withIntent(handler);
      const payload = eventJson('payment_intent.succeeded', 'succeeded');
      const response = await deliver(handler, payload, signatureFor(payload));
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: 'invalid-signature' });
      assert.equal(status(), 'requires_payment_method');
    });
  }

  test('the signature is checked over the raw bytes: the same JSON re-spaced fails', async () => {
    const { handler } = setup();
    const payload = eventJson('payment_intent.succeeded', 'succeeded');
    const respaced = JSON.stringify(JSON.parse(payload), null, 2);
    assert.equal((await deliver(handler, respaced, sign(payload))).status, 400);
  });

  test('a verified event of another type, or for an unknown intent, is acknowledged and ignored', async () => {
    const { handler, status } = setup();
    const other = eventJson('customer.created', 'succeeded');
    assert.equal((await deliver(handler, other, sign(other))).status, 200);
    const unknown = eventJson('payment_intent.succeeded', 'succeeded', 'pi_notOurs');
    assert.equal((await deliver(handler, unknown, sign(unknown))).status, 200);
    assert.equal(status(), undefined);
  });

  test('the sandbox accepts no webhook at all', async () => {
    const handler = createRelaisHandler({ store: openOrderStore(), sandbox });
    const payload = eventJson('payment_intent.succeeded', 'succeeded');
    assert.equal((await deliver(handler, payload, sign(payload))).status, 404);
  });

  test('without a webhook secret the route does not exist', async () => {
    const handler = createRelaisHandler({ store: openOrderStore(), stripe: { secretKey: 'sk_test_x', fetch: fakeStripeApi().fetch } });
    const payload = eventJson('payment_intent.succeeded', 'succeeded');
    assert.equal((await deliver(handler, payload, sign(payload))).status, 404);
  });
});
