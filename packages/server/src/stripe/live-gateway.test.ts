import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore } from '../index.js';
import { post } from '../fixtures.js';
import { fakeStripeApi } from './fake-stripe-api.js';

const SECRET_KEY = 'sk_test_relaisUnitTestKey000000';
const CREATE = '/stripe/payment-intents';
const STATUS = '/stripe/payment-intents/status';

function setup() {
  const stripe = fakeStripeApi();
  const handler = createRelaisHandler({ store: openOrderStore(), stripe: { secretKey: SECRET_KEY, fetch: stripe.fetch } });
  const writes = () => stripe.requests.filter((request) => request.method === 'POST');
  return { stripe, handler, writes };
}

const body = (overrides: Record<string, unknown> = {}) => ({ orderId: 'ord-1', amount: 4990, currency: 'EUR', ...overrides });

describe('live Stripe through the official package', () => {
  test('a create is sent once with the order-derived idempotency key, automatic methods and the order id', async () => {
    const { stripe, handler } = setup();
    const response = await post(handler, body(), { path: CREATE });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { clientSecret: 'pi_3Fake1_secret_fake1' });

    const [create] = stripe.requests;
    assert.equal(create?.method, 'POST');
    assert.equal(create?.url.href, 'https://api.stripe.com/v1/payment_intents');
    assert.equal(create?.headers.get('idempotency-key'), 'ord-1:stripe:create');
    assert.equal(create?.headers.get('authorization'), `Bearer ${SECRET_KEY}`);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(create?.body)), {
      amount: '4990',
      currency: 'eur',
      'automatic_payment_methods[enabled]': 'true',
      'metadata[orderId]': 'ord-1',
    });
  });

  test('20 concurrent requests for one order send one create to Stripe and answer one secret', async () => {
    const { handler, writes } = setup();
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(handler, body(), { path: CREATE })));
    const secrets = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as { clientSecret: string }).clientSecret)));
    assert.deepEqual([...secrets], ['pi_3Fake1_secret_fake1']);
    assert.equal(writes().length, 1);
  });

  test('a later call retrieves the intent; another amount than the recorded one reaches Stripe never', async () => {
    const { stripe, handler } = setup();
    await post(handler, body(), { path: CREATE });
    await post(handler, body(), { path: CREATE });
    const repriced = await post(handler, body({ amount: 5990 }), { path: CREATE });
    assert.equal(repriced.status, 409);
    assert.deepEqual(await repriced.json(), { error: 'amount-mismatch', amount: 4990, currency: 'EUR' });
    assert.deepEqual(stripe.requests.map((r) => `${r.method} ${r.url.pathname}`), [
      'POST /v1/payment_intents',
      'GET /v1/payment_intents/pi_3Fake1',
    ]);
  });

  test('an intent whose amount was changed at Stripe is brought back to the recorded amount', async () => {
    const { stripe, handler } = setup();
    await post(handler, body(), { path: CREATE });
    stripe.intents.get('pi_3Fake1')!.amount = 1;
    await post(handler, body(), { path: CREATE });
    assert.deepEqual(stripe.requests.map((r) => `${r.method} ${r.url.pathname}`), [
      'POST /v1/payment_intents',
      'GET /v1/payment_intents/pi_3Fake1',
      'POST /v1/payment_intents/pi_3Fake1',
    ]);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(stripe.requests[2]!.body)), { amount: '4990', currency: 'eur' });
  });

  test('a paid intent answers 409 without any write to Stripe', async () => {
    const { stripe, handler, writes } = setup();
    await post(handler, body(), { path: CREATE });
    stripe.intents.get('pi_3Fake1')!.status = 'succeeded';
    const response = await post(handler, body(), { path: CREATE });
    assert.equal(response.status, 409);
    assert.deepEqual(await response.json(), { error: 'already-paid' });
    assert.equal(writes().length, 1);
  });

  test('a create whose answer was lost is retried with the same parameters and key', async () => {
    const { stripe, handler } = setup();
    // Stripe may have created it; the answer never came back.
    stripe.script.push({ status: 503, body: { error: { type: 'api_error' } }, headers: { 'stripe-should-retry': 'false' } });
    const lost = await post(handler, body(), { path: CREATE });
    assert.equal(lost.status, 502);
    assert.deepEqual(await lost.json(), { error: 'provider-unavailable', provider: 'stripe' });

    const retried = await post(handler, body(), { path: CREATE });
    assert.equal(retried.status, 200);
    const creates = stripe.requests.filter((r) => r.url.pathname === '/v1/payment_intents');
    assert.deepEqual(creates.map((r) => [r.headers.get('idempotency-key'), new URLSearchParams(r.body).get('amount')]), [
      ['ord-1:stripe:create', '4990'],
      ['ord-1:stripe:create', '4990'],
    ]);
  });

  test('status with cancel sends a cancel with its own idempotency key and answers canceled', async () => {
    const { stripe, handler } = setup();
    await post(handler, body(), { path: CREATE });
    const response = await post(handler, { orderId: 'ord-1', cancel: true }, { path: STATUS });
    assert.deepEqual(await response.json(), { status: 'canceled', paymentIntentId: 'pi_3Fake1' });
    const cancel = stripe.requests.at(-1)!;
    assert.equal(`${cancel.method} ${cancel.url.pathname}`, 'POST /v1/payment_intents/pi_3Fake1/cancel');
    assert.equal(cancel.headers.get('idempotency-key'), 'ord-1:stripe:cancel');
  });

  test('a cancel that loses the race to the shopper\'s payment answers the payment', async () => {
    const stripe = fakeStripeApi();
    // Between our retrieve and our cancel the shopper's confirmation lands: Stripe refuses the cancel.
    const racing: typeof fetch = (input, init) => {
      if (String(input).endsWith('/cancel')) stripe.intents.get('pi_3Fake1')!.status = 'succeeded';
      return stripe.fetch(input, init);
    };
    const handler = createRelaisHandler({ store: openOrderStore(), stripe: { secretKey: SECRET_KEY, fetch: racing } });
    await post(handler, body(), { path: CREATE });
    const response = await post(handler, { orderId: 'ord-1', cancel: true }, { path: STATUS });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'succeeded', paymentIntentId: 'pi_3Fake1' });
  });

  test('Stripe refusing the parameters answers 422 with its code, and never the key', async () => {
    const { stripe, handler } = setup();
    stripe.script.push({ status: 400, body: { error: { type: 'invalid_request_error', code: 'amount_too_small', message: 'Amount must be at least €0.50 eur' } } });
    const response = await post(handler, body({ amount: 1 }), { path: CREATE });
    assert.equal(response.status, 422);
    const text = await response.text();
    assert.deepEqual(JSON.parse(text), { error: 'provider-refused', provider: 'stripe', code: 'amount_too_small' });
    assert.ok(!text.includes(SECRET_KEY));
  });

  test('Stripe unreachable answers 502 provider-unavailable', async () => {
    const offline: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const handler = createRelaisHandler({ store: openOrderStore(), stripe: { secretKey: SECRET_KEY, fetch: offline } });
    const response = await post(handler, body(), { path: CREATE });
    assert.equal(response.status, 502);
    assert.deepEqual(await response.json(), { error: 'provider-unavailable', provider: 'stripe' });
  });

  test('an answer that is not a PaymentIntent (a proxy\'s empty JSON) is an outage, and nothing is recorded', async () => {
    const { stripe, handler } = setup();
    stripe.script.push({ status: 200, body: {} });
    const response = await post(handler, body(), { path: CREATE });
    assert.equal(response.status, 502);
    assert.deepEqual(await response.json(), { error: 'provider-unavailable', provider: 'stripe' });
    // The order's next try creates it properly.
    assert.equal((await post(handler, body(), { path: CREATE })).status, 200);
  });

  test('live mode serves no sandbox routes', async () => {
    const { handler } = setup();
    const response = await post(handler, {}, { path: '/sandbox/stripe/payment_intents/pi_1/confirm' });
    assert.equal(response.status, 404);
  });
});
