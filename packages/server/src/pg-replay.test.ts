import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import type { NewOrder, OrderStore } from './order-store.js';
import { openPostgresStore } from './pg-store.js';
import { postgresCluster } from './test-stores.js';

/** On PostgreSQL a replay of `POST /orders` is one round trip, as a new order is, and answers the row as stored. */

const entry = (orderId: string, key = orderId, amount = 4990): NewOrder => ({
  idempotencyKey: key,
  requestHash: `hash-${amount}`,
  order: { orderId, amount, currency: 'EUR', method: 'stripe', reference: 'Réf "été"' },
  queuedAt: '2026-12-01T10:00:00.000Z',
  answer: () => ({ status: 201, body: { orderId, status: 'pending', method: 'stripe', amount, currency: 'EUR', reference: 'Réf "été"' } }),
  answerIsPure: true,
});

/** How many queries `task` sends through the store's pools. */
async function queriesOf(task: () => Promise<unknown>): Promise<number> {
  const query = pg.Pool.prototype.query;
  let count = 0;
  pg.Pool.prototype.query = function counted(this: pg.Pool, ...args: unknown[]) {
    count++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await task();
  } finally {
    pg.Pool.prototype.query = query;
  }
  return count;
}

describe('PostgreSQL replays of an order', async () => {
  const cluster = await postgresCluster();
  const url = await cluster.createDatabase();
  const store: OrderStore = await openPostgresStore(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  after(async () => {
    await client.end();
    await store.close();
  });

  test('a new order and its replay are one query each; the replay answers the row as stored', async () => {
    let created: Awaited<ReturnType<OrderStore['insertOrGet']>> | undefined;
    assert.equal(await queriesOf(async () => { created = await store.insertOrGet(entry('ord-1')); }), 1);
    assert.equal(created?.created, true);
    let replayed: Awaited<ReturnType<OrderStore['insertOrGet']>> | undefined;
    assert.equal(await queriesOf(async () => { replayed = await store.insertOrGet(entry('ord-1', 'ord-1', 5990)); }), 1);
    assert.equal(replayed?.created, false);
    // What the store holds, not what the replay sent: the caller tells reuse by the hash.
    assert.deepEqual(replayed?.stored, await store.get('ord-1'));
    assert.equal(replayed?.stored.requestHash, 'hash-4990');
    assert.deepEqual(replayed?.stored.order, entry('ord-1').order);
    assert.equal(replayed?.stored.queuedAt, '2026-12-01T10:00:00.000Z');
    assert.equal(typeof replayed?.stored.answer.status, 'number');
  });

  test('an order id taken under another key answers the row that holds it', async () => {
    await store.insertOrGet(entry('ord-2', 'key-a'));
    const other = await store.insertOrGet(entry('ord-2', 'key-b', 1));
    assert.equal(other.created, false);
    assert.equal(other.stored.idempotencyKey, 'key-a');
    assert.equal(other.stored.requestHash, 'hash-4990');
  });

  test('a key committed by another transaction while the replay waited on it still answers that row', async () => {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO orders (idempotency_key, order_id, request_hash, order_json, answer_status, answer_json, created_at, updated_at, status, method)
       VALUES ('ord-3', 'ord-3', 'hash-other', $1, 201, $2, $3, $3, 'pending', 'stripe')`,
      [JSON.stringify(entry('ord-3').order), JSON.stringify(entry('ord-3').answer().body), new Date().toISOString()],
    );
    // The store's insert waits on the uncommitted row, with a snapshot taken before the commit.
    let result: Awaited<ReturnType<OrderStore['insertOrGet']>> | undefined;
    const queries = queriesOf(async () => { result = await store.insertOrGet(entry('ord-3')); });
    await waitForLockWait();
    await client.query('COMMIT');
    assert.equal(await queries, 2, 'the insert that found the key taken, then a read that sees the row');
    assert.equal(result?.created, false);
    assert.equal(result?.stored.requestHash, 'hash-other');
  });

  /** Until a backend waits on a lock (the store's insert behind the open transaction). */
  async function waitForLockWait(): Promise<void> {
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    try {
      for (;;) {
        const { rows } = await probe.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'");
        if ((rows[0] as { n: number }).n > 0) return;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      await probe.end();
    }
  }
});
