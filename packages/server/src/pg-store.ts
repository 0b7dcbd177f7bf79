import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type pg from 'pg';
import type { KeyedLock } from './keyed-lock.js';
import { KEY_NAME } from './order-secret.js';
import { fromRow, type OrderRow } from './order-row.js';
import { markNoEarlierIncidents, type NewOrder, type OrderStore, type StoredAnswer, type StoredOrder } from './order-store.js';
import { migratePostgres } from './pg-schema.js';
import { inTransaction } from './pg-transaction.js';
import { pgIncidentStore, pgIntentStore, pgPayPalOrderStore } from './pg-tables.js';
import { pgAdyenSessionStore } from './adyen/pg-session-store.js';
import { pgReportOrders } from './report-orders.js';
import { migrate } from './schema.js';
import { markClosed, registerBackend } from './store-backend.js';

/**
 * The order store on PostgreSQL, for a shop run by more than one process or machine. Every guard
 * the SQLite store keeps with `BEGIN IMMEDIATE` is a database guarantee here, valid whichever
 * instance a request lands on: the primary key on the idempotency key, an advisory lock per key
 * so an order's first answer is computed once, row locks for read-modify-write, an advisory lock
 * per order around payment work.
 */

export interface PostgresStoreOptions {
  /** Connections for queries. Default 10. */
  poolSize?: number;
  /** Connections that may hold an order's payment lock at once (apart, so holders never starve queries). Default 4. */
  lockPoolSize?: number;
}

const COLUMNS = `idempotency_key, order_id, request_hash, order_json, answer_status, answer_json,
  created_at, updated_at, queued_at, status, method, payment_reference`;


/** A lock id from a text, for `pg_advisory_xact_lock(bigint)`: 64 bits, computed by the server. */
const LOCK_OF = 'hashtextextended($1, 0)';

function paymentLock(lockPool: pg.Pool): KeyedLock {
  return (key, task) =>
    inTransaction(lockPool, async (client) => {
      // Held until this transaction ends, and released by the server if this process dies.
      await client.query(`SELECT pg_advisory_xact_lock(${LOCK_OF})`, [`relais-payment:${key}`]);
      return task();
    });
}

async function sharedKey(pool: pg.Pool): Promise<Buffer> {
  // The first instance to start creates it; the others read it.
  await pool.query('INSERT INTO server_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
    KEY_NAME, randomBytes(32).toString('base64'),
  ]);
  const { rows } = await pool.query<{ value: string }>('SELECT value FROM server_keys WHERE name = $1', [KEY_NAME]);
  return Buffer.from(rows[0]!.value, 'base64');
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/** Opens (and creates or migrates) the order store at a `postgres://` URL. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<OrderStore> {
  // Loaded here, not at import: a server on SQLite never pays for the PostgreSQL client at start-up.
  const { default: { Pool } } = await import('pg');
  const pool = new Pool({ connectionString: url, max: options.poolSize ?? 10 });
  const lockPool = new Pool({ connectionString: url, max: options.lockPoolSize ?? 4 });
  // An idle connection the server dropped must not crash the process: the next query reconnects.
  pool.on('error', () => {});
  lockPool.on('error', () => {});
  let key: Buffer;
  try {
    await migratePostgres(pool);
    key = await sharedKey(pool);
  } catch (error) {
    await Promise.all([pool.end(), lockPool.end()]);
    throw new Error('cannot open the PostgreSQL order store', { cause: error });
  }

  const one = async (sql: string, values: unknown[]) => {
    const { rows } = await pool.query<OrderRow>(sql, values);
    return rows[0] && fromRow(rows[0]);
  };
  const many = async (sql: string, values: unknown[]) => (await pool.query<OrderRow>(sql, values)).rows.map(fromRow);

  const values = (entry: NewOrder, answer: StoredAnswer) => [
    entry.idempotencyKey, entry.order.orderId, entry.requestHash, JSON.stringify(entry.order), answer.status,
    JSON.stringify(answer.body), new Date().toISOString(), entry.queuedAt ?? null, answer.body.status, entry.order.method,
    entry.order.paymentReference ?? null,
  ];
  /**
   * Incidents that came before their order (a page that failed to reach the shop reports, then
   * queues the order) learn in the same statement that their order is now known (the
   * `order_known` flag readers use, pg-schema.ts).
   */
  const FLAG_KNOWN = `known AS (UPDATE incidents SET order_known = true FROM inserted
    WHERE incidents.order_id = inserted.order_id AND NOT incidents.order_known RETURNING 1)`;
  const INSERT = `WITH inserted AS (INSERT INTO orders (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11)
    ON CONFLICT DO NOTHING RETURNING ${COLUMNS}), ${FLAG_KNOWN}
    SELECT ${COLUMNS} FROM inserted`;

  /** One statement for a new order, one more for a replay: the unique keys decide, no lock needed. */
  const insertPure = async (entry: NewOrder) => {
    const answer = entry.answer();
    const row = values(entry, answer);
    // Named: each connection parses and plans these once, not on every order. A new order's row
    // is what was just sent: only whether incidents came before it comes back (no twelve
    // columns to parse, no JSON to read back). Those incidents were all flagged unknown (the
    // order was not there), so the ones flagged here are all of them.
    const inserted = await pool.query<{ earlier_incidents: boolean }>({
      name: 'relais-order-insert-new',
      text: `WITH inserted AS (INSERT INTO orders (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11)
          ON CONFLICT DO NOTHING RETURNING order_id), ${FLAG_KNOWN}
        SELECT EXISTS (SELECT 1 FROM known) AS earlier_incidents FROM inserted`,
      values: row,
    });
    const created = inserted.rows[0];
    if (created) {
      const at = row[6] as string;
      const stored: StoredOrder = {
        idempotencyKey: entry.idempotencyKey,
        orderId: entry.order.orderId,
        requestHash: entry.requestHash,
        order: entry.order,
        answer: { status: answer.status, body: answer.body },
        createdAt: at,
        updatedAt: at,
      };
      if (entry.queuedAt !== undefined) stored.queuedAt = entry.queuedAt;
      return { created: true, stored: created.earlier_incidents ? stored : markNoEarlierIncidents(stored) };
    }
    const { rows } = await pool.query<OrderRow>({
      name: 'relais-order-replay',
      text: `SELECT ${COLUMNS} FROM orders WHERE idempotency_key = $1 OR order_id = $2 ORDER BY idempotency_key = $1 DESC LIMIT 1`,
      values: [entry.idempotencyKey, entry.order.orderId],
    });
    return { created: false, stored: fromRow(rows[0]!) };
  };

  const store: OrderStore = {
    insertOrGet: (entry) => entry.answerIsPure ? insertPure(entry) :
      inTransaction(pool, async (client) => {
        // The answer is computed once per key (it may call the merchant's bankTransfer): the
        // first request holds the key's lock; the others wait, then find its row.
        await client.query(`SELECT pg_advisory_xact_lock(${LOCK_OF})`, [`relais-order:${entry.idempotencyKey}`]);
        const existing = await client.query<OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE idempotency_key = $1`, [entry.idempotencyKey]);
        if (existing.rows[0]) return { created: false, stored: fromRow(existing.rows[0]) };
        const inserted = await client.query<OrderRow>(INSERT, values(entry, entry.answer()));
        if (inserted.rows[0]) return { created: true, stored: fromRow(inserted.rows[0]) };
        // Another key already holds this order id: the unique constraint refused a second row.
        const byId = await client.query<OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE order_id = $1`, [entry.order.orderId]);
        return { created: false, stored: fromRow(byId.rows[0]!) };
      }),
    get: async (orderId) => {
      const { rows } = await pool.query<OrderRow>({ name: 'relais-order-get', text: `SELECT ${COLUMNS} FROM orders WHERE order_id = $1`, values: [orderId] });
      return rows[0] && fromRow(rows[0]);
    },
    update: (orderId, change) =>
      inTransaction(pool, async (client) => {
        // The row lock makes read-change-write one step for every instance.
        const { rows } = await client.query<OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE order_id = $1 FOR UPDATE`, [orderId]);
        if (!rows[0]) return undefined;
        const stored = fromRow(rows[0]);
        const next = change(stored);
        if (!next) return stored;
        const saved = await client.query<OrderRow>(
          `UPDATE orders SET order_json = $2, answer_json = $3, updated_at = $4, status = $5, method = $6, payment_reference = $7
           WHERE order_id = $1 RETURNING ${COLUMNS}`,
          [orderId, JSON.stringify(next.order), JSON.stringify(next.answer), new Date().toISOString(), next.answer.status,
            next.order.method, next.order.paymentReference ?? null],
        );
        return fromRow(saved.rows[0]!);
      }),
    withStatus: (status, limit) => many(`SELECT ${COLUMNS} FROM orders WHERE status = $1 ORDER BY updated_at LIMIT $2`, [status, limit]),
    list: () => many(`SELECT ${COLUMNS} FROM orders ORDER BY seq`, []),
    since: (sinceMs, limit) =>
      many(`SELECT ${COLUMNS} FROM orders WHERE created_at >= $1 ORDER BY created_at, seq LIMIT $2`, [new Date(sinceMs).toISOString(), limit]),
    // Newest first through the (created_at, seq) index; `seq` plays SQLite's rowid in the cursor.
    newest: async (sinceMs, limit, before) => {
      const { at, row } = before ?? { at: '\uffff', row: Number.MAX_SAFE_INTEGER };
      // One row more than asked tells whether there is a next page.
      const { rows } = await pool.query<OrderRow & { seq: string }>(
        `SELECT ${COLUMNS}, seq FROM orders WHERE created_at >= $1 AND (created_at, seq) < ($2, $3)
         ORDER BY created_at DESC, seq DESC LIMIT $4`,
        [new Date(sinceMs).toISOString(), at, row, limit + 1],
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const orders = page.map(fromRow);
      return rows.length > limit && last ? { orders, next: { at: last.created_at, row: Number(last.seq) } } : { orders };
    },
    close: async () => {
      markClosed(store);
      await Promise.all([pool.end(), lockPool.end()]);
      sandbox?.close();
    },
  };

  let sandbox: Database.Database | undefined;
  registerBackend(store, {
    intents: () => pgIntentStore(pool),
    paypalOrders: () => pgPayPalOrderStore(pool),
    adyenSessions: () => pgAdyenSessionStore(pool),
    incidents: (incidentOptions) => pgIncidentStore(pool, incidentOptions),
    secretKey: () => key,
    sandboxDatabase: () => {
      if (!sandbox) {
        sandbox = new Database(':memory:');
        migrate(sandbox);
      }
      return sandbox;
    },
    paymentLock: paymentLock(lockPool),
    reportOrders: pgReportOrders(pool),
  });
  return store;
}
