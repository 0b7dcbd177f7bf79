import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { knownOrder } from './fixtures.js';
import type { Incident } from './incident.js';
import { openIncidentStore } from './incident-store.js';
import { openOrderStore, databaseOf } from './order-store.js';
import { migrate, SCHEMA_VERSION } from './schema.js';

/**
 * On SQLite an incident carries whether its order is known (`order_known`, kept by triggers), so
 * reading a page of incidents looks no order up: the flag must say what a look-up would say.
 */

const incident = (orderId: string): Incident => ({
  provider: 'stripe', kind: 'sdk-timeout', reason: 'test', latencyMs: 1, orderId, at: new Date().toISOString(),
});

const flags = (db: Database.Database) =>
  db.prepare<[], { order_id: string; order_known: number }>('SELECT order_id, order_known FROM incidents ORDER BY id').all()
    .map((row) => [row.order_id, row.order_known]);

describe('SQLite incidents know whether their order is known', () => {
  test('flagged when written after its order, and for earlier ones when the order is recorded through the store', async () => {
    const store = openOrderStore(':memory:');
    const db = databaseOf(store)!;
    const incidents = openIncidentStore(db);
    incidents.add(incident('early'));
    incidents.add(incident('made-up'));
    await store.insertOrGet({
      idempotencyKey: 'key-early',
      requestHash: 'hash',
      order: { orderId: 'early', amount: 4990, currency: 'EUR', method: 'stripe' },
      answer: () => ({ status: 201, body: { orderId: 'early', status: 'pending', method: 'stripe', amount: 4990, currency: 'EUR' } }),
      answerIsPure: true,
    });
    incidents.add(incident('early'));
    assert.deepEqual(flags(db), [['early', 1], ['made-up', 0], ['early', 1]]);
    assert.deepEqual(incidents.since(0, 10).map((row) => [row.orderId, row.orderKnown]), [['early', true], ['made-up', false], ['early', true]]);
    await store.close();
  });

  test('reading a page, an order\'s incidents and the health count looks no order up', () => {
    const db = new Database(':memory:');
    migrate(db);
    const incidents = openIncidentStore(db);
    knownOrder(db, 'ord-1');
    incidents.add(incident('ord-1'));
    const reads = [
      'SELECT * FROM incidents INDEXED BY incidents_received_at WHERE received_at >= 0 ORDER BY received_at, id LIMIT 10',
      "SELECT * FROM incidents WHERE order_id = 'ord-1' ORDER BY id LIMIT 100",
      "SELECT provider, COUNT(DISTINCT order_id) FROM incidents WHERE received_at >= 0 AND kind IN ('sdk-timeout') AND order_known = 1 GROUP BY provider",
    ];
    for (const sql of reads) {
      const plan = db.prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).all().map((row) => row.detail);
      assert.ok(plan.every((step) => !/\borders\b/.test(step)), plan.join('; '));
    }
    assert.equal(incidents.failingOrders(0).get('stripe'), 1);
    db.close();
  });

  test('the migration flags the incidents already stored', () => {
    const db = new Database(':memory:');
    migrate(db, SCHEMA_VERSION - 1);
    knownOrder(db, 'ord-old');
    const insert = db.prepare(`INSERT INTO incidents (provider, kind, reason, latency_ms, order_id, at, received_at)
      VALUES ('stripe', 'sdk-timeout', 'r', 1, ?, 'x', 1)`);
    insert.run('ord-old');
    insert.run('made-up');
    migrate(db);
    assert.deepEqual(flags(db), [['ord-old', 1], ['made-up', 0]]);
    db.close();
  });
});
