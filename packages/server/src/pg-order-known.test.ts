import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import type { Incident } from './incident.js';
import { TECHNICAL_KINDS } from './incident.js';
import type { OrderStore } from './order-store.js';
import { migratePostgres } from './pg-schema.js';
import { FAILING_ORDERS, INCIDENTS_SINCE } from './pg-tables.js';
import { backendOf } from './store-backend.js';
import { planNodes, postgresCluster, postgresStoreAndClient } from './test-stores.js';

/**
 * On PostgreSQL an incident carries whether its order is known (`order_known`), so reading a
 * page of incidents looks no order up: the flag must say what a look-up would have said.
 */

const incident = (orderId: string, kind = 'sdk-timeout'): Incident => ({
  provider: 'stripe', kind, reason: 'test', latencyMs: 1, orderId, at: new Date().toISOString(),
});

const record = (store: OrderStore, orderId: string, answerIsPure: boolean) =>
  store.insertOrGet({
    idempotencyKey: `key-${orderId}`,
    requestHash: 'hash',
    order: { orderId, amount: 4990, currency: 'EUR', method: 'stripe' },
    answer: () => ({ status: 201, body: { orderId, status: 'pending', method: 'stripe', amount: 4990, currency: 'EUR' } }),
    answerIsPure,
  });

describe('PostgreSQL incidents know whether their order is known', async () => {
  const { store, client } = await postgresStoreAndClient();
  const incidents = backendOf(store)!.incidents();
  const flags = async () => {
    const { rows } = await client.query<{ order_id: string; order_known: boolean }>('SELECT order_id, order_known FROM incidents ORDER BY id');
    return rows.map((row) => [row.order_id, row.order_known]);
  };

  test('an incident is flagged when written: known after its order, not for a made-up order id', async () => {
    await record(store, 'ord-first', true);
    await incidents.add(incident('ord-first'));
    await incidents.add(incident('made-up'));
    assert.deepEqual(await flags(), [['ord-first', true], ['made-up', false]]);
    await client.query('TRUNCATE incidents');
  });

  test('incidents that came before their order are flagged when it is recorded, by either insert', async () => {
    await incidents.add(incident('ord-pure'));
    await incidents.add(incident('ord-locked'));
    await incidents.add(incident('ord-pure'));
    assert.deepEqual(await flags(), [['ord-pure', false], ['ord-locked', false], ['ord-pure', false]]);
    await record(store, 'ord-pure', true);
    await record(store, 'ord-locked', false);
    assert.deepEqual(await flags(), [['ord-pure', true], ['ord-locked', true], ['ord-pure', true]]);
    await client.query('TRUNCATE incidents');
  });

  test('a known order\'s incident flagged false (two commits at once) still reads as known everywhere', async () => {
    await record(store, 'ord-raced', true);
    await incidents.add(incident('ord-raced'));
    await incidents.add(incident('made-up-2'));
    await client.query("UPDATE incidents SET order_known = false WHERE order_id = 'ord-raced'");
    const known = (rows: Array<{ orderId: string; orderKnown: boolean }>) => rows.map((row) => [row.orderId, row.orderKnown]);
    assert.deepEqual(known(await incidents.since(0, 10)), [['ord-raced', true], ['made-up-2', false]]);
    assert.deepEqual(known((await incidents.newest(0, 10)).incidents), [['made-up-2', false], ['ord-raced', true]]);
    assert.deepEqual(known(await incidents.forOrder('ord-raced')), [['ord-raced', true]]);
    assert.deepEqual([...await incidents.failingOrders(0)], [['stripe', 1]]);
    await client.query('TRUNCATE incidents');
  });

  test('reading a page and the health count of flagged incidents looks no order up', async () => {
    for (let index = 0; index < 20; index++) {
      await record(store, `ord-page-${index}`, true);
      await incidents.add(incident(`ord-page-${index}`));
    }
    await client.query('ANALYZE orders; ANALYZE incidents');
    const plans = [
      [INCIDENTS_SINCE, [0, 100]],
      [FAILING_ORDERS, [0, ...TECHNICAL_KINDS]],
    ] as const;
    for (const [sql, values] of plans) {
      const nodes = await planNodes(client, sql, values, 'ANALYZE');
      const onOrders = nodes.filter((node) => node['Relation Name'] === 'orders');
      assert.ok(onOrders.length > 0, 'the look-up is planned, for rows flagged false');
      assert.deepEqual(onOrders.map((node) => node['Actual Loops']), onOrders.map(() => 0), 'and never run');
    }
    assert.deepEqual([...await incidents.failingOrders(0)], [['stripe', 20]]);
  });

  test('the migration flags the incidents already stored', async () => {
    const oldUrl = await (await postgresCluster()).createDatabase();
    const pool = new pg.Pool({ connectionString: oldUrl });
    try {
      await migratePostgres(pool, 3);
      await pool.query(`INSERT INTO orders (idempotency_key, order_id, request_hash, order_json, answer_status, answer_json, created_at, updated_at, status, method)
        VALUES ('k', 'ord-old', 'h', '{}', 201, '{}', 'x', 'x', 'pending', 'stripe')`);
      await pool.query(`INSERT INTO incidents (provider, kind, reason, latency_ms, order_id, at, received_at)
        VALUES ('stripe', 'sdk-timeout', 'r', 1, 'ord-old', 'x', 1), ('stripe', 'sdk-timeout', 'r', 1, 'made-up', 'x', 2)`);
      await migratePostgres(pool);
      const { rows } = await pool.query<{ order_id: string; order_known: boolean }>('SELECT order_id, order_known FROM incidents ORDER BY id');
      assert.deepEqual(rows.map((row) => [row.order_id, row.order_known]), [['ord-old', true], ['made-up', false]]);
    } finally {
      await pool.end();
    }
  });
});
