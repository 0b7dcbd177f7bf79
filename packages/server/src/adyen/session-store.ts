import type { Database } from 'better-sqlite3';
import type { Awaitable } from '../order-store.js';

/**
 * The merchant's record of each order's Adyen session: which session (one at a time, a new one
 * only once the last can no longer pay), what Adyen last said of it, and the webhook events seen.
 * Never card data. Kept in the order store's database beside the orders (SQLite here,
 * PostgreSQL in pg-session-store.ts), so every instance on one database sees the same sessions.
 */

export interface SessionRecord {
  orderId: string;
  /** Which create this is (the idempotency key's last part). */
  attempt: number;
  sessionId: string | null;
  sessionData: string | null;
  amount: number;
  currency: string;
  status: string;
  /** The page's last `sessionResult`, what `GET /sessions/{id}` needs. */
  sessionResult: string | null;
  /** An authorised payment seen at Adyen (result or signed webhook). */
  pspReference: string | null;
  paidAmount: number | null;
  paidCurrency: string | null;
}

export interface SessionRow {
  order_id: string;
  attempt: number;
  session_id: string | null;
  session_data: string | null;
  amount: number;
  currency: string;
  status: string;
  session_result: string | null;
  psp_reference: string | null;
  paid_amount: number | null;
  paid_currency: string | null;
}

// PostgreSQL answers BIGINT as text: amounts are minor units, far below 2^53.
export const recordOf = (row: SessionRow): SessionRecord => ({
  orderId: row.order_id,
  attempt: Number(row.attempt),
  sessionId: row.session_id,
  sessionData: row.session_data,
  amount: Number(row.amount),
  currency: row.currency,
  status: row.status,
  sessionResult: row.session_result,
  pspReference: row.psp_reference,
  paidAmount: row.paid_amount === null ? null : Number(row.paid_amount),
  paidCurrency: row.paid_currency,
});

/** Statuses in which the session can no longer take a payment: the next create is a new session. */
export const CLOSED = new Set(['canceled', 'expired', 'refused']);

export interface AdyenSessionStore {
  byOrder(orderId: string): Awaitable<SessionRecord | undefined>;
  /** The order's session to (re)create: the current attempt, or the next once the last is closed. */
  claim(orderId: string, amount: number, currency: string): Awaitable<SessionRecord>;
  saveSession(orderId: string, attempt: number, sessionId: string, sessionData: string): Awaitable<void>;
  saveStatus(orderId: string, status: string, sessionResult?: string): Awaitable<void>;
  saveAuthorised(orderId: string, pspReference: string, amount: number, currency: string): Awaitable<void>;
  /** A verified webhook item: false when this (psp reference, event, success) was seen already. */
  recordEvent(key: string): Awaitable<boolean>;
}

/** The SQLite session store answers at once. Its tables come from the store's migrations (schema.ts). */
export function openAdyenSessionStore(db: Database): AdyenSessionStore {
  const get = db.prepare<[string], SessionRow>('SELECT * FROM adyen_sessions WHERE order_id = ?');
  const now = () => new Date().toISOString();
  return {
    byOrder: (orderId) => {
      const row = get.get(orderId);
      return row && recordOf(row);
    },
    claim: (orderId, amount, currency) =>
      db.transaction(() => {
        const row = get.get(orderId);
        if (!row) {
          db.prepare(`INSERT INTO adyen_sessions (order_id, attempt, amount, currency, status, updated_at) VALUES (?, 1, ?, ?, 'creating', ?)`).run(orderId, amount, currency, now());
        } else if (CLOSED.has(row.status) || row.amount !== amount || row.currency !== currency) {
          // A closed session cannot pay, and a session's amount is fixed: a new one, under a new key.
          db.prepare(
            `UPDATE adyen_sessions SET attempt = attempt + 1, session_id = NULL, session_data = NULL, amount = ?, currency = ?,
               status = 'creating', session_result = NULL, updated_at = ? WHERE order_id = ?`,
          ).run(amount, currency, now(), orderId);
        }
        return recordOf(get.get(orderId)!);
      }).immediate(),
    saveSession: (orderId, attempt, sessionId, sessionData) => {
      db.prepare(`UPDATE adyen_sessions SET session_id = ?, session_data = ?, status = 'active', updated_at = ? WHERE order_id = ? AND attempt = ?`).run(
        sessionId, sessionData, now(), orderId, attempt,
      );
    },
    saveStatus: (orderId, status, sessionResult) => {
      db.prepare('UPDATE adyen_sessions SET status = ?, session_result = COALESCE(?, session_result), updated_at = ? WHERE order_id = ?').run(
        status, sessionResult ?? null, now(), orderId,
      );
    },
    saveAuthorised: (orderId, pspReference, amount, currency) => {
      db.prepare(`UPDATE adyen_sessions SET status = 'completed', psp_reference = ?, paid_amount = ?, paid_currency = ?, updated_at = ? WHERE order_id = ?`).run(
        pspReference, amount, currency, now(), orderId,
      );
    },
    recordEvent: (key) => db.prepare('INSERT OR IGNORE INTO adyen_events (event_key, received_at) VALUES (?, ?)').run(key, now()).changes === 1,
  };
}
