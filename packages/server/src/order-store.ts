import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import type { Order, OrderAnswer, OrderStatus } from './order.js';
import { isoNow } from './iso-now.js';
import { fromRow, type OrderRow } from './order-row.js';
import { openIncidentStore } from './incident-store.js';
import { sqliteSecretKey } from './order-secret.js';
import { openPayPalOrderStore } from './paypal/order-store.js';
import { openAdyenSessionStore } from './adyen/session-store.js';
import { sqliteReportOrders } from './report-orders.js';
import { migrate } from './schema.js';
import { sqliteDriver } from './sqlite-driver.js';
import { markClosed, registerBackend } from './store-backend.js';
import { openIntentStore } from './stripe/intent-store.js';

/** The order's answer as it stands: given on creation, given again (status updated) on a replay. */
export interface StoredAnswer {
  status: number;
  body: OrderAnswer;
}

export interface StoredOrder {
  idempotencyKey: string;
  orderId: string;
  /** sha256 of the canonical request JSON the key is bound to. */
  requestHash: string;
  /** The order as it stands: its method and payment reference are those of its last payment. */
  order: Order;
  answer: StoredAnswer;
  /** ISO 8601, when the order was first recorded. */
  createdAt: string;
  /** ISO 8601, when its status or method last changed. */
  updatedAt: string;
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
  /** Called only when the order is really created, inside the transaction (unless `answerIsPure`). */
  answer: () => StoredAnswer;
  /**
   * The answer has no side effect (no per-order IBAN to allocate): a store may compute it before
   * knowing whether the order is new, and record it in one statement, with no lock.
   */
  answerIsPure?: boolean;
}

/** What a change leaves of an order: its fields and its answer (whose `status` is the order's). */
export interface OrderChange {
  order: Order;
  answer: OrderAnswer;
}

/** Where a page of `newest` orders stopped: the last order's `createdAt` and row. */
export interface OrderCursor {
  at: string;
  row: number;
}

/** A value, or a promise of it: the SQLite store answers at once, the PostgreSQL one later. */
export type Awaitable<T> = T | Promise<T>;

/**
 * What every route needs of an order store. Call sites await each method: the embedded SQLite
 * store (`openOrderStore`) answers synchronously, the PostgreSQL one (`openPostgresStore`) with
 * promises.
 */
export interface OrderStore {
  /**
   * Records the order unless its idempotency key is already taken; either way returns what the
   * database holds for the key. The caller compares `requestHash` to tell a replay from reuse.
   */
  insertOrGet(entry: NewOrder): Awaitable<{ created: boolean; stored: StoredOrder }>;
  get(orderId: string): Awaitable<StoredOrder | undefined>;
  /**
   * Reads the order and writes what `change` makes of it, in one transaction: two processes
   * moving one order (a webhook and a verification) see each other's write. `change` returns
   * undefined to leave the order as it is. Returns the order as it now stands.
   */
  update(orderId: string, change: (stored: StoredOrder) => OrderChange | undefined): Awaitable<StoredOrder | undefined>;
  /** Orders in `status`, least recently changed first, at most `limit`. */
  withStatus(status: OrderStatus, limit: number): Awaitable<StoredOrder[]>;
  /** Every order, oldest first. */
  list(): Awaitable<StoredOrder[]>;
  /** Orders recorded at or after `sinceMs`, oldest first (by `createdAt`), at most `limit`. */
  since(sinceMs: number, limit: number): Awaitable<StoredOrder[]>;
  /**
   * Orders recorded at or after `sinceMs`, newest first, at most `limit`, only those older than
   * `before` (the `next` of the page before). `next` is absent on the last page.
   */
  newest(sinceMs: number, limit: number, before?: OrderCursor): Awaitable<OrderPage>;
  close(): Awaitable<void>;
}

export interface OrderPage {
  orders: StoredOrder[];
  next?: OrderCursor;
}

/** The embedded store: the same methods, answered synchronously (tests and scripts read it directly). */
export interface SqliteOrderStore extends OrderStore {
  insertOrGet(entry: NewOrder): { created: boolean; stored: StoredOrder };
  get(orderId: string): StoredOrder | undefined;
  update(orderId: string, change: (stored: StoredOrder) => OrderChange | undefined): StoredOrder | undefined;
  withStatus(status: OrderStatus, limit: number): StoredOrder[];
  list(): StoredOrder[];
  since(sinceMs: number, limit: number): StoredOrder[];
  newest(sinceMs: number, limit: number, before?: OrderCursor): OrderPage;
  close(): void;
}

/**
 * New orders a store knows had no incident reported before them (it asked in the statement that
 * recorded them): the metrics then skip looking their incidents up, a round trip per order.
 * A hidden property rather than a weak set: an entry per order in a weak collection is work for
 * every garbage collection; non-enumerable, it is no part of the order (JSON, deep equality).
 */
const NO_EARLIER_INCIDENTS = Symbol('relais.noEarlierIncidents');

export function markNoEarlierIncidents(stored: StoredOrder): StoredOrder {
  Object.defineProperty(stored, NO_EARLIER_INCIDENTS, { value: true });
  return stored;
}

export function hadNoEarlierIncidents(stored: StoredOrder): boolean {
  return (stored as StoredOrder & { [NO_EARLIER_INCIDENTS]?: true })[NO_EARLIER_INCIDENTS] === true;
}

/** `store`, calling `onCreate` after each order it creates (what a cache of counts must forget). */
export function invalidatesOnCreate(store: OrderStore, onCreate: () => void): OrderStore {
  return {
    ...store,
    insertOrGet(entry) {
      const result = store.insertOrGet(entry);
      if (result instanceof Promise) {
        return result.then((done) => {
          if (done.created) onCreate();
          return done;
        });
      }
      if (result.created) onCreate();
      return result;
    },
  };
}

function isInMemory(filename: string): boolean {
  return filename === '' || filename === ':memory:';
}

function openDatabase(filename: string): Database.Database {
  try {
    if (!isInMemory(filename)) mkdirSync(dirname(filename), { recursive: true });
    const { Database: Driver, addon } = sqliteDriver();
    const db = new Driver(filename, addon ? { nativeBinding: addon } : {});
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
export function openOrderStore(filename = ':memory:'): SqliteOrderStore {
  const db = openDatabase(filename);
  const byKey = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE idempotency_key = ?');
  const byOrderId = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE order_id = ?');
  // rowid follows insertion order; created_at alone ties within a millisecond.
  const all = db.prepare<[], OrderRow>('SELECT * FROM orders ORDER BY rowid');
  // Through the created_at index (rowid, its tie-break, is part of it): `limit` rows read, not the table.
  const bySince = db.prepare<[string, number], OrderRow>(
    'SELECT * FROM orders INDEXED BY orders_created_at WHERE created_at >= ? ORDER BY created_at, rowid LIMIT ?',
  );
  // Newest first through the created_at index (which holds the rowid, the tie-break within a
  // millisecond): a page reads `limit` rows from the index's end whatever the table's size.
  const newestBefore = db.prepare<[{ since: string; at: string; row: number; limit: number }], OrderRow & { row_id: number }>(
    `SELECT rowid AS row_id, * FROM orders INDEXED BY orders_created_at
     WHERE created_at >= @since AND created_at <= @at AND NOT (created_at = @at AND rowid >= @row)
     ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
  );
  // The orders re-checked, through the partial index that holds only them. Any other status is
  // read by a scan: nothing asks for one but tests.
  const verifying = db.prepare<[number], OrderRow>(
    `SELECT * FROM orders INDEXED BY orders_verifying WHERE status = 'verifying' ORDER BY updated_at LIMIT ?`,
  );
  const byStatus = db.prepare<[string, number], OrderRow>(
    'SELECT * FROM orders WHERE status = ? ORDER BY updated_at LIMIT ?',
  );
  const insert = db.prepare<[OrderRow]>(
    `INSERT INTO orders (idempotency_key, order_id, request_hash, order_json, answer_status,
                         answer_json, created_at, updated_at, queued_at, status, method, payment_reference)
     VALUES (@idempotency_key, @order_id, @request_hash, @order_json, @answer_status,
             @answer_json, @created_at, @updated_at, @queued_at, @status, @method, @payment_reference)`,
  );
  const save = db.prepare<[{ order_id: string; order_json: string; answer_json: string; updated_at: string; status: string; method: string; payment_reference: string | null }]>(
    `UPDATE orders SET order_json = @order_json, answer_json = @answer_json, updated_at = @updated_at,
                       status = @status, method = @method, payment_reference = @payment_reference
     WHERE order_id = @order_id`,
  );

  // Whether incidents named an order before it was recorded: one indexed probe in the insert's
  // transaction spares the metrics reading those incidents back for every new order.
  const incidentBefore = db.prepare<[string], number>('SELECT 1 FROM incidents WHERE order_id = ? LIMIT 1').pluck();

  // One statement for an order whose answer has no side effect: it records the order unless its
  // key (or its id) is taken, atomically on its own (across processes too: it takes the write
  // lock itself), and says in the same step whether incidents named the order before. Positional
  // parameters: binding twelve named ones from an object costs more than the insert.
  const insertNew = db.prepare<unknown[], number>(
    `INSERT INTO orders (idempotency_key, order_id, request_hash, order_json, answer_status,
                         answer_json, created_at, updated_at, queued_at, status, method, payment_reference)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
     RETURNING EXISTS (SELECT 1 FROM incidents WHERE order_id = ?) AS earlier`,
  ).pluck();

  const newRow = (entry: NewOrder, answer: StoredAnswer): OrderRow => {
    const now = isoNow();
    return {
      idempotency_key: entry.idempotencyKey,
      order_id: entry.order.orderId,
      request_hash: entry.requestHash,
      order_json: JSON.stringify(entry.order),
      answer_status: answer.status,
      answer_json: JSON.stringify(answer.body),
      created_at: now,
      updated_at: now,
      queued_at: entry.queuedAt ?? null,
      status: answer.body.status,
      method: entry.order.method,
      payment_reference: entry.order.paymentReference ?? null,
    };
  };

  /** What was just written, without parsing back the JSON made of it a moment ago. */
  const storedOf = (entry: NewOrder, row: OrderRow, answer: StoredAnswer, earlier: boolean): { created: true; stored: StoredOrder } => {
    const stored: StoredOrder = {
      idempotencyKey: row.idempotency_key,
      orderId: row.order_id,
      requestHash: row.request_hash,
      order: entry.order,
      answer: { status: answer.status, body: answer.body },
      createdAt: row.created_at,
      updatedAt: row.created_at,
    };
    if (row.queued_at !== null) stored.queuedAt = row.queued_at;
    return { created: true, stored: earlier ? stored : markNoEarlierIncidents(stored) };
  };

  /** Undefined when the key or the order id is taken: the transaction below then reads (or refuses) it. */
  const insertPure = (entry: NewOrder) => {
    const answer = entry.answer();
    const row = newRow(entry, answer);
    const inserted = insertNew.get(
      row.idempotency_key, row.order_id, row.request_hash, row.order_json, row.answer_status, row.answer_json,
      row.created_at, row.updated_at, row.queued_at, row.status, row.method, row.payment_reference, row.order_id,
    );
    return inserted === undefined ? undefined : storedOf(entry, row, answer, inserted === 1);
  };

  const insertOrGet = db.transaction((entry: NewOrder) => {
    const existing = byKey.get(entry.idempotencyKey);
    if (existing) return { created: false, stored: fromRow(existing) };
    const answer = entry.answer();
    const row = newRow(entry, answer);
    insert.run(row);
    return storedOf(entry, row, answer, incidentBefore.get(row.order_id) !== undefined);
  });

  const update = db.transaction((orderId: string, change: (stored: StoredOrder) => OrderChange | undefined) => {
    const row = byOrderId.get(orderId);
    if (!row) return undefined;
    const stored = fromRow(row);
    const next = change(stored);
    if (!next) return stored;
    save.run({
      order_id: orderId,
      order_json: JSON.stringify(next.order),
      answer_json: JSON.stringify(next.answer),
      updated_at: isoNow(),
      status: next.answer.status,
      method: next.order.method,
      payment_reference: next.order.paymentReference ?? null,
    });
    return fromRow(byOrderId.get(orderId)!);
  });

  const store: SqliteOrderStore = {
    // IMMEDIATE takes the write lock before the read, so two processes sharing the file cannot
    // both see "no order" and both insert; within one process better-sqlite3 is synchronous.
    // A key once recorded keeps its row: a replay reads it without taking the write lock.
    insertOrGet: (entry) => {
      const existing = byKey.get(entry.idempotencyKey);
      if (existing) return { created: false, stored: fromRow(existing) };
      return (entry.answerIsPure && insertPure(entry)) || insertOrGet.immediate(entry);
    },
    get: (orderId) => {
      const row = byOrderId.get(orderId);
      return row && fromRow(row);
    },
    update: (orderId, change) => update.immediate(orderId, change),
    withStatus: (status, limit) => (status === 'verifying' ? verifying.all(limit) : byStatus.all(status, limit)).map(fromRow),
    list: () => all.all().map(fromRow),
    // Compared as text: created_at is always written by toISOString(), whose order is time order.
    since: (sinceMs, limit) => bySince.all(new Date(sinceMs).toISOString(), limit).map(fromRow),
    newest: (sinceMs, limit, before) => {
      const { at, row } = before ?? { at: '\uffff', row: Number.MAX_SAFE_INTEGER };
      // One row more than asked tells whether there is a next page.
      const rows = newestBefore.all({ since: new Date(sinceMs).toISOString(), at, row, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const orders = page.map(fromRow);
      return rows.length > limit && last ? { orders, next: { at: last.created_at, row: last.row_id } } : { orders };
    },
    close: () => {
      markClosed(store);
      db.close();
    },
  };
  databases.set(store, db);
  registerBackend(store, {
    intents: () => openIntentStore(db),
    paypalOrders: () => openPayPalOrderStore(db),
    adyenSessions: () => openAdyenSessionStore(db),
    incidents: (options) => openIncidentStore(db, options),
    secretKey: () => sqliteSecretKey(db),
    sandboxDatabase: () => db,
    reportOrders: sqliteReportOrders(db),
  });
  return store;
}
