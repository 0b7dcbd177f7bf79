import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, type Handler } from '../index.js';
import { get, post } from '../fixtures.js';
import { fakePayPalApi } from './fake-paypal-api.js';
import { sandbox as fakeProviders } from '../test-lab.js';

const STATUS = '/paypal/orders/status';

const body = (overrides: Record<string, unknown> = {}) => ({ orderId: 'ord-1', amount: 4990, currency: 'EUR', ...overrides });

async function createOrder(handler: Handler, request = body()): Promise<string> {
  const response = await post(handler, request, { path: '/paypal/orders' });
  assert.equal(response.status, 200);
  return ((await response.json()) as { id: string }).id;
}

const approve = (handler: Handler, id: string) => post(handler, {}, { path: `/sandbox/paypal/orders/${id}/approve`, key: null });
const capture = (handler: Handler, id: string) => post(handler, { orderId: 'ord-1' }, { path: `/paypal/orders/${id}/capture` });
const status = (handler: Handler, orderId = 'ord-1') => post(handler, { orderId }, { path: STATUS });

function sandbox() {
  return createRelaisHandler({ store: openOrderStore(), sandbox: fakeProviders });
}

function live() {
  const paypal = fakePayPalApi();
  const handler = createRelaisHandler({
    store: openOrderStore(),
    paypal: { clientId: 'AYrelais', clientSecret: 'ELrelais', environment: 'sandbox', fetch: paypal.fetch },
  });
  return { paypal, handler };
}

describe('POST /paypal/orders/status', () => {
  test('an order without a PayPal order answers 404 unknown-order', async () => {
    const response = await status(sandbox(), 'ord-9');
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: 'unknown-order' });
  });

  test('answers PayPal\'s status as it moves: CREATED, then APPROVED, then COMPLETED with the capture id', async () => {
    const handler = sandbox();
    const id = await createOrder(handler);
    assert.deepEqual(await (await status(handler)).json(), { status: 'CREATED', id });
    await approve(handler, id);
    assert.deepEqual(await (await status(handler)).json(), { status: 'APPROVED', id });
    const captured = (await (await capture(handler, id)).json()) as { captureId: string };
    assert.deepEqual(await (await status(handler)).json(), { status: 'COMPLETED', id, captureId: captured.captureId });
  });

  test('reading the status never captures: an approved order stays approved', async () => {
    const handler = sandbox();
    const id = await createOrder(handler);
    await approve(handler, id);
    await status(handler);
    await status(handler);
    const ledger = (await (await get(handler, '/sandbox/ledger/ord-1')).json()) as { paypal: Array<{ status: string; captureId: string | null }> };
    assert.deepEqual(ledger.paypal.map(({ status: s, captureId }) => [s, captureId]), [['APPROVED', null]]);
  });

  test('reads PayPal, not the last record: a capture whose answer was lost shows as COMPLETED', async () => {
    const { paypal, handler } = live();
    const id = await createOrder(handler);
    // PayPal captured (the merchant's call timed out before recording the answer).
    Object.assign(paypal.orders.get(id)!, { status: 'COMPLETED', captureId: '3C6793600000000042' });
    assert.deepEqual(await (await status(handler)).json(), { status: 'COMPLETED', id, captureId: '3C6793600000000042' });
  });

  test('once it saw a capture, a capture retry replays it without asking PayPal to capture again', async () => {
    const { paypal, handler } = live();
    const id = await createOrder(handler);
    Object.assign(paypal.orders.get(id)!, { status: 'COMPLETED', captureId: '3C6793600000000042' });
    await status(handler);
    const replay = await capture(handler, id);
    assert.equal(replay.status, 200);
    assert.deepEqual(await replay.json(), { status: 'COMPLETED', captureId: '3C6793600000000042', orderId: 'ord-1' });
    assert.equal(paypal.requests.filter((r) => r.url.pathname.endsWith('/capture')).length, 0);
  });

  test('PayPal unreachable answers 502 provider-unavailable, never a guess', async () => {
    const { paypal, handler } = live();
    const id = await createOrder(handler);
    paypal.script.push({ path: `/v2/checkout/orders/${id}`, status: 503, body: {} });
    const response = await status(handler);
    assert.equal(response.status, 502);
    assert.deepEqual(await response.json(), { error: 'provider-unavailable', provider: 'paypal' });
  });

  test('a VOIDED order is reported as PayPal says it', async () => {
    const { paypal, handler } = live();
    const id = await createOrder(handler);
    paypal.orders.get(id)!.status = 'VOIDED';
    assert.deepEqual(await (await status(handler)).json(), { status: 'VOIDED', id });
  });

  test('only {orderId} is accepted', async () => {
    const handler = sandbox();
    const extra = await post(handler, { orderId: 'ord-1', capture: true }, { path: STATUS });
    assert.equal(extra.status, 400);
    assert.deepEqual(await extra.json(), { error: 'invalid-request', field: 'capture' });
    const bad = await post(handler, { orderId: 'ord/1' }, { path: STATUS });
    assert.deepEqual(await bad.json(), { error: 'invalid-request', field: 'orderId' });
  });
});

describe('GET /sandbox/ledger/{orderId}', () => {
  test('lists what the fake providers hold for the order, and no client secret', async () => {
    const handler = sandbox();
    await post(handler, body(), { path: '/stripe/payment-intents' });
    const id = await createOrder(handler);
    await createOrder(handler, body({ orderId: 'ord-2' }));
    const response = await get(handler, '/sandbox/ledger/ord-1');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const text = await response.text();
    assert.doesNotMatch(text, /secret/i);
    const ledger = JSON.parse(text) as { stripe: Array<Record<string, unknown>>; paypal: Array<Record<string, unknown>> };
    assert.equal(ledger.stripe.length, 1);
    assert.deepEqual({ ...ledger.stripe[0], id: undefined }, { id: undefined, status: 'requires_payment_method', amount: 4990, currency: 'eur' });
    assert.deepEqual(ledger.paypal, [{ id, status: 'CREATED', amount: 4990, currency: 'EUR', captureId: null }]);
  });
});
