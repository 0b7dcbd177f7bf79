import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, type OrderStore } from './index.js';
import { get, post } from './fixtures.js';
import { sandbox } from './test-lab.js';

const payment = { orderId: 'ord-1', amount: 4990, currency: 'EUR' };
// Stripe refuses every call at once: these tests only look at which routes exist.
const stripeKeys = {
  secretKey: 'sk_test_x',
  fetch: async () => Response.json({ error: { type: 'invalid_request_error', code: 'test' } }, { status: 400 }),
};

async function routeExists(handler: (r: Request) => Promise<Response>, path: string): Promise<boolean> {
  const response = await post(handler, payment, { path });
  return !(response.status === 404 && ((await response.json()) as { error?: string }).error === 'not-found');
}

describe('choosing live providers or the sandbox', () => {
  const nodeEnv = process.env['NODE_ENV'];
  afterEach(() => {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  });

  test("with the lab's sandbox both providers and its fake API are served", async () => {
    const handler = createRelaisHandler({ store: openOrderStore(), sandbox });
    assert.equal((await post(handler, payment, { path: '/stripe/payment-intents' })).status, 200);
    assert.equal((await post(handler, payment, { path: '/paypal/orders' })).status, 200);
    const fakeApi = await get(handler, '/sandbox/stripe/payment_intents/pi_sbxNope?client_secret=x');
    assert.equal(((await fakeApi.json()) as { error: { code: string } }).error.code, 'resource_missing');
  });

  test('with Stripe keys only, PayPal and the sandbox are absent, not faked', async () => {
    const handler = createRelaisHandler({ store: openOrderStore(), stripe: stripeKeys });
    assert.equal(await routeExists(handler, '/stripe/payment-intents'), true);
    assert.equal(await routeExists(handler, '/paypal/orders'), false);
    assert.equal((await get(handler, '/sandbox/stripe/payment_intents/pi_1')).status, 404);
  });

  test('with no keys and no sandbox: orders only, nothing fake answers', async () => {
    const handler = createRelaisHandler({ store: openOrderStore() });
    assert.equal(await routeExists(handler, '/stripe/payment-intents'), false);
    assert.equal(await routeExists(handler, '/paypal/orders'), false);
    assert.equal((await get(handler, '/sandbox/stripe/payment_intents/pi_1')).status, 404);
    assert.equal((await post(handler, { orderId: 'ord-bank', amount: 4990, currency: 'EUR', method: 'bank-transfer' })).status, 201);
  });

  test('a sandbox next to live keys is refused at creation', () => {
    assert.throws(() => createRelaisHandler({ store: openOrderStore(), sandbox, stripe: stripeKeys }), /cannot be combined/);
  });

  test("a sandbox that is not the lab's (true, as before) is refused at creation", () => {
    assert.throws(() => createRelaisHandler({ store: openOrderStore(), sandbox: true as never }), /sandbox must be the `sandbox` export of @relais\/lab/);
  });

  test('under NODE_ENV=production no keys still means no fake: orders only', async () => {
    process.env['NODE_ENV'] = 'production';
    const handler = createRelaisHandler({ store: openOrderStore() });
    assert.equal(await routeExists(handler, '/stripe/payment-intents'), false);
  });

  test('an empty key is refused naming the option, never echoing a value', () => {
    assert.throws(
      () => createRelaisHandler({ store: openOrderStore(), paypal: { clientId: 'AYid', clientSecret: ' ', environment: 'sandbox' } }),
      (error: Error) => /paypal\.clientSecret/.test(error.message) && !error.message.includes('AYid'),
    );
  });

  test('a store not from openOrderStore is refused: payments need its database', () => {
    const store: OrderStore = {
      insertOrGet: () => {
        throw new Error('unused');
      },
      get: () => undefined,
      update: () => undefined,
      withStatus: () => [],
      list: () => [],
      since: () => [],
      newest: () => ({ orders: [] }),
      close: () => {},
    };
    assert.throws(() => createRelaisHandler({ store }), /openOrderStore/);
  });
});
