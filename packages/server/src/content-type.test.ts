import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, type Handler } from './index.js';
import { anOrder, ORIGIN, recordOrder } from './fixtures.js';
import { isAcceptedType } from './http.js';
import { databaseOf } from './order-store.js';
import { sandbox } from './test-lab.js';

/** Every table a refused request could have written to. */
const TABLES = [
  'orders', 'incidents', 'stripe_payment_intents', 'paypal_orders', 'sandbox_payment_intents', 'sandbox_paypal_orders',
];

function setup() {
  const store = openOrderStore();
  const handler = createRelaisHandler({ store, sandbox });
  const db = databaseOf(store)!;
  const rows = () => TABLES.map((table) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
  return { handler, rows };
}

/** The body as raw bytes, so that no content type is added unless `type` is given. */
function send(handler: Handler, path: string, body: unknown, type: string | undefined, key?: string, extra: Record<string, string> = {}): Promise<Response> {
  const headers: Record<string, string> = { ...extra };
  if (type !== undefined) headers['content-type'] = type;
  if (key !== undefined) headers['idempotency-key'] = key;
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  return handler(new Request(`${ORIGIN}${path}`, { method: 'POST', headers, body: bytes }));
}

// A form or a text body is what a page on another site can post without a CORS preflight.
const REFUSED: Array<[string, string | undefined]> = [
  ['text/plain', 'text/plain;charset=UTF-8'],
  ['a urlencoded form', 'application/x-www-form-urlencoded'],
  ['a multipart form', 'multipart/form-data; boundary=x'],
  ['no content type', undefined],
  ['JSON in another charset', 'application/json; charset=iso-8859-1'],
  ['a JSON-like type', 'application/vnd.api+json'],
];

const payment = { orderId: 'ord-1', amount: 4990, currency: 'EUR' };
const incident = {
  provider: 'stripe', kind: 'sdk-load-failed', reason: 'did not load', latencyMs: 212, orderId: 'ord-1', at: '2025-06-01T10:00:00.000Z',
};

const FAMILIES: Array<{ name: string; path: string; body: unknown; key?: string; accepted: number }> = [
  { name: 'POST /orders', path: '/orders', body: anOrder(), key: 'ord-1', accepted: 201 },
  { name: 'POST /stripe/payment-intents', path: '/stripe/payment-intents', body: payment, accepted: 200 },
  { name: 'POST /stripe/payment-intents/status', path: '/stripe/payment-intents/status', body: { orderId: 'ord-1' }, accepted: 404 },
  { name: 'POST /paypal/orders', path: '/paypal/orders', body: payment, accepted: 200 },
  { name: 'POST /paypal/orders/{id}/capture', path: '/paypal/orders/PP-1/capture', body: { orderId: 'ord-1' }, accepted: 404 },
  { name: 'POST /events', path: '/events', body: incident, accepted: 204 },
];

describe('JSON routes read application/json only', () => {
  for (const family of FAMILIES) {
    for (const [label, type] of REFUSED) {
      // sendBeacon's string body: the one text type the incident beacon takes.
      if (family.path === '/events' && type?.startsWith('text/plain')) continue;
      test(`${family.name}: ${label} is 415 unsupported-media-type and stores nothing`, async () => {
        const { handler, rows } = setup();
        const before = rows();
        const response = await send(handler, family.path, family.body, type, family.key);
        assert.equal(response.status, 415);
        assert.deepEqual(await response.json(), { error: 'unsupported-media-type' });
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        assert.deepEqual(rows(), before);
      });
    }

    test(`${family.name}: application/json in any case, with a UTF-8 charset, is read`, async () => {
      const { handler } = setup();
      // The payment routes read their body before anything else; past it they want the order recorded and its secret.
      const extra: Record<string, string> = family.path === '/orders' || family.path === '/events' ? {} : { 'relais-order-secret': await recordOrder(handler) };
      const response = await send(handler, family.path, family.body, 'Application/JSON; Charset="UTF-8"', family.key, extra);
      assert.equal(response.status, family.accepted, await response.clone().text());
    });
  }

  test('POST /events takes text/plain, as navigator.sendBeacon sends a string, parsed as strictly', async () => {
    const { handler, rows } = setup();
    assert.equal((await send(handler, '/events', incident, 'text/plain;charset=UTF-8')).status, 204);
    assert.equal(rows()[1], 1);
    const broken = await handler(new Request(`${ORIGIN}/events`, { method: 'POST', body: '{"provider": "stripe",' }));
    assert.equal(broken.status, 400);
    assert.equal(rows()[1], 1);
  });

  test("PayPal's capture may still be a bare POST: no body needs no content type", async () => {
    const { handler } = setup();
    const response = await handler(new Request(`${ORIGIN}/paypal/orders/PP-1/capture`, { method: 'POST' }));
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: 'unknown-order' });
  });

  test('isAcceptedType: the essence compared case-insensitively, charset=utf-8 the only parameter', () => {
    const json = ['application/json'];
    assert.equal(isAcceptedType('application/json', json), true);
    assert.equal(isAcceptedType('application/json;charset=utf-8', json), true);
    assert.equal(isAcceptedType(' APPLICATION/JSON ; CHARSET = UTF-8 ', json), true);
    assert.equal(isAcceptedType(null, json), false);
    assert.equal(isAcceptedType('', json), false);
    assert.equal(isAcceptedType('application/json, text/plain', json), false);
    assert.equal(isAcceptedType('application/json; boundary=x', json), false);
    assert.equal(isAcceptedType('application/jsonx', json), false);
  });
});
