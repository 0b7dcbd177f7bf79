import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, verifyAlertSignature, type AlertBody, type Handler } from './index.js';
import { anOrder, post } from './fixtures.js';
import { eventually, fakeStatusPage, summary, type FakeStatusPage } from './status-page-fixtures.js';
import { sandbox } from './test-lab.js';

const SECRET = 'alert-secret-0123456789';
const stops: AbortController[] = [];
const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const stop of stops) stop.abort();
  await Promise.all(closers.map((close) => close()));
});

interface Received {
  raw: string;
  signature: string | null;
  body: AlertBody;
}

/** A merchant's alert receiver on 127.0.0.1; `statuses` are answered in turn (then 200). */
async function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  let attempts = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      attempts += 1;
      const status = statuses.shift() ?? 200;
      if (status === 200) {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({ raw, signature: request.headers['relais-signature'] as string, body: JSON.parse(raw) as AlertBody });
      }
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`, received, attempts: () => attempts };
}

function setup(url: string, extra: Partial<Parameters<typeof createRelaisHandler>[0]> = {}) {
  const stop = new AbortController();
  stops.push(stop);
  const errors: Error[] = [];
  const handler = createRelaisHandler({
    store: openOrderStore(), sandbox, signal: stop.signal, onError: (error) => errors.push(error),
    alerts: { url, secret: SECRET, successRate: { below: 0.5, attempts: 4 }, retry: { attempts: 3, backoffMs: 20 } },
    ...extra,
  });
  return { handler, errors };
}

async function paidByPayPal(handler: Handler, orderId: string): Promise<void> {
  const created = await post(handler, { orderId, amount: 4990, currency: 'EUR' }, { path: '/paypal/orders' });
  const { id } = (await created.json()) as { id: string };
  await post(handler, {}, { path: `/sandbox/paypal/orders/${id}/approve`, key: null });
  assert.equal((await post(handler, { orderId }, { path: `/paypal/orders/${id}/capture`, key: `${orderId}:paypal:capture` })).status, 200);
}

async function failedOnPayPal(handler: Handler, orderId: string): Promise<void> {
  await post(handler, anOrder({ orderId, method: 'paypal' }));
  const incident = { provider: 'paypal', kind: 'api-unavailable', reason: 'r', latencyMs: 5, orderId, at: new Date().toISOString() };
  assert.equal((await post(handler, incident, { path: '/events', key: null })).status, 204);
}

/** What a receiver does: HMAC-SHA256 of "<t>.<raw body>" with the shared secret, compared to v1. */
function signedBySecret({ raw, signature }: Received): boolean {
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature ?? '') ?? [];
  if (!t || !v1) return false;
  return createHmac('sha256', SECRET).update(`${t}.${raw}`).digest('hex') === v1 && Math.abs(Date.now() / 1000 - Number(t)) < 60;
}

describe('alert webhook', () => {
  test('a success-rate drop sends exactly one signed alert, and one signed resolution once payments succeed again', async () => {
    const hook = await receiver();
    const { handler, errors } = setup(hook.url);
    for (const id of ['p1', 'p2', 'p3', 'p4']) await paidByPayPal(handler, id);
    for (const id of ['f1', 'f2', 'f3', 'f4', 'f5']) await failedOnPayPal(handler, id); // below 50% at f3, still below after
    await eventually(async () => (hook.received.length >= 1 ? true : undefined));
    for (const id of ['p5', 'p6', 'p7', 'p8']) await paidByPayPal(handler, id); // back to 50% at p6
    await eventually(async () => (hook.received.length >= 2 ? true : undefined));
    await paidByPayPal(handler, 'p9');

    assert.equal(hook.received.length, 2, hook.received.map((r) => r.raw).join('\n'));
    const [alert, resolution] = hook.received.map((r) => r.body);
    assert.deepEqual([alert!.status, alert!.kind, alert!.subject], ['firing', 'success-rate', 'paypal']);
    assert.deepEqual(alert!.details, { method: 'paypal', successRate: 0.25, attempts: 4, threshold: 0.5 });
    assert.deepEqual([resolution!.status, resolution!.id, resolution!.kind], ['resolved', alert!.id, 'success-rate']);
    assert.ok(resolution!.resolvedAt);
    for (const delivery of hook.received) {
      assert.ok(signedBySecret(delivery), 'signed with the shared secret');
      assert.equal(verifyAlertSignature(delivery.raw, delivery.signature, SECRET), true);
      assert.equal(verifyAlertSignature(delivery.raw, delivery.signature, 'another-secret-0123456789'), false);
      assert.equal(verifyAlertSignature(`${delivery.raw} `, delivery.signature, SECRET), false, 'a changed body');
      assert.equal(verifyAlertSignature(delivery.raw, delivery.signature, SECRET, Date.now() / 1000 + 3600), false, 'an hour later: a replay');
    }
    assert.deepEqual(errors, []);
  });

  test('a delivery the receiver fails is retried with backoff until it is taken', async () => {
    const hook = await receiver([503, 500]);
    const { handler } = setup(hook.url);
    const queuedAt = new Date(Date.now() - 5 * 60_000).toISOString();
    await post(handler, anOrder({ orderId: 'late' }), { path: `/orders?queued-at=${queuedAt}` });
    await eventually(async () => (hook.received.length ? true : undefined));
    assert.equal(hook.attempts(), 3);
    assert.equal(hook.received[0]!.body.kind, 'api-unreachable');
    assert.equal(hook.received[0]!.body.details['queuedAt'], queuedAt);
  });

  test('the API unreachable for pages: alerted through a late queued delivery, resolved by an order straight from a page', async () => {
    const hook = await receiver();
    const { handler } = setup(hook.url);
    const queuedAt = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    await post(handler, anOrder({ orderId: 'q1' }), { path: `/orders?queued-at=${queuedAt(8)}` });
    await post(handler, anOrder({ orderId: 'q2' }), { path: `/orders?queued-at=${queuedAt(7)}` }); // the same outage: no second alert
    await post(handler, anOrder({ orderId: 'straight' }));
    await eventually(async () => (hook.received.length >= 2 ? true : undefined));
    assert.deepEqual(hook.received.map((r) => [r.body.status, r.body.kind, r.body.subject]), [
      ['firing', 'api-unreachable', 'merchant-api'], ['resolved', 'api-unreachable', 'merchant-api'],
    ]);
  });

  test('a provider down on its status page is alerted once, with its source', async () => {
    const hook = await receiver();
    const page: FakeStatusPage = await fakeStatusPage({ json: summary([{ name: 'Payments API', status: 'major_outage' }]) });
    closers.push(() => page.close());
    setup(hook.url, { statusPages: { paypal: [{ url: page.url }] }, statusPageOptions: { intervalMs: 50, timeoutMs: 1500 } });
    await eventually(async () => (hook.received.length ? true : undefined));
    await eventually(async () => (page.reads >= 4 ? true : undefined)); // read again and again: still one alert
    assert.equal(hook.received.length, 1);
    assert.deepEqual([hook.received[0]!.body.kind, hook.received[0]!.body.subject], ['provider-down', 'paypal']);
    assert.deepEqual(hook.received[0]!.body.details, { source: 'status-page', reasons: ['Payments API: major_outage'] });
  });

  test('options are checked when the handler is created; the secret is never quoted', () => {
    const store = openOrderStore();
    assert.throws(() => createRelaisHandler({ store, sandbox, alerts: { url: 'http://x.test', secret: 'short' } }), (error: Error) =>
      /alerts\.secret must be at least 16 characters/.test(error.message) && !error.message.includes('short'));
    assert.throws(() => createRelaisHandler({ store, sandbox, alerts: { url: 'mailto:a@b', secret: SECRET } }), /alerts\.url must be an http\(s\) URL/);
  });
});
