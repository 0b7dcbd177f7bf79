import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, type Handler } from '../index.js';
import { anOrder, post, recordOrder } from '../fixtures.js';
import { databaseOf } from '../order-store.js';
import { sandbox } from '../test-lab.js';

const CREATE = '/stripe/payment-intents';
const STATUS = '/stripe/payment-intents/status';

function setup() {
  const store = openOrderStore();
  const handler = createRelaisHandler({ store, sandbox });
  const intents = () =>
    databaseOf(store)!.prepare('SELECT id, amount, currency, status FROM sandbox_payment_intents').all() as Array<{
      id: string; amount: number; currency: string; status: string;
    }>;
  return { handler, intents };
}

const body = (overrides: Record<string, unknown> = {}) => ({ orderId: 'ord-1', amount: 4990, currency: 'EUR', ...overrides });

async function clientSecret(handler: Handler, request: Record<string, unknown> = body()): Promise<string> {
  const response = await post(handler, request, { path: CREATE });
  assert.equal(response.status, 200);
  return ((await response.json()) as { clientSecret: string }).clientSecret;
}

/** What the stand-in does in the shopper's browser. */
function confirm(handler: Handler, secret: string, paymentMethod = 'pm_card_visa'): Promise<Response> {
  const id = secret.split('_secret_')[0]!;
  return post(handler, { client_secret: secret, payment_method: paymentMethod, return_url: 'https://shop.test/done' }, {
    path: `/sandbox/stripe/payment_intents/${id}/confirm`,
  });
}

describe('POST /stripe/payment-intents', () => {
  test('the first call creates a PaymentIntent for the order and answers only its client secret', async () => {
    const { handler, intents } = setup();
    const response = await post(handler, body(), { path: CREATE });
    assert.equal(response.status, 200);
    const answer = (await response.json()) as Record<string, string>;
    assert.deepEqual(Object.keys(answer), ['clientSecret']);
    const [intent] = intents();
    assert.equal(answer['clientSecret']!.split('_secret_')[0], intent!.id);
    assert.deepEqual({ ...intent, id: undefined }, { id: undefined, amount: 4990, currency: 'eur', status: 'requires_payment_method' });
  });

  test('20 concurrent identical requests create one PaymentIntent and all get its client secret', async () => {
    const { handler, intents } = setup();
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(handler, body(), { path: CREATE })));
    assert.deepEqual(new Set(responses.map((response) => response.status)), new Set([200]));
    const secrets = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as { clientSecret: string }).clientSecret)));
    assert.equal(secrets.size, 1);
    assert.equal(intents().length, 1);
  });

  test('each order gets its own PaymentIntent', async () => {
    const { handler, intents } = setup();
    const first = await clientSecret(handler);
    const second = await clientSecret(handler, body({ orderId: 'ord-2' }));
    assert.notEqual(first, second);
    assert.equal(intents().length, 2);
  });

  test('another amount or currency than the recorded order is refused 409, and the intent keeps the recorded amount', async () => {
    const { handler, intents } = setup();
    await clientSecret(handler);
    for (const request of [body({ amount: 5990 }), body({ currency: 'USD' }), body({ amount: 1 })]) {
      const response = await post(handler, request, { path: CREATE });
      assert.equal(response.status, 409);
      assert.deepEqual(await response.json(), { error: 'amount-mismatch', amount: 4990, currency: 'EUR' });
    }
    assert.deepEqual(intents().map(({ amount, currency }) => [amount, currency]), [[4990, 'eur']]);
  });

  test('the intent is created for the recorded amount when the request names none', async () => {
    const { handler, intents } = setup();
    await recordOrder(handler, anOrder({ amount: 1234 }));
    await clientSecret(handler, { orderId: 'ord-1' });
    assert.deepEqual(intents().map(({ amount, currency }) => [amount, currency]), [[1234, 'eur']]);
  });

  test('a declined intent can still be paid: decline is not a closed door', async () => {
    const { handler, intents } = setup();
    const secret = await clientSecret(handler);
    assert.equal((await confirm(handler, secret, 'pm_card_visa_chargeDeclined')).status, 402);
    assert.equal(await clientSecret(handler), secret);
    assert.equal((await confirm(handler, secret)).status, 200);
    assert.equal(intents()[0]!.status, 'succeeded');
  });

  test('once paid, the order answers 409 already-paid and the amount does not move', async () => {
    const { handler, intents } = setup();
    const secret = await clientSecret(handler);
    assert.equal((await confirm(handler, secret)).status, 200);
    const again = await post(handler, body(), { path: CREATE });
    assert.equal(again.status, 409);
    assert.deepEqual(await again.json(), { error: 'already-paid' });
    assert.deepEqual(intents().map(({ amount, status }) => [amount, status]), [[4990, 'succeeded']]);
  });

  test('after the failover canceled the intent, the order answers 409 payment-canceled, never a second intent', async () => {
    const { handler, intents } = setup();
    await clientSecret(handler);
    await post(handler, { orderId: 'ord-1', cancel: true }, { path: STATUS });
    const again = await post(handler, body(), { path: CREATE });
    assert.equal(again.status, 409);
    assert.deepEqual(await again.json(), { error: 'payment-canceled' });
    assert.equal(intents().length, 1);
  });

  const invalid: Array<[string, unknown, string]> = [
    ['a body that is not JSON', '{"orderId": ', 'body'],
    ['an empty body', '', 'body'],
    ['a body that is an array', [body()], 'body'],
    ['a missing orderId', body({ orderId: undefined }), 'orderId'],
    ['an orderId with a slash', body({ orderId: 'ord/1' }), 'orderId'],
    ['a zero amount', body({ amount: 0 }), 'amount'],
    ['a fractional amount', body({ amount: 49.9 }), 'amount'],
    ['an amount as a string', body({ amount: '4990' }), 'amount'],
    ['a lower-case currency', body({ currency: 'eur' }), 'currency'],
    ['a currency no longer in use', body({ currency: 'DEM' }), 'currency'],
    ['an unknown field', body({ customer: 'Ada' }), 'customer'],
  ];
  for (const [what, request, field] of invalid) {
    test(`${what} is refused with 400 naming ${field}, and no intent is created`, async () => {
      const { handler, intents } = setup();
      const response = await post(handler, request, { path: CREATE, key: null });
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: 'invalid-request', field });
      assert.equal(intents().length, 0);
    });
  }

  const sensitive: Array<[string, unknown]> = [
    ['a card number', body({ card: '4242 4242 4242 4242' })],
    ['a client secret', body({ orderId: 'pi_3Abc_secret_XyZ' })],
    ['a cvc field', body({ cvc: '123' })],
  ];
  for (const [what, request] of sensitive) {
    test(`a body holding ${what} is refused before any field is read`, async () => {
      const { handler, intents } = setup();
      const response = await post(handler, request, { path: CREATE, key: null });
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: 'sensitive-data-refused' });
      assert.equal(intents().length, 0);
    });
  }
});

describe('POST /stripe/payment-intents/status', () => {
  test('an order without an intent answers 404 unknown-order', async () => {
    const { handler } = setup();
    const response = await post(handler, { orderId: 'ord-9' }, { path: STATUS });
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: 'unknown-order' });
  });

  test('answers the status the provider holds now, with the intent id', async () => {
    const { handler, intents } = setup();
    const secret = await clientSecret(handler);
    const id = intents()[0]!.id;
    assert.deepEqual(await (await post(handler, { orderId: 'ord-1' }, { path: STATUS })).json(), {
      status: 'requires_payment_method', paymentIntentId: id,
    });
    await confirm(handler, secret);
    assert.deepEqual(await (await post(handler, { orderId: 'ord-1' }, { path: STATUS })).json(), {
      status: 'succeeded', paymentIntentId: id,
    });
  });

  test('cancel: true cancels an unpaid intent, and the shopper can no longer confirm it', async () => {
    const { handler } = setup();
    const secret = await clientSecret(handler);
    const response = await post(handler, { orderId: 'ord-1', cancel: true }, { path: STATUS });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { status: string }).status, 'canceled');
    const late = await confirm(handler, secret);
    assert.equal(late.status, 400);
    assert.equal(((await late.json()) as { error: { code: string } }).error.code, 'payment_intent_unexpected_state');
  });

  test('cancel: true cancels an intent waiting for 3-D Secure', async () => {
    const { handler } = setup();
    const secret = await clientSecret(handler);
    await confirm(handler, secret, 'pm_card_authenticationRequired');
    const response = await post(handler, { orderId: 'ord-1', cancel: true }, { path: STATUS });
    assert.equal(((await response.json()) as { status: string }).status, 'canceled');
  });

  test('cancel: true on a paid intent leaves it paid and says so', async () => {
    const { handler, intents } = setup();
    await confirm(handler, await clientSecret(handler));
    const response = await post(handler, { orderId: 'ord-1', cancel: true }, { path: STATUS });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { status: string }).status, 'succeeded');
    assert.equal(intents()[0]!.status, 'succeeded');
  });

  test('a cancel that is not a boolean is refused', async () => {
    const { handler } = setup();
    await clientSecret(handler);
    const response = await post(handler, { orderId: 'ord-1', cancel: 'yes' }, { path: STATUS });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: 'invalid-request', field: 'cancel' });
  });
});
