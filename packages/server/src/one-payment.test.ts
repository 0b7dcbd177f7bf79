import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRelaisHandler, type Handler } from './index.js';
import { get, post } from './fixtures.js';
import { fakePayPalApi } from './paypal/fake-paypal-api.js';
import { fakeStripeApi } from './stripe/fake-stripe-api.js';
import { storeKinds } from './test-stores.js';
import { sandbox } from './test-lab.js';

const body = { orderId: 'ord-1', amount: 4990, currency: 'EUR' };

async function clientSecret(handler: Handler): Promise<string> {
  const response = await post(handler, body, { path: '/stripe/payment-intents' });
  assert.equal(response.status, 200);
  return ((await response.json()) as { clientSecret: string }).clientSecret;
}

/** What Stripe.js does in the shopper's browser (sandbox). */
async function payByCard(handler: Handler): Promise<void> {
  const secret = await clientSecret(handler);
  const id = secret.split('_secret_')[0]!;
  const confirmed = await post(handler, { client_secret: secret, payment_method: 'pm_card_visa' }, { path: `/sandbox/stripe/payment_intents/${id}/confirm`, key: null });
  assert.equal(confirmed.status, 200);
}

async function paypalOrder(handler: Handler): Promise<string> {
  const response = await post(handler, body, { path: '/paypal/orders' });
  assert.equal(response.status, 200);
  const { id } = (await response.json()) as { id: string };
  assert.equal((await post(handler, {}, { path: `/sandbox/paypal/orders/${id}/approve`, key: null })).status, 200);
  return id;
}

const capture = (handler: Handler, id: string) => post(handler, { orderId: 'ord-1' }, { path: `/paypal/orders/${id}/capture` });

async function ledger(handler: Handler) {
  return (await (await get(handler, '/sandbox/ledger/ord-1')).json()) as {
    stripe: Array<{ status: string }>;
    paypal: Array<{ status: string; captureId: string | null }>;
  };
}

for (const { name, open } of storeKinds()) describe(`one order, one payment across providers (${name})`, () => {
  test('after a card payment, PayPal refuses to create an order: 409 already-paid, paid with stripe', async () => {
    const handler = createRelaisHandler({ store: await open(), sandbox });
    await payByCard(handler);
    const response = await post(handler, body, { path: '/paypal/orders' });
    assert.equal(response.status, 409);
    assert.deepEqual(await response.json(), { error: 'already-paid', paidWith: 'stripe' });
    assert.deepEqual((await ledger(handler)).paypal, []);
  });

  test('a card paid after the PayPal order was approved: the capture is refused, nothing captured', async () => {
    const handler = createRelaisHandler({ store: await open(), sandbox });
    const id = await paypalOrder(handler);
    await payByCard(handler);
    const response = await capture(handler, id);
    assert.equal(response.status, 409);
    assert.deepEqual(await response.json(), { error: 'already-paid', paidWith: 'stripe' });
    assert.deepEqual((await ledger(handler)).paypal.map((order) => order.captureId), [null]);
  });

  test('after a PayPal capture, Stripe hands out no client secret: 409 already-paid, paid with paypal', async () => {
    const handler = createRelaisHandler({ store: await open(), sandbox });
    assert.equal((await capture(handler, await paypalOrder(handler))).status, 200);
    const response = await post(handler, body, { path: '/stripe/payment-intents' });
    assert.equal(response.status, 409);
    assert.deepEqual(await response.json(), { error: 'already-paid', paidWith: 'paypal' });
    assert.deepEqual((await ledger(handler)).stripe, []);
  });

  test('an unpaid or canceled card payment does not stand in PayPal\'s way (a decline, then PayPal)', async () => {
    const handler = createRelaisHandler({ store: await open(), sandbox });
    await clientSecret(handler);
    const id = await paypalOrder(handler);
    await post(handler, { orderId: 'ord-1', cancel: true }, { path: '/stripe/payment-intents/status' });
    assert.equal((await capture(handler, id)).status, 200);
  });

  test('Stripe unreachable does not stop PayPal: a Stripe outage must not become a PayPal one', async () => {
    const stripe = fakeStripeApi();
    const paypal = fakePayPalApi();
    const handler = createRelaisHandler({
      store: await open(),
      stripe: { secretKey: 'sk_test_relaisUnitTestKey000000', fetch: stripe.fetch },
      paypal: { clientId: 'AYrelais', clientSecret: 'ELrelais', environment: 'sandbox', fetch: paypal.fetch },
    });
    await clientSecret(handler);
    stripe.script.push(...Array.from({ length: 5 }, () => ({ status: 503, body: { error: { type: 'api_error', message: 'down' } } })));
    const response = await post(handler, body, { path: '/paypal/orders' });
    assert.equal(response.status, 200);
  });
});
