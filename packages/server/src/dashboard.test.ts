import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, type DashboardOrder, type OutageReport } from './index.js';
import { databaseOf } from './order-store.js';
import { ADMIN_TOKEN, anOrder, get, post } from './fixtures.js';
import { sandbox } from './test-lab.js';

function setup() {
  const store = openOrderStore();
  return { store, handler: createRelaisHandler({ store, sandbox, adminToken: ADMIN_TOKEN }) };
}

type Setup = ReturnType<typeof setup>;

const minute = 60_000;
const isoAgo = (ms: number) => new Date(Date.now() - ms).toISOString();
const day = 24 * 60 * minute;
const queued = (at: string) => ({ path: `/orders?queued-at=${encodeURIComponent(at)}` });
const listed = async ({ handler }: Setup, query = ''): Promise<DashboardOrder[]> => (await get(handler, `/orders${query}`)).json();
const beacon = ({ handler }: Setup, incident: Record<string, unknown>) => post(handler, {
  provider: 'stripe', kind: 'sdk-load-failed', reason: 'blocked', latencyMs: 10, orderId: 'ord-1',
  at: new Date().toISOString(), ...incident,
}, { path: '/events', key: null });

describe('queued-at on POST /orders', () => {
  test('a queued order is stored with the time the queue took it, normalised to UTC', async () => {
    const { store, handler } = setup();
    const utc = isoAgo(minute);
    // The same moment as a clock two hours ahead of UTC writes it: the `+` must reach the server
    // encoded, or the query parameter reads it as a space.
    const paris = new Date(Date.parse(utc) + 120 * minute).toISOString().replace('Z', '+02:00');
    const response = await post(handler, anOrder(), queued(paris));
    assert.equal(response.status, 201);
    assert.equal(store.get('ord-1')?.queuedAt, utc);
  });

  test('an order sent straight from the page has no queuedAt', async () => {
    const { store, handler } = setup();
    await post(handler, anOrder());
    assert.equal('queuedAt' in store.get('ord-1')!, false);
  });

  const ignored: Array<[string, string]> = [
    ['not a date', 'yesterday'],
    ['a date without a zone', '2025-06-01T10:00:00'],
    ['a date more than 5 minutes ahead of the server', new Date(Date.now() + 10 * minute).toISOString()],
    ['a date more than 8 days before the server\'s clock (the queue keeps an order 7)', isoAgo(8 * day + minute)],
  ];
  for (const [what, header] of ignored) {
    test(`${what} is ignored, and the order is still recorded`, async () => {
      const { store, handler } = setup();
      const response = await post(handler, anOrder(), queued(header));
      assert.equal(response.status, 201);
      assert.equal(store.get('ord-1')?.queuedAt, undefined);
    });
  }

  test('an order the queue held for 7 days, as long as it keeps one, keeps its queuedAt', async () => {
    const { store, handler } = setup();
    const weekAgo = isoAgo(7 * day);
    await post(handler, anOrder(), queued(weekAgo));
    assert.equal(store.get('ord-1')?.queuedAt, weekAgo);
  });

  test('a Relais-Queued-At header is not read: the query parameter is the only marker', async () => {
    const { store, handler } = setup();
    await post(handler, anOrder(), { headers: { 'relais-queued-at': isoAgo(minute) } });
    assert.equal(store.get('ord-1')?.queuedAt, undefined);
  });

  test('a time a little ahead (a shopper\'s clock) is kept as the moment the order arrived', async () => {
    const { store, handler } = setup();
    const before = Date.now();
    await post(handler, anOrder(), queued(new Date(before + 2 * minute).toISOString()));
    const stored = store.get('ord-1')!;
    assert.ok(Date.parse(stored.queuedAt!) >= before);
    assert.ok(Date.parse(stored.queuedAt!) <= Date.parse(stored.createdAt));
  });

  test('it is not part of the idempotency hash: tried directly, then delivered by the queue, answers 200 and keeps the first record', async () => {
    const { store, handler } = setup();
    const direct = await post(handler, anOrder());
    const fromQueue = await post(handler, anOrder(), queued(isoAgo(minute)));
    assert.deepEqual([direct.status, fromQueue.status], [201, 200]);
    assert.equal(await fromQueue.text(), await direct.text());
    assert.equal(store.get('ord-1')?.queuedAt, undefined);
  });

  test('a replay with another queued-at keeps the first one', async () => {
    const { store, handler } = setup();
    const first = isoAgo(3 * minute);
    await post(handler, anOrder(), queued(first));
    assert.equal((await post(handler, anOrder(), queued(isoAgo(minute)))).status, 200);
    assert.equal(store.get('ord-1')?.queuedAt, first);
  });
});

describe('GET /orders', () => {
  test('lists orders oldest first with method, status and queuedAt, without customer or items', async () => {
    const { handler } = setup();
    const queuedAt = isoAgo(2 * minute);
    await post(handler, anOrder({
      orderId: 'ord-a', method: 'paypal', paymentReference: '5O190127TN364715T',
      customer: { email: 'ada@example.com', name: 'Ada' }, items: [{ name: 'Tea', quantity: 1, amount: 4990 }],
    }));
    await post(handler, anOrder({ orderId: 'ord-b', method: 'bank-transfer', amount: 1200 }), queued(queuedAt));

    const response = await get(handler, '/orders');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const orders = (await response.json()) as DashboardOrder[];
    assert.deepEqual(orders.map(({ createdAt, updatedAt, ...rest }) => rest), [
      // The page's reference alone pays nothing: no PayPal order of this server was captured for it.
      { orderId: 'ord-a', amount: 4990, currency: 'EUR', method: 'paypal', status: 'pending' },
      { orderId: 'ord-b', amount: 1200, currency: 'EUR', method: 'bank-transfer', status: 'pending-payment', queuedAt },
    ]);
    assert.ok(orders.every((order) => !Number.isNaN(Date.parse(order.createdAt))));
    assert.doesNotMatch(JSON.stringify(orders), /ada@example\.com|Tea/);
  });

  test('since= keeps only orders recorded from then on', async () => {
    const api = setup();
    await post(api.handler, anOrder());
    const past = encodeURIComponent(isoAgo(minute));
    const future = encodeURIComponent(new Date(Date.now() + minute).toISOString());
    assert.deepEqual((await listed(api, `?since=${past}`)).map((order) => order.orderId), ['ord-1']);
    assert.deepEqual(await listed(api, `?since=${future}`), []);
  });

  test('a since that is not an ISO timestamp is refused 400', async () => {
    const response = await get(setup().handler, '/orders?since=1717236000');
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: 'invalid-query', field: 'since' });
  });

  test('one page holds at most 1000 orders; the next starts at the last createdAt', async () => {
    const { store, handler } = setup();
    for (let i = 0; i < 1001; i++) {
      store.insertOrGet({
        idempotencyKey: `o${i}`, requestHash: 'h',
        order: { orderId: `o${i}`, amount: 100, currency: 'EUR', method: 'stripe' },
        answer: () => ({ status: 201, body: { orderId: `o${i}`, status: 'pending', method: 'stripe', amount: 100, currency: 'EUR' } }),
      });
    }
    const page = (await (await get(handler, '/orders')).json()) as DashboardOrder[];
    assert.equal(page.length, 1000);
    assert.equal(page[0]!.orderId, 'o0');
    const next = (await (await get(handler, `/orders?since=${encodeURIComponent(page.at(-1)!.createdAt)}`)).json()) as DashboardOrder[];
    assert.equal(next.at(-1)!.orderId, 'o1000');
  });
});

describe('GET /orders?order=desc (newest first, paged)', () => {
  function fill(store: Setup['store'], count: number) {
    for (let i = 0; i < count; i++) {
      store.insertOrGet({
        idempotencyKey: `o${i}`, requestHash: 'h',
        order: { orderId: `o${i}`, amount: 100, currency: 'EUR', method: 'stripe' },
        answer: () => ({ status: 201, body: { orderId: `o${i}`, status: 'pending', method: 'stripe', amount: 100, currency: 'EUR' } }),
      });
    }
  }
  const next = (response: Response) => /^<\?([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1];

  test('5,000 orders in a day still show the newest first, and Link pages through every one of them once', async () => {
    const api = setup();
    fill(api.store, 5000);
    const since = encodeURIComponent(isoAgo(day));
    const oldestFirst = await listed(api, `?since=${since}`);
    assert.equal(oldestFirst[0]!.orderId, 'o0', 'the default order is unchanged');

    let query: string | undefined = `since=${since}&order=desc&limit=500`;
    const seen: string[] = [];
    let pages = 0;
    while (query !== undefined) {
      const response = await get(api.handler, `/orders?${query}`);
      assert.equal(response.status, 200);
      const page = (await response.json()) as DashboardOrder[];
      seen.push(...page.map((order) => order.orderId));
      query = next(response);
      pages++;
    }
    assert.equal(seen[0], 'o4999');
    assert.equal(seen[499], 'o4500');
    assert.equal(pages, 10);
    assert.equal(new Set(seen).size, 5000);
    assert.deepEqual(seen, Array.from({ length: 5000 }, (_, i) => `o${4999 - i}`));
  });

  test('reads a page through the created_at index, not the whole table', () => {
    const { store } = setup();
    const db = databaseOf(store)!;
    const plan = db.prepare(
      `EXPLAIN QUERY PLAN SELECT rowid AS row_id, * FROM orders INDEXED BY orders_created_at
       WHERE created_at >= ? AND created_at <= ? AND NOT (created_at = ? AND rowid >= ?) ORDER BY created_at DESC, rowid DESC LIMIT 10`,
    ).all('2025-01-01', '2026-01-01', '2026-01-01', 5) as Array<{ detail: string }>;
    const details = plan.map((row) => row.detail).join(' | ');
    assert.match(details, /USING INDEX orders_created_at/);
    assert.doesNotMatch(details, /TEMP B-TREE/, 'no sort of the whole day in memory');
  });

  test('since= bounds the newest pages too; the last page has no Link', async () => {
    const api = setup();
    fill(api.store, 3);
    const response = await get(api.handler, `/orders?order=desc&limit=2&since=${encodeURIComponent(isoAgo(minute))}`);
    assert.deepEqual(((await response.json()) as DashboardOrder[]).map((order) => order.orderId), ['o2', 'o1']);
    const last = await get(api.handler, `/orders?${next(response)!}`);
    assert.deepEqual(((await last.json()) as DashboardOrder[]).map((order) => order.orderId), ['o0']);
    assert.equal(last.headers.get('link'), null);
    const future = encodeURIComponent(new Date(Date.now() + minute).toISOString());
    assert.deepEqual(await listed(api, `?order=desc&since=${future}`), []);
  });

  const refused: Array<[string, string, string]> = [
    ['an unknown order', '?order=newest', 'order'],
    ['a limit of 0', '?order=desc&limit=0', 'limit'],
    ['a limit above 1000', '?order=desc&limit=1001', 'limit'],
    ['a cursor that is not one', '?order=desc&before=12', 'before'],
    ['a cursor on the oldest-first list', '?before=1_2025-01-01T00:00:00.000Z', 'before'],
  ];
  for (const [what, query, field] of refused) {
    test(`${what} is refused 400 naming ${field}`, async () => {
      const response = await get(setup().handler, `/orders${query}`);
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: 'invalid-query', field });
    });
  }
});

describe('GET /report', () => {
  async function outageWithOrders(api: Setup) {
    const { handler } = api;
    // Stripe fails for two shoppers; one pays by PayPal instead, the other by bank transfer
    // through the queue (the shop's API was unreachable for a moment too).
    await beacon(api, { orderId: 'ord-a' });
    await beacon(api, { orderId: 'ord-b', kind: 'sdk-timeout' });
    await beacon(api, { orderId: 'ord-a', kind: 'declined' });
    await post(handler, anOrder({ orderId: 'ord-a', method: 'paypal', amount: 4990, paymentReference: '5O190127TN364715T' }));
    await post(handler, anOrder({ orderId: 'ord-b', method: 'bank-transfer', amount: 4990 }), queued(isoAgo(minute)));
  }

  test('JSON by default: one outage per provider episode, with the orders failover and the queue kept', async () => {
    const api = setup();
    await outageWithOrders(api);
    const response = await get(api.handler, '/report');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(response.headers.get('content-disposition') ?? '', /^attachment; filename="relais-incidents-\d{4}-\d{2}-\d{2}\.json"$/);
    const report = (await response.json()) as OutageReport;
    assert.equal(report.since, null);
    assert.deepEqual(report.outages.map(({ start, end, recoveredAt, ...rest }) => rest), [
      {
        provider: 'merchant-server', cause: 'unreachable', causes: { unreachable: 1 }, ongoing: false, incidents: 0,
        ordersAffected: ['ord-b'], ordersThroughOtherMethod: [], ordersQueued: ['ord-b'],
        amountKept: [{ currency: 'EUR', amount: 4990 }],
      },
      {
        provider: 'stripe', cause: 'sdk-load-failed', causes: { 'sdk-load-failed': 1, 'sdk-timeout': 1 }, ongoing: true,
        incidents: 2, ordersAffected: ['ord-a', 'ord-b'], ordersThroughOtherMethod: ['ord-a', 'ord-b'],
        ordersQueued: ['ord-b'], amountKept: [{ currency: 'EUR', amount: 9980 }],
      },
    ]);
  });

  test('format=csv downloads the same outages as a CSV file', async () => {
    const api = setup();
    await outageWithOrders(api);
    const response = await get(api.handler, '/report?format=csv');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8; header=present');
    assert.match(response.headers.get('content-disposition') ?? '', /^attachment; filename="relais-incidents-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await response.text()).split('\r\n');
    assert.equal(lines[0], 'provider,cause,start,end,ongoing,incidents,orders_affected,orders_other_method,orders_queued,amount_kept,recovered_at');
    assert.match(lines[1]!, /^merchant-server,unreachable,[^,]+,[^,]+,false,0,1,0,1,49\.90 EUR,[^,]+$/);
    assert.match(lines[2]!, /^stripe,sdk-load-failed,[^,]+,[^,]+,true,2,2,2,1,99\.80 EUR,$/);
    assert.deepEqual(lines.slice(3), ['']);
  });

  test('an order the queue held for days is listed with its queuedAt but is no merchant-server outage', async () => {
    const api = setup();
    const queuedAt = isoAgo(2 * day);
    await post(api.handler, anOrder(), queued(queuedAt));
    assert.deepEqual((await listed(api)).map((order) => [order.orderId, order.queuedAt]), [['ord-1', queuedAt]]);
    const report = (await (await get(api.handler, '/report')).json()) as OutageReport;
    assert.deepEqual(report.outages, []);
  });

  test('since= leaves out what came before it and is echoed in the report', async () => {
    const api = setup();
    await outageWithOrders(api);
    const since = new Date(Date.now() + minute).toISOString();
    const report = (await (await get(api.handler, `/report?since=${encodeURIComponent(since)}`)).json()) as OutageReport;
    assert.deepEqual({ since: report.since, outages: report.outages }, { since, outages: [] });
  });

  const refused: Array<[string, string, string]> = [
    ['a since that is not an ISO timestamp', '?since=today', 'since'],
    ['an unknown format', '?format=xlsx', 'format'],
  ];
  for (const [what, query, field] of refused) {
    test(`${what} is refused 400 naming ${field}`, async () => {
      const response = await get(setup().handler, `/report${query}`);
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: 'invalid-query', field });
    });
  }
});
