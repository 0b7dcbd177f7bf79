import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TECHNICAL_KINDS } from './incident.js';
import { FAILING_ORDERS } from './pg-tables.js';
import { backendOf } from './store-backend.js';
import { planNodes, postgresStoreAndClient } from './test-stores.js';

/** The health feed's count on PostgreSQL: its window, never the whole orders table. */

const ORDERS = 20_000;
const NOW = 1_800_000_000_000;
const WINDOW_MS = 5 * 60_000;

describe('PostgreSQL health counts', async () => {
  const { store, client } = await postgresStoreAndClient();
  // An order and a technical incident every 6 s, back from NOW; then, in the window, incidents
  // for three made-up order ids, and a second incident of an order already counted.
  await client.query(
    `INSERT INTO orders (idempotency_key, order_id, request_hash, order_json, answer_status, answer_json, created_at, updated_at, status, method)
     SELECT 'seed-' || i, 'seed-' || i, 'h', '{}', 201, '{}', 'x', 'x', 'pending', 'stripe' FROM generate_series(1, $1) AS i`,
    [ORDERS],
  );
  await client.query(
    `INSERT INTO incidents (provider, kind, reason, latency_ms, order_id, at, received_at)
     SELECT 'stripe', 'sdk-timeout', 'test', 1, 'seed-' || i, 'x', $2::bigint - ($1 - i) * 6000 FROM generate_series(1, $1) AS i
     UNION ALL SELECT 'stripe', 'sdk-timeout', 'test', 1, 'made-up-' || i, 'x', $2::bigint FROM generate_series(1, 3) AS i
     UNION ALL SELECT 'stripe', 'sdk-timeout', 'test', 1, 'seed-' || $1, 'x', $2::bigint`,
    [ORDERS, NOW],
  );
  await client.query('ANALYZE orders; ANALYZE incidents');

  test('count the distinct known orders with technical incidents within the window', async () => {
    const counts = await backendOf(store)!.incidents().failingOrders(NOW - WINDOW_MS);
    // 6 s apart, 5 minutes back from NOW included: 51 orders; the made-up ids do not count.
    assert.deepEqual([...counts], [['stripe', 51]]);
  });

  test('even as a generic plan (a prepared statement after five calls), the orders are looked up, never scanned', async () => {
    await client.query('SET plan_cache_mode = force_generic_plan');
    const types = ['bigint', ...TECHNICAL_KINDS.map(() => 'text')].join(', ');
    await client.query(`PREPARE failing_orders (${types}) AS ${FAILING_ORDERS}`);
    const literals = [String(NOW - WINDOW_MS), ...TECHNICAL_KINDS.map((kind) => `'${kind}'`)].join(', ');
    const nodes = await planNodes(client, `EXECUTE failing_orders (${literals})`);
    const onOrders = nodes.filter((node) => node['Relation Name'] === 'orders').map((node) => node['Node Type']);
    const onIncidents = nodes.filter((node) => node['Relation Name'] === 'incidents').map((node) => node['Node Type']);
    assert.ok(onOrders.length > 0 && onOrders.every((type) => type === 'Index Only Scan' || type === 'Index Scan'), onOrders.join(', '));
    assert.ok(onIncidents.length > 0 && onIncidents.every((type) => type !== 'Seq Scan'), onIncidents.join(', '));
  });
});
