import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Order, OrderAnswer } from './order.js';
import { migrate } from './schema.js';

/** The answer given when the order was created, replayed verbatim for the same key and body. */
export interface StoredAnswer {
  status: number;
  body: OrderAnswer;
}

export interface StoredOrder {
  idempotencyKey: string;
  orderId: string;
  /** sha256 of the canonical request JSON the key is bound to. */
  requestHash: string;
  order: Order;
  answer: StoredAnswer;
  /** ISO 8601, when the order was first recorded. */
  createdAt: string;
  /**
   * ISO 8601, when the page's queue took the order because the merchant API did not answer
   * (the `queued-at` query parameter of its creating request). Absent for an order sent straight from the page.
   */
  queuedAt?: string;
}

export interface NewOrder {
  idempotencyKey: string;
  requestHash: string;
  order: Order;
  /** Kept only if this request creates the order: a replay never rewrites when it was queued. */
  queuedAt?: string | undefined;
  /** Called only when the order is really created, inside the transaction. */
  answer: () => StoredAnswer;
}

export interface OrderStore {
  /**
   * Records the order unless its idempotency key is already taken; either way returns what the
   * database holds for the key. The caller compares `requestHash` to tell a replay from reuse.
   */
  insertOrGet(entry: NewOrder): { created: boolean; stored: StoredOrder };
  get(orderId: string): StoredOrder | undefined;
  /** Every order, oldest first. */
  list(): StoredOrder[];
  /** Orders recorded at or after `sinceMs`, oldest first, at most `limit`. */
  since(sinceMs: number, limit: number): StoredOrder[];
  close(): void;
}

interface OrderRow {
  idempotency_key: string;
  order_id: string;
  request_hash: string;
  order_json: string;
  answer_status: number;
  answer_json: string;
  created_at: string;
  queued_at: string | null;
}

function fromRow(row: OrderRow): StoredOrder {
  const stored: StoredOrder = {
    idempotencyKey: row.idempotency_key,
    orderId: row.order_id,
    requestHash: row.request_hash,
    order: JSON.parse(row.order_json) as Order,
    answer: { status: row.answer_status, body: JSON.parse(row.answer_json) as OrderAnswer },
    createdAt: row.created_at,
  };
  if (row.queued_at !== null) stored.queuedAt = row.queued_at;
  return stored;
}

function isInMemory(filename: string): boolean {
  return filename === '' || filename === ':memory:';
}

function openDatabase(filename: string): Database.Database {
  try {
    if (!isInMemory(filename)) mkdirSync(dirname(filename), { recursive: true });
    const db = new Database(filename);
    // WAL lets readers (an admin listing orders) run while an order is being written.
    if (!isInMemory(filename)) db.pragma('journal_mode = WAL');
    // FULL: an answered order survives a power cut (WAL's NORMAL loses the last commits); wait on locks.
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    throw new Error(`cannot open the order store at ${filename}`, { cause: error });
  }
}

// The payment tables live in the order store's database (one file to back up, one migration
// line). A WeakMap hands the connection to the handler without putting it in the public type.
const databases = new WeakMap<OrderStore, Database.Database>();

/** The SQLite connection behind a store from `openOrderStore`, or undefined for any other store. */
export function databaseOf(store: OrderStore): Database.Database | undefined {
  return databases.get(store);
}

/** Opens (and creates or migrates) the SQLite order store. `':memory:'` keeps nothing. */
export function openOrderStore(filename = ':memory:'): OrderStore {
  const db = openDatabase(filename);
  const byKey = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE idempotency_key = ?');
  const byOrderId = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE order_id = ?');
  // rowid follows insertion order; created_at alone ties within a millisecond.
  const all = db.prepare<[], OrderRow>('SELECT * FROM orders ORDER BY rowid');
  const bySince = db.prepare<[string, number], OrderRow>(
    'SELECT * FROM orders WHERE created_at >= ? ORDER BY rowid LIMIT ?',
  );
  const insert = db.prepare<[OrderRow]>(
    `INSERT INTO orders (idempotency_key, order_id, request_hash, order_json, answer_status,
                         answer_json, created_at, queued_at)
     VALUES (@idempotency_key, @order_id, @request_hash, @order_json, @answer_status,
             @answer_json, @created_at, @queued_at)`,
  );

  const insertOrGet = db.transaction((entry: NewOrder) => {
    const existing = byKey.get(entry.idempotencyKey);
    if (existing) return { created: false, stored: fromRow(existing) };
    const answer = entry.answer();
    const row: OrderRow = {
      idempotency_key: entry.idempotencyKey,
      order_id: entry.order.orderId,
      request_hash: entry.requestHash,
      order_json: JSON.stringify(entry.order),
      answer_status: answer.status,
      answer_json: JSON.stringify(answer.body),
      created_at: new Date().toISOString(),
      queued_at: entry.queuedAt ?? null,
    };
    insert.run(row);
    return { created: true, stored: fromRow(row) };
  });

  const store: OrderStore = {
    // IMMEDIATE takes the write lock before the read, so two processes sharing the file cannot
    // both see "no order" and both insert; within one process better-sqlite3 is synchronous.
    insertOrGet: (entry) => insertOrGet.immediate(entry),
    get: (orderId) => {
      const row = byOrderId.get(orderId);
      return row && fromRow(row);
    },
    list: () => all.all().map(fromRow),
    // Compared as text: created_at is always written by toISOString(), whose order is time order.
    since: (sinceMs, limit) => bySince.all(new Date(sinceMs).toISOString(), limit).map(fromRow),
    close: () => {
      db.close();
    },
  };
  databases.set(store, db);
  return store;
}
