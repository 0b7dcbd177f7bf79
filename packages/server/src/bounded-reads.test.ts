import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { createRelaisHandler, openOrderStore, toNodeListener } from './index.js';
import { ADMIN_TOKEN, anOrder, get, knownOrder, post } from './fixtures.js';
import { json } from './http.js';
import { openIncidentStore, pruneBatch } from './incident-store.js';
import { databaseOf } from './order-store.js';
import { migrate } from './schema.js';
import { sandbox } from './test-lab.js';

const incident = (orderId: string, kind = 'sdk-timeout') => ({
  provider: 'stripe', kind, reason: 'timeout', latencyMs: 8000, orderId, at: new Date().toISOString(),
});

/** `count` orders and one technical incident each, straight into the tables, `stepMs` apart, oldest first. */
function seed(db: Database.Database, count: number, stepMs: number, now = Date.now()): void {
  const addOrder = db.prepare(`INSERT INTO orders (idempotency_key, order_id, request_hash, order_json, answer_status, answer_json,
    created_at, updated_at, status, method) VALUES (?, ?, 'h', ?, 201, ?, ?, ?, 'pending', 'stripe')`);
  const addIncident = db.prepare('INSERT INTO incidents (provider, kind, reason, latency_ms, order_id, at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let index = 0; index < count; index++) {
      const at = now - (count - index) * stepMs;
      const orderId = `seed-${index}`;
      const created = new Date(at).toISOString();
      addOrder.run(orderId, orderId, JSON.stringify({ orderId, amount: 100, currency: 'EUR', method: 'stripe' }),
        JSON.stringify({ orderId, status: 'pending', method: 'stripe', amount: 100, currency: 'EUR' }), created, created);
      addIncident.run('stripe', 'sdk-timeout', 'timeout', 1, orderId, created, at);
    }
  })();
}

function seeded(count: number, stepMs = 1000) {
  const store = openOrderStore();
  seed(databaseOf(store)!, count, stepMs);
  return createRelaisHandler({ store, sandbox, adminToken: ADMIN_TOKEN, recheckIntervalMs: 0 });
}

describe('GET /events newest first', () => {
  test('pages newest first with a Link to the next page, and the pages add up to every incident once', async () => {
    const handler = seeded(7);
    const seen: number[] = [];
    let path: string | undefined = '/events?order=desc&limit=3';
    let pages = 0;
    while (path) {
      const response = await get(handler, path);
      assert.equal(response.status, 200);
      const page = (await response.json()) as Array<{ id: number; receivedAt: string }>;
      seen.push(...page.map((row) => row.id));
      const link = response.headers.get('link');
      path = link ? `/events${/^<(\?[^>]+)>; rel="next"$/.exec(link)![1]}` : undefined;
      pages++;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, [7, 6, 5, 4, 3, 2, 1]);
  });

  test('a cursor that is not one is refused 400 naming before', async () => {
    const response = await get(seeded(2), '/events?order=desc&before=yesterday');
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: 'invalid-query', field: 'before' });
  });
});

describe('GET /report pages', () => {
  test('a period longer than the page says until where it covers and links the next page from there', async () => {
    const handler = seeded(30, 60_000);
    const first = await get(handler, '/report?format=json&limit=10');
    assert.equal(first.status, 200);
    const report = (await first.json()) as { until?: string; outages: Array<{ incidents: number }> };
    assert.ok(report.until, 'until is named');
    assert.equal(report.outages.reduce((sum, outage) => sum + outage.incidents, 0), 10);
    assert.equal(first.headers.get('link'), `<?format=json&limit=10&since=${encodeURIComponent(report.until)}>; rel="next"`);
    const next = (await (await get(handler, `/report?format=json&limit=10&since=${report.until}`)).json()) as { since: string; outages: Array<{ start: string }> };
    assert.equal(next.since, report.until);
    assert.ok(next.outages.every((outage) => outage.start >= report.until!));
  });

  test('a period that fits its page has no until and no Link', async () => {
    const response = await get(seeded(5, 60_000), '/report?format=json');
    assert.equal(response.headers.get('link'), null);
    assert.equal(((await response.json()) as { until?: string }).until, undefined);
  });

  test('a limit outside 1–10000 is refused 400 naming limit', async () => {
    const response = await get(seeded(1), '/report?limit=10001');
    assert.deepEqual(await response.json(), { error: 'invalid-query', field: 'limit' });
  });
});

describe('incident pruning in batches', () => {
  test('with a limit of 100 the table never holds more than the limit and a batch, and ends at the limit after a batch', () => {
    const db = new Database(':memory:');
    migrate(db);
    for (let index = 0; index < 200; index++) knownOrder(db, `ord-${index}`);
    const incidents = openIncidentStore(db, { maxRows: 100, maxUnknownRows: 100 });
    const count = () => (db.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }).n;
    let most = 0;
    for (let index = 0; index < 200; index++) {
      incidents.add(incident(`ord-${index}`));
      most = Math.max(most, count());
    }
    assert.equal(pruneBatch(100), 5);
    assert.ok(most <= 100 + pruneBatch(100), `held ${most}`);
    assert.equal(count(), 100);
  });
});

describe('GET /health counts', () => {
  test('an incident posted right after a health answer shows in the next one, through the cache', async () => {
    const store = openOrderStore();
    const handler = createRelaisHandler({ store, sandbox, adminToken: ADMIN_TOKEN, recheckIntervalMs: 0 });
    for (let index = 0; index < 5; index++) await post(handler, anOrder({ orderId: `ord-${index}` }));
    const status = async () => ((await (await get(handler, '/health')).json()) as { providers: { stripe: { status: string } } }).providers.stripe.status;
    assert.equal(await status(), 'up');
    for (let index = 0; index < 5; index++) {
      assert.equal((await post(handler, incident(`ord-${index}`), { path: '/events', key: null })).status, 204);
    }
    assert.equal(await status(), 'degraded');
  });
});

describe('json() answers', () => {
  test('read as a Web Response: status, headers, body and clone are there', async () => {
    const response = json({ ok: true }, 201, { 'cache-control': 'no-store' });
    assert.ok(response instanceof Response);
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(await response.clone().json(), { ok: true });
    assert.equal(await response.text(), '{"ok":true}');
    assert.equal(response.bodyUsed, true);
  });

  test('through the Node adapter: Content-Length, no chunks, and a doubled Content-Type is still refused', async () => {
    const handler = createRelaisHandler({ store: openOrderStore(), sandbox, recheckIntervalMs: 0 });
    const server = createServer(toNodeListener(handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const send = (headers: string[]) => new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const body = JSON.stringify(anOrder());
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/orders', headers: ['host', `127.0.0.1:${port}`, ...headers, 'idempotency-key', 'ord-1', 'content-length', String(Buffer.byteLength(body))] }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => { text += chunk.toString(); });
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    try {
      const created = await send(['content-type', 'application/json']);
      assert.equal(created.status, 201, created.body);
      assert.equal(created.headers['content-length'], String(Buffer.byteLength(created.body)));
      assert.equal(created.headers['transfer-encoding'], undefined);
      assert.equal(created.headers['x-content-type-options'], 'nosniff');
      const doubled = await send(['content-type', 'application/json', 'content-type', 'text/plain']);
      assert.equal(doubled.status, 415);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
