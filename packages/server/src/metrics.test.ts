import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, type Handler } from './index.js';
import { ADMIN_TOKEN, anOrder, get, post } from './fixtures.js';
import { sandbox } from './test-lab.js';

const minute = 60_000;

function setup(extra: Partial<Parameters<typeof createRelaisHandler>[0]> = {}) {
  return createRelaisHandler({ store: openOrderStore(), sandbox, adminToken: ADMIN_TOKEN, ...extra });
}

async function scrape(handler: Handler): Promise<string> {
  const response = await get(handler, '/metrics');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type')!, /^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one sample, `name{labels}`, or 0 when absent (Prometheus' reading of a counter never incremented). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = match[2] ? match[2].split(',') : [];
    if (want.every((pair) => have.includes(pair))) return Number(match[3]);
  }
  return 0;
}

const incident = (provider: string, kind: string, orderId: string) => ({ provider, kind, reason: 'r', latencyMs: 5, orderId, at: new Date().toISOString() });

/** A PayPal payment as the element and the stand-in make it; `decline` approves with a refused card. */
async function payByPayPal(handler: Handler, orderId: string, decline = false): Promise<Response> {
  const created = await post(handler, { orderId, amount: 4990, currency: 'EUR' }, { path: '/paypal/orders' });
  const { id } = (await created.json()) as { id: string };
  await post(handler, decline ? { fault: 'decline' } : {}, { path: `/sandbox/paypal/orders/${id}/approve`, key: null });
  return post(handler, { orderId }, { path: `/paypal/orders/${id}/capture`, key: `${orderId}:paypal:capture` });
}

describe('GET /metrics', () => {
  test('answers only to the admin token', async () => {
    const handler = setup();
    assert.equal((await get(handler, '/metrics', {})).status, 401);
    assert.equal((await get(handler, '/metrics', { authorization: 'Bearer wrong-token-0123456789' })).status, 401);
    assert.equal((await get(createRelaisHandler({ store: openOrderStore(), sandbox }), '/metrics')).status, 403);
  });

  test('after orders, payments and incidents, counts payments by outcome, failovers, kept orders, queued deliveries and latencies', async () => {
    const handler = setup({ health: { down: ['stripe'] } });
    // Paid through PayPal: verified by the server's own capture.
    assert.equal((await payByPayPal(handler, 'ord-paid')).status, 200);
    // Declined by PayPal at capture, and reported by the page too: one decline, not two.
    assert.equal((await payByPayPal(handler, 'ord-declined', true)).status, 422);
    await post(handler, incident('paypal', 'declined', 'ord-declined'), { path: '/events', key: null });
    // That shopper then moves to bank transfer: an order kept through another method.
    assert.equal((await post(handler, anOrder({ orderId: 'ord-declined', method: 'bank-transfer' }))).status, 200);
    // Stripe.js failed to load before the order existed; the order then arrives: a failed payment.
    await post(handler, incident('stripe', 'sdk-timeout', 'ord-failed'), { path: '/events', key: null });
    await post(handler, anOrder({ orderId: 'ord-failed', method: 'pay-later' }));
    // Made up by anyone: counted as a beacon, never as a payment.
    await post(handler, incident('stripe', 'api-unavailable', 'made-up'), { path: '/events', key: null });
    await post(handler, incident('paypal', 'outcome-unknown', 'ord-paid'), { path: '/events', key: null });
    // Delivered by a page's queue 15 minutes after it took the order.
    const queuedAt = new Date(Date.now() - 15 * minute).toISOString();
    assert.equal((await post(handler, anOrder({ orderId: 'ord-queued' }), { path: `/orders?queued-at=${queuedAt}` })).status, 201);

    const text = await scrape(handler);
    assert.equal(sample(text, 'relais_payments_total', { method: 'paypal', outcome: 'succeeded' }), 1);
    assert.equal(sample(text, 'relais_payments_total', { method: 'paypal', outcome: 'declined' }), 1);
    assert.equal(sample(text, 'relais_payments_total', { method: 'paypal', outcome: 'unknown' }), 1);
    assert.equal(sample(text, 'relais_payments_total', { method: 'stripe', outcome: 'failed' }), 1, 'the made-up order is not a payment');
    assert.equal(sample(text, 'relais_incidents_total', { provider: 'stripe', kind: 'api-unavailable' }), 1);
    assert.equal(sample(text, 'relais_incidents_total', { provider: 'paypal', kind: 'declined' }), 1);
    assert.equal(sample(text, 'relais_failovers_total', { cause: 'declined', from: 'paypal', to: 'bank-transfer' }), 1);
    assert.equal(sample(text, 'relais_failovers_total', { cause: 'sdk-timeout', from: 'stripe', to: 'pay-later' }), 1);
    assert.equal(sample(text, 'relais_orders_kept_total', { method: 'bank-transfer' }), 1);
    assert.equal(sample(text, 'relais_orders_kept_total', { method: 'pay-later' }), 1);
    assert.equal(sample(text, 'relais_queue_delivery_delay_seconds_count', { method: 'stripe' }), 1);
    assert.equal(sample(text, 'relais_queue_delivery_delay_seconds_bucket', { method: 'stripe', le: '600' }), 0);
    assert.equal(sample(text, 'relais_queue_delivery_delay_seconds_bucket', { method: 'stripe', le: '1800' }), 1);
    assert.equal(sample(text, 'relais_provider_health', { provider: 'stripe', state: 'down' }), 1);
    assert.equal(sample(text, 'relais_provider_health', { provider: 'paypal', state: 'up' }), 1);
    // Latencies per route pattern: the PayPal order id in the path is not a label.
    assert.equal(sample(text, 'relais_http_request_duration_seconds_count', { route: '/paypal/orders/:id/capture', method: 'POST', status: '422' }), 1);
    assert.equal(sample(text, 'relais_http_request_duration_seconds_count', { route: '/orders', method: 'POST', status: '201' }), 4);
    assert.doesNotMatch(text, /ord-|made-up|SBX/, 'no order id, no provider reference in a label');
  });

  test('each handler counts its own: two in one process never mix', async () => {
    const first = setup();
    const second = setup();
    await post(first, anOrder({ orderId: 'only-here', method: 'bank-transfer' }));
    await get(first, '/nowhere');
    assert.equal(sample(await scrape(first), 'relais_http_request_duration_seconds_count', { route: 'unmatched', status: '404' }), 1);
    assert.equal(sample(await scrape(second), 'relais_http_request_duration_seconds_count', { route: 'unmatched' }), 0);
    assert.equal(sample(await scrape(second), 'relais_http_request_duration_seconds_count', { route: '/orders', method: 'POST' }), 0);
  });

  test('every metric the alerting rules in docs/ use is one GET /metrics serves', async () => {
    const rules = readFileSync(new URL('../../../docs/relais-alerts.rules.yml', import.meta.url), 'utf8');
    const used = new Set([...rules.matchAll(/\brelais_[a-z_]+/g)].map(([name]) => name.replace(/_(bucket|count|sum)$/, '')));
    const served = new Set([...(await scrape(setup())).matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]));
    assert.ok(used.size >= 4, [...used].join(', '));
    for (const name of used) assert.ok(served.has(name), `${name} is not served`);
  });
});
