import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Stripe from 'stripe';
import { createRelaisHandler, openOrderStore, type Handler } from '../index.js';
import { ORIGIN, post } from '../fixtures.js';
import { databaseOf } from '../order-store.js';
import { fakeStripeApi } from './fake-stripe-api.js';
import { openIntentStore } from './intent-store.js';

const WEBHOOK_SECRET = 'whsec_relaisUnitTestSecret';
const stripe = new Stripe('sk_test_unused');

function setup() {
  const store = openOrderStore();
  const api = fakeStripeApi();
  const handler = createRelaisHandler({ store, stripe: { secretKey: 'sk_test_x', webhookSecret: WEBHOOK_SECRET, fetch: api.fetch } });
  const status = () => openIntentStore(databaseOf(store)!).byOrder('ord-1')?.status;
  return { handler, status };
}

let events = 0;
function eventJson(type: string, status: string, intentId = 'pi_3Fake1'): string {
  return JSON.stringify({
    id: `evt_${++events}`,
    object: 'event',
    type,
    created: 1700000000,
    data: { object: { id: intentId, object: 'payment_intent', status, metadata: { orderId: 'ord-1' } } },
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
    const other = eventJson('charge.refunded', 'succeeded');
    assert.equal((await deliver(handler, other, sign(other))).status, 200);
    const unknown = eventJson('payment_intent.succeeded', 'succeeded', 'pi_notOurs');
    assert.equal((await deliver(handler, unknown, sign(unknown))).status, 200);
    assert.equal(status(), undefined);
  });

  test('the sandbox accepts no webhook at all', async () => {
    const handler = createRelaisHandler({ store: openOrderStore(), sandbox: true });
    const payload = eventJson('payment_intent.succeeded', 'succeeded');
    assert.equal((await deliver(handler, payload, sign(payload))).status, 404);
  });

  test('without a webhook secret the route does not exist', async () => {
    const handler = createRelaisHandler({ store: openOrderStore(), stripe: { secretKey: 'sk_test_x', fetch: fakeStripeApi().fetch } });
    const payload = eventJson('payment_intent.succeeded', 'succeeded');
    assert.equal((await deliver(handler, payload, sign(payload))).status, 404);
  });
});
