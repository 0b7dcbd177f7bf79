import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NEWEST_PLANNED_ROWS, newestIncidents } from './pg-tables.js';
import { REPORT_PLANNED_ROWS, reportOrdersStatement } from './report-orders.js';
import { backendOf } from './store-backend.js';
import { planNodes, postgresStoreAndClient } from './test-stores.js';

/**
 * The dashboard's paged reads on PostgreSQL are named statements: each connection must plan
 * them once, at any table size, with the plan a call's values would get (pg-tables.ts,
 * `newestIncidents`). Before, past a few thousand rows PostgreSQL planned them on every call.
 */

const ROWS = 60_000;
const NOW = 1_800_000_000_000;
const MAX = Number.MAX_SAFE_INTEGER;

describe('PostgreSQL paged reads are planned once per connection', async () => {
  const { store, client } = await postgresStoreAndClient();
  // An order and an incident every 6 s, back from NOW, in the default cost settings
  // (random_page_cost 4: the planner's least favourable to an index).
  await client.query(
    `INSERT INTO orders (idempotency_key, order_id, request_hash, order_json, answer_status, answer_json, created_at, updated_at, status, method)
     SELECT 'seed-' || i, 'seed-' || i, 'h', '{"amount": 4990, "currency": "EUR"}', 201, '{}', to_char(to_timestamp(($2::bigint - ($1 - i) * 6000) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       'x', 'pending', 'stripe'
     FROM generate_series(1, $1) AS i`,
    [ROWS, NOW],
  );
  await client.query(
    `INSERT INTO incidents (provider, kind, reason, latency_ms, order_id, at, received_at)
     SELECT 'stripe', 'sdk-timeout', 'test', 1, 'seed-' || i, 'x', $2::bigint - ($1 - i) * 6000 FROM generate_series(1, $1) AS i`,
    [ROWS, NOW],
  );
  await client.query('VACUUM (ANALYZE) orders, incidents');

  const iso = (ms: number) => new Date(ms).toISOString();
  const statements = [
    { name: 'newest incidents', text: newestIncidents(NEWEST_PLANNED_ROWS), values: [0, MAX, MAX, 101] },
    { name: 'newest incidents since an hour', text: newestIncidents(NEWEST_PLANNED_ROWS), values: [NOW - 3_600_000, MAX, MAX, 1001] },
    { name: 'report orders', text: reportOrdersStatement(REPORT_PLANNED_ROWS), values: [iso(0), 1001] },
    { name: 'report orders since an hour', text: reportOrdersStatement(REPORT_PLANNED_ROWS), values: [iso(NOW - 3_600_000), 1001] },
  ];

  for (const { name, text, values } of statements) {
    test(`${name}: from the sixth call on a connection, its plan is the one kept, not made again`, async () => {
      const statement = `plans-${name.replaceAll(' ', '-')}`;
      // As the store sends it: a named statement, the driver's untyped parameters.
      for (let call = 0; call < 10; call++) await client.query({ name: statement, text, values });
      const { rows } = await client.query<{ generic_plans: string; custom_plans: string }>(
        'SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1', [statement],
      );
      assert.deepEqual({ generic: Number(rows[0]!.generic_plans), custom: Number(rows[0]!.custom_plans) }, { generic: 5, custom: 5 });
    });
  }

  test('the plan kept reads the index in its order and stops at the page: no table scan, no sort', async () => {
    const literal = (value: string | number) => (typeof value === 'number' ? String(value) : `'${value}'`);
    await client.query('SET plan_cache_mode = force_generic_plan');
    for (const [index, { name, text, values }] of statements.entries()) {
      try {
        await client.query(`PREPARE kept_${index} AS ${text}`);
        const nodes = await planNodes(client, `EXECUTE kept_${index} (${values.map(literal).join(', ')})`);
        const types = nodes.map((node) => node['Node Type']);
        assert.ok(!types.includes('Seq Scan') && !types.includes('Sort') && !types.includes('Bitmap Heap Scan'), `${name}: ${types.join(', ')}`);
        const table = name.startsWith('report') ? 'orders' : 'incidents';
        assert.ok(nodes.some((node) => node['Relation Name'] === table && node['Node Type'] === 'Index Scan'), `${name}: ${types.join(', ')}`);
      } finally {
        await client.query(`DEALLOCATE kept_${index}`);
      }
    }
    await client.query('RESET plan_cache_mode');
  });

  test('the estimate of a page is bounded by its cap, not by the table', async () => {
    // Uncapped, the estimate is a tenth of a third (a ninth for the incidents) of the table:
    // 2,000 orders, 666 incidents here. Capped lower, it stays under the cap.
    for (const [text, values, cap] of [
      [reportOrdersStatement(300), [iso(0), 100], 300],
      [newestIncidents(100), [0, MAX, MAX, 50], 100],
    ] as const) {
      const estimate = (await planNodes(client, text, values))[0]!['Plan Rows'];
      assert.ok(estimate <= cap / 10 + 1, `${estimate} rows estimated for a cap of ${cap}`);
    }
  });

  test('a page larger than the planned one is read whole, in order', async () => {
    const incidents = backendOf(store)!.incidents();
    const first = await incidents.newest(0, NEWEST_PLANNED_ROWS + 499);
    assert.equal(first.incidents.length, NEWEST_PLANNED_ROWS + 499);
    assert.deepEqual(first.incidents.slice(0, 2).map((incident) => incident.orderId), [`seed-${ROWS}`, `seed-${ROWS - 1}`]);
    assert.equal(first.incidents.at(-1)!.orderId, `seed-${ROWS - NEWEST_PLANNED_ROWS - 498}`);
    const second = await incidents.newest(0, 2, first.next);
    assert.deepEqual(second.incidents.map((incident) => incident.orderId), [`seed-${ROWS - NEWEST_PLANNED_ROWS - 499}`, `seed-${ROWS - NEWEST_PLANNED_ROWS - 500}`]);

    const orders = await backendOf(store)!.reportOrders!(0, REPORT_PLANNED_ROWS + 500);
    assert.equal(orders.length, REPORT_PLANNED_ROWS + 500);
    assert.deepEqual([orders[0]!.orderId, orders.at(-1)!.orderId], ['seed-1', `seed-${REPORT_PLANNED_ROWS + 500}`]);
    assert.deepEqual([orders[0]!.amount, orders[0]!.currency], [4990, 'EUR']);
  });
});
