import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { databaseOf, openOrderStore } from './order-store.js';
import { migrate } from './schema.js';

const root = mkdtempSync(join(tmpdir(), 'relais-status-index-'));
after(() => rmSync(root, { recursive: true, force: true }));

const indexesOf = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'orders' AND sql IS NOT NULL ORDER BY name").all() as Array<{ name: string }>)
    .map((row) => row.name);

describe('orders by status', () => {
  test('a database of the version before is migrated to a partial index of the verifying orders only', () => {
    mkdirSync(join(root, 'v8'), { recursive: true });
    const file = join(root, 'v8', 'orders.db');
    const db = new Database(file);
    migrate(db, 8);
    assert.deepEqual(indexesOf(db), ['orders_created_at', 'orders_status']);
    const insert = db.prepare(`INSERT INTO orders (idempotency_key, order_id, request_hash, order_json, answer_status, answer_json,
      created_at, updated_at, status, method) VALUES (?, ?, 'h', '{}', 201, '{}', ?, ?, ?, 'stripe')`);
    insert.run('ord-1', 'ord-1', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:03.000Z', 'verifying');
    insert.run('ord-2', 'ord-2', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z', 'verifying');
    insert.run('ord-3', 'ord-3', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:02.000Z', 'pending');
    db.close();

    const store = openOrderStore(file);
    try {
      assert.deepEqual(indexesOf(databaseOf(store)!), ['orders_created_at', 'orders_verifying']);
      // Oldest change first, as the re-check reads them.
      assert.deepEqual(store.withStatus('verifying', 10).map((stored) => stored.orderId), ['ord-2', 'ord-1']);
      assert.deepEqual(store.withStatus('pending', 10).map((stored) => stored.orderId), ['ord-3']);
    } finally {
      store.close();
    }
  });

  test('the verifying orders are read through their index, not by scanning every order', () => {
    const store = openOrderStore(':memory:');
    try {
      const plan = databaseOf(store)!
        .prepare("EXPLAIN QUERY PLAN SELECT * FROM orders WHERE status = 'verifying' ORDER BY updated_at LIMIT 10")
        .all() as Array<{ detail: string }>;
      assert.ok(plan.some((step) => step.detail.includes('USING INDEX orders_verifying')), JSON.stringify(plan));
    } finally {
      store.close();
    }
  });
});
