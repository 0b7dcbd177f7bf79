// Two instances, one truth: two relais-server processes on one PostgreSQL, requests split across
// both at once. Every guard must hold across them (one order per key, one capture, one payment),
// their reads must agree, and killing one mid-load must lose no order it acknowledged.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { startPostgres } from '../../packages/server/dist/pg-cluster.js';
import { fakePayPalApi } from '../../packages/server/dist/paypal/fake-paypal-api.js';
import { fakeStripeApi } from '../../packages/server/dist/stripe/fake-stripe-api.js';

const ADMIN_TOKEN = 'two-instances-admin-token-0123';
const INSTANCE = new URL('./relais-instance.mjs', import.meta.url).pathname;

/** A fake provider's `fetch` served over HTTP, so that both instances reach one provider. */
async function serve(api) {
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const answer = await api.fetch(`http://fake${req.url}`, { method: req.method, headers: req.headers, body });
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}

async function startInstance(config) {
  const child = spawn(process.execPath, [INSTANCE, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(createInterface({ input: child.stdout }), 'line');
  return { child, url: `${JSON.parse(line).url}/checkout` };
}

const order = (orderId, method = 'stripe') => ({ orderId, amount: 4990, currency: 'EUR', method });

function postTo(base, path, body, headers = {}) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const recordOrder = (base, body) => postTo(base, '/orders', body, { 'idempotency-key': body.orderId });

/**
 * `count` requests, at most `inFlight` at a time, each sent again on a network error or a 408/503
 * as the page's queue does (it replays until a 2xx). Resolves with the final answers and how many
 * tries were repeated: on a loaded machine a kept-alive connection can close under a request.
 */
async function sendAll(count, inFlight, send) {
  const responses = new Array(count);
  let next = 0;
  let retries = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < count) {
      const index = next++;
      for (let attempt = 1; ; attempt++) {
        try {
          const response = await send(index);
          if ((response.status === 408 || response.status === 503) && attempt < 5) {
            await response.arrayBuffer();
            retries++;
            continue;
          }
          responses[index] = { status: response.status, text: await response.text() };
          break;
        } catch (error) {
          if (attempt >= 5) throw error;
          retries++;
        }
      }
    }
  }));
  return { responses, retries };
}
const adminGet = (base, path) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });

describe('two relais-server instances on one PostgreSQL', { timeout: 300_000 }, () => {
  let cluster;
  let db;
  let stripe;
  let paypal;
  let fakes;
  let config;
  const instances = [];
  let a;
  let b;

  before(async () => {
    cluster = await startPostgres();
    const url = await cluster.createDatabase();
    db = new pg.Pool({ connectionString: url, max: 2 });
    stripe = fakeStripeApi();
    paypal = fakePayPalApi();
    fakes = [await serve(stripe), await serve(paypal)];
    config = { db: url, stripeBase: fakes[0].base, paypalBase: fakes[1].base, adminToken: ADMIN_TOKEN };
    // Both start at once: the migrations run once, under the advisory lock.
    instances.push(...(await Promise.all([startInstance(config), startInstance(config)])));
    [a, b] = instances.map((instance) => instance.url);
  });

  after(async () => {
    await Promise.all(instances.map(async ({ child }) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }));
    for (const { server } of fakes ?? []) server.close();
    await db?.end();
    await cluster?.stop();
  });

  const rows = async (sql, values = []) => (await db.query(sql, values)).rows;

  test('1,000 POST /orders with one key, split across both: one order, one 201, 999 identical 200s', async (t) => {
    const started = performance.now();
    const { responses, retries } = await sendAll(1000, 200, (index) => recordOrder(index % 2 ? a : b, order('same-key')));
    const statuses = responses.map((response) => response.status);
    assert.equal(statuses.filter((status) => status === 201).length, 1);
    assert.equal(statuses.filter((status) => status === 200).length, 999);
    const bodies = new Set(responses.map((response) => response.text));
    assert.equal(bodies.size, 1);
    assert.deepEqual(await rows("SELECT order_id FROM orders WHERE order_id = 'same-key'"), [{ order_id: 'same-key' }]);
    t.diagnostic(`1 order, 1×201, 999×200, 1 distinct body in ${Math.round(performance.now() - started)} ms (${retries} tries repeated)`);
  });

  test('1,000 POST /orders with distinct keys, split across both: 1,000 rows', async (t) => {
    const started = performance.now();
    const { responses, retries } = await sendAll(1000, 200, (index) => recordOrder(index % 2 ? a : b, order(`distinct-${index}`)));
    // A repeated try may find the order its lost first try recorded: 200, the same order.
    assert.deepEqual([...new Set(responses.map((response) => response.status))].filter((status) => status !== 201 && status !== 200), []);
    assert.deepEqual(await rows("SELECT count(*)::int AS n FROM orders WHERE order_id LIKE 'distinct-%'"), [{ n: 1000 }]);
    t.diagnostic(`1000 rows in ${Math.round(performance.now() - started)} ms (${retries} tries repeated)`);
  });

  test('a PayPal order created on one instance is captured on the other, once', async () => {
    const { secret } = await (await recordOrder(a, order('pp-1', 'paypal'))).json();
    const headers = { 'relais-order-secret': secret };
    const { id } = await (await postTo(a, '/paypal/orders', { orderId: 'pp-1' }, headers)).json();
    const captures = await Promise.all(Array.from({ length: 10 }, (_, index) =>
      postTo(index % 2 ? b : a, `/paypal/orders/${id}/capture`, { orderId: 'pp-1' }, headers)));
    assert.deepEqual([...new Set(captures.map((response) => response.status))], [200]);
    assert.equal(new Set(await Promise.all(captures.map((response) => response.text()))).size, 1);
    assert.equal(paypal.requests.filter((request) => request.url.pathname === `/v2/checkout/orders/${id}/capture`).length, 1);
    assert.deepEqual(await rows("SELECT status FROM orders WHERE order_id = 'pp-1'"), [{ status: 'paid' }]);
  });

  test('Stripe on one instance and PayPal on the other for one order: one payment', async () => {
    const { secret } = await (await recordOrder(a, order('both-1'))).json();
    const headers = { 'relais-order-secret': secret };
    const { id } = await (await postTo(b, '/paypal/orders', { orderId: 'both-1' }, headers)).json();
    assert.equal((await postTo(a, '/stripe/payment-intents', { orderId: 'both-1' }, headers)).status, 200);
    for (const intent of stripe.intents.values()) if (intent.metadata.orderId === 'both-1') intent.status = 'succeeded';
    const captures = await Promise.all([a, b].map((base) => postTo(base, `/paypal/orders/${id}/capture`, { orderId: 'both-1' }, headers)));
    for (const response of captures) {
      assert.equal(response.status, 409);
      assert.deepEqual(await response.json(), { error: 'already-paid', paidWith: 'stripe' });
    }
    assert.equal(paypal.requests.filter((request) => request.url.pathname.endsWith(`${id}/capture`)).length, 0);
  });

  test('health and the report agree on both instances', async () => {
    // Technical incidents from five recorded orders, posted to one instance: both say degraded.
    await Promise.all(Array.from({ length: 5 }, (_, index) => postTo(a, '/events', {
      provider: 'stripe', kind: 'sdk-timeout', reason: 'timeout', latencyMs: 8000, orderId: `distinct-${index}`, at: new Date().toISOString(),
    })));
    const health = await Promise.all([a, b].map(async (base) => (await fetch(`${base}/health`)).json()));
    assert.equal(health[0].providers.stripe.status, 'degraded');
    assert.deepEqual(health[0], health[1]);
    const reports = await Promise.all([a, b].map(async (base) => {
      const { generatedAt: _at, ...report } = await (await adminGet(base, '/report?format=json')).json();
      return report;
    }));
    assert.deepEqual(reports[0], reports[1]);
    const orders = await Promise.all([a, b].map(async (base) => (await adminGet(base, '/orders')).json()));
    assert.deepEqual(orders[0], orders[1]);
  });

  test('kill -9 of one instance mid-load loses no acknowledged order', async (t) => {
    const acknowledged = [];
    let killed = false;
    const victim = instances[1];
    const sends = Array.from({ length: 600 }, async (_, index) => {
      const orderId = `kill-${index}`;
      try {
        const response = await recordOrder(index % 2 ? a : b, order(orderId));
        await response.arrayBuffer();
        if (response.ok) acknowledged.push(orderId);
      } catch {
        // The killed instance's connections fail: those orders were never acknowledged.
      }
      if (!killed && acknowledged.length >= 100) {
        killed = true;
        victim.child.kill('SIGKILL');
      }
    });
    await Promise.all(sends);
    assert.ok(killed, 'the instance was killed mid-load');
    const stored = new Set((await rows("SELECT order_id FROM orders WHERE order_id LIKE 'kill-%'")).map((row) => row.order_id));
    const lost = acknowledged.filter((orderId) => !stored.has(orderId));
    assert.deepEqual(lost, []);
    t.diagnostic(`${acknowledged.length} of 600 acknowledged, ${stored.size} stored, ${lost.length} lost`);
    assert.ok(acknowledged.length >= 300, `the surviving instance kept answering (${acknowledged.length} acknowledged)`);
  });
});
