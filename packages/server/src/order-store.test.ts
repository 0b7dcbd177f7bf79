import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { requestHash } from './canonical-json.js';
import { createRelaisHandler, openOrderStore } from './index.js';
import { databaseOf } from './order-store.js';
import { anOrder, post } from './fixtures.js';
import { migrate, SCHEMA_VERSION } from './schema.js';
import { sandbox } from './test-lab.js';

const root = mkdtempSync(join(tmpdir(), 'relais-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
/** A database path in a directory that does not exist yet. */
const freshFile = () => join(root, `run-${++files}`, 'data', 'orders.db');

/** What a merchant running the release before queuedAt has on disk: migrations 1-4, one order. */
function versionFourFile(): string {
  const file = freshFile();
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  migrate(db, 4);
  const order = anOrder();
  db.prepare(
    `INSERT INTO orders (idempotency_key, order_id, request_hash, order_json, answer_status, answer_json, created_at)
     VALUES (?, ?, ?, ?, 201, ?, ?)`,
  ).run('ord-1', 'ord-1', requestHash(order), JSON.stringify(order),
    JSON.stringify({ orderId: 'ord-1', status: 'pending', method: 'stripe', amount: 4990, currency: 'EUR' }), new Date().toISOString());
  db.close();
  return file;
}

const columnsOf = (file: string): string[] => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], { name: string }>('PRAGMA table_info(orders)').all().map((column) => column.name);
  } finally {
    db.close();
  }
};

type OpenResult = { ok: true } | { ok: false; message: string };

/**
 * Runs `openOrderStore(file)` in another thread (a second process, as far as SQLite can tell);
 * `ready` resolves once it is about to open, `done` with how the open ended.
 */
function openInWorker(file: string): { ready: Promise<void>; done: Promise<OpenResult> } {
  const index = new URL('./index.js', import.meta.url).href;
  const worker = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    import(workerData.index).then(({ openOrderStore }) => {
      parentPort.postMessage('ready');
      try {
        openOrderStore(workerData.file).close();
        parentPort.postMessage({ ok: true });
      } catch (error) {
        parentPort.postMessage({ ok: false, message: String(error.cause?.message ?? error.message) });
      }
    });
  `, { eval: true, workerData: { index, file } });
  let readied: () => void;
  const ready = new Promise<void>((resolve) => { readied = resolve; });
  const done = new Promise<OpenResult>((resolve, reject) => {
    worker.on('message', (message: 'ready' | OpenResult) => (message === 'ready' ? readied() : resolve(message)));
    worker.on('error', reject);
  });
  return { ready, done: done.finally(() => worker.terminate()) };
}

describe('order store', () => {
  test('orders survive a restart and the replay still answers 200 with the same body', async () => {
    const file = freshFile();
    const before = openOrderStore(file);
    const created = await post(createRelaisHandler({ store: before }), anOrder());
    const createdText = await created.text();
    before.close();

    const reopened = openOrderStore(file);
    try {
      assert.deepEqual(reopened.get('ord-1')?.order, anOrder());
      const replay = await post(createRelaisHandler({ store: reopened }), anOrder());
      assert.equal(replay.status, 200);
      assert.equal(await replay.text(), createdText);
      assert.equal(reopened.list().length, 1);
    } finally {
      reopened.close();
    }
  });

  test('a file database is created with its directory, runs in WAL mode, at the current schema version', () => {
    const file = freshFile();
    openOrderStore(file).close();
    assert.ok(existsSync(file));
    const db = new Database(file);
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    } finally {
      db.close();
    }
  });

  test('the store syncs every commit (synchronous FULL) and waits on a busy lock', () => {
    const store = openOrderStore(freshFile());
    try {
      const db = databaseOf(store)!;
      assert.equal(db.pragma('synchronous', { simple: true }), 2); // 2 = FULL
      assert.equal(db.pragma('busy_timeout', { simple: true }), 5000);
    } finally {
      store.close();
    }
  });

  test('a database from the first version is migrated in place and keeps its orders', async () => {
    const file = freshFile();
    const first = openOrderStore(file);
    await post(createRelaisHandler({ store: first }), anOrder());
    first.close();
    // What a merchant running the orders-only release has on disk.
    const db = new Database(file);
    db.exec('DROP TABLE stripe_payment_intents; DROP TABLE stripe_events; DROP TABLE paypal_orders;');
    db.exec('DROP TABLE sandbox_payment_intents; DROP TABLE sandbox_paypal_orders;');
    db.exec('DROP TABLE incidents; DROP TRIGGER orders_known_by_incidents;');
    db.exec('DROP INDEX orders_created_at; ALTER TABLE orders DROP COLUMN queued_at;');
    db.exec('DROP INDEX orders_verifying; DROP TABLE server_keys;');
    for (const column of ['status', 'method', 'payment_reference', 'updated_at']) db.exec(`ALTER TABLE orders DROP COLUMN ${column}`);
    db.pragma('user_version = 1');
    db.close();

    const migrated = openOrderStore(file);
    try {
      assert.deepEqual(migrated.get('ord-1')?.order, anOrder());
      const payment = await post(createRelaisHandler({ store: migrated, sandbox }), { orderId: 'ord-1', amount: 4990, currency: 'EUR' }, {
        path: '/stripe/payment-intents',
      });
      assert.equal(payment.status, 200);
    } finally {
      migrated.close();
    }
  });

  test('an order marked paid on the page\'s word before verification existed is verified again, never kept paid', async () => {
    const file = freshFile();
    mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    migrate(db, 5);
    const insert = db.prepare(
      `INSERT INTO orders (idempotency_key, order_id, request_hash, order_json, answer_status, answer_json, created_at)
       VALUES (?, ?, ?, ?, 201, ?, ?)`,
    );
    for (const [orderId, method, status, paymentReference] of [['ord-1', 'stripe', 'paid', 'pi_forged'], ['ord-2', 'bank-transfer', 'pending-payment', undefined]]) {
      const order = anOrder({ orderId, method, paymentReference });
      insert.run(orderId, orderId, requestHash(order), JSON.stringify(order),
        JSON.stringify({ orderId, status, method, amount: 4990, currency: 'EUR' }), new Date().toISOString());
    }
    db.close();
    const migrated = openOrderStore(file);
    try {
      assert.deepEqual(migrated.list().map((stored) => [stored.orderId, stored.answer.body.status, stored.order.method]), [
        ['ord-1', 'verifying', 'stripe'], ['ord-2', 'pending-payment', 'bank-transfer'],
      ]);
      assert.deepEqual(migrated.withStatus('verifying', 10).map((stored) => stored.orderId), ['ord-1']);
    } finally {
      migrated.close();
    }
  });

  test('a database from before queuedAt is migrated: its orders stay, new queued orders keep queuedAt', async () => {
    const migrated = openOrderStore(versionFourFile());
    try {
      const handler = createRelaisHandler({ store: migrated });
      assert.equal((await post(handler, anOrder())).status, 200);
      const queuedAt = new Date(Date.now() - 60_000).toISOString();
      await post(handler, anOrder({ orderId: 'ord-2' }), { path: `/orders?queued-at=${encodeURIComponent(queuedAt)}` });
      assert.deepEqual(migrated.list().map((stored) => [stored.orderId, stored.queuedAt]), [
        ['ord-1', undefined], ['ord-2', queuedAt],
      ]);
    } finally {
      migrated.close();
    }
  });

  test('two processes opening the same old database at once migrate it once, and both open', async () => {
    const file = versionFourFile();
    // Another writer holds the lock while both read the version, so neither can migrate before
    // the other has looked: the interleaving that ran migration 5 twice.
    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    const opens = [openInWorker(file), openInWorker(file)];
    try {
      await Promise.all(opens.map((open) => open.ready));
      await new Promise((resolve) => setTimeout(resolve, 250));
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    assert.deepEqual(await Promise.all(opens.map((open) => open.done)), [{ ok: true }, { ok: true }]);
    assert.equal(columnsOf(file).filter((name) => name === 'queued_at').length, 1);
    const store = openOrderStore(file);
    try {
      assert.deepEqual(store.list().map((stored) => stored.orderId), ['ord-1']);
    } finally {
      store.close();
    }
  });

  test('since gives the orders recorded from a moment on, oldest first, at most limit', async () => {
    const store = openOrderStore();
    const handler = createRelaisHandler({ store });
    for (const orderId of ['ord-c', 'ord-a', 'ord-b']) await post(handler, anOrder({ orderId }));
    const first = Date.parse(store.get('ord-c')!.createdAt);
    assert.deepEqual(store.since(first, 10).map((stored) => stored.orderId), ['ord-c', 'ord-a', 'ord-b']);
    assert.deepEqual(store.since(first, 2).map((stored) => stored.orderId), ['ord-c', 'ord-a']);
    assert.deepEqual(store.since(Date.now() + 1000, 10), []);
    store.close();
  });

  test('the database, not process memory, refuses a second order: two stores on one file', async () => {
    const file = freshFile();
    const one = openOrderStore(file);
    const two = openOrderStore(file);
    try {
      const first = await post(createRelaisHandler({ store: one }), anOrder());
      const second = await post(createRelaisHandler({ store: two }), anOrder());
      const reuse = await post(createRelaisHandler({ store: two }), anOrder({ amount: 1 }));
      assert.deepEqual([first.status, second.status, reuse.status], [201, 200, 422]);
      assert.equal(two.list().length, 1);
    } finally {
      one.close();
      two.close();
    }
  });

  test('list gives every order oldest first, with its order and answer', async () => {
    const store = openOrderStore();
    const handler = createRelaisHandler({ store });
    for (const orderId of ['ord-c', 'ord-a', 'ord-b']) await post(handler, anOrder({ orderId }));
    const listed = store.list();
    assert.deepEqual(listed.map((stored) => stored.orderId), ['ord-c', 'ord-a', 'ord-b']);
    const first = listed[0]!;
    assert.deepEqual(first.answer, {
      status: 201,
      body: { orderId: 'ord-c', status: 'pending', method: 'stripe', amount: 4990, currency: 'EUR' },
    });
    assert.equal(first.idempotencyKey, 'ord-c');
    assert.match(first.requestHash, /^[0-9a-f]{64}$/);
    assert.ok(!Number.isNaN(Date.parse(first.createdAt)));
    store.close();
  });

  test('get answers undefined for an unknown order', () => {
    const store = openOrderStore();
    assert.equal(store.get('nope'), undefined);
    store.close();
  });

  test('a database written by a newer version is refused, not downgraded', () => {
    const file = freshFile();
    openOrderStore(file).close();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    assert.throws(() => openOrderStore(file), (error: Error) => {
      assert.match(error.message, /cannot open the order store/);
      assert.match(String((error.cause as Error).message), /schema version 99/);
      return true;
    });
  });
});
