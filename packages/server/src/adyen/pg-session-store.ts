import type pg from 'pg';
import { recordOf, type AdyenSessionStore, type SessionRow } from './session-store.js';

const now = () => new Date().toISOString();

/**
 * The Adyen session store on PostgreSQL: the same rules as the SQLite one, in the tables every
 * instance on the database shares. A claim is one statement, so two instances claiming at once
 * still agree on the attempt (and so on the idempotency key).
 */
export function pgAdyenSessionStore(pool: pg.Pool): AdyenSessionStore {
  const byOrder = async (orderId: string) => {
    const { rows } = await pool.query<SessionRow>('SELECT * FROM adyen_sessions WHERE order_id = $1', [orderId]);
    return rows[0] && recordOf(rows[0]);
  };
  return {
    byOrder,
    async claim(orderId, amount, currency) {
      // A closed session cannot pay, and a session's amount is fixed: a new one, under a new key.
      const { rows } = await pool.query<SessionRow>(
        `INSERT INTO adyen_sessions (order_id, attempt, amount, currency, status, updated_at)
         VALUES ($1, 1, $2, $3, 'creating', $4)
         ON CONFLICT (order_id) DO UPDATE SET
           attempt = adyen_sessions.attempt + 1, session_id = NULL, session_data = NULL, amount = EXCLUDED.amount,
           currency = EXCLUDED.currency, status = 'creating', session_result = NULL, updated_at = EXCLUDED.updated_at
         WHERE adyen_sessions.status IN ('canceled', 'expired', 'refused')
            OR adyen_sessions.amount <> EXCLUDED.amount OR adyen_sessions.currency <> EXCLUDED.currency
         RETURNING *`,
        [orderId, amount, currency, now()],
      );
      // No row back: the open session stays as it is.
      return rows[0] ? recordOf(rows[0]) : (await byOrder(orderId))!;
    },
    async saveSession(orderId, attempt, sessionId, sessionData) {
      await pool.query(
        `UPDATE adyen_sessions SET session_id = $1, session_data = $2, status = 'active', updated_at = $3 WHERE order_id = $4 AND attempt = $5`,
        [sessionId, sessionData, now(), orderId, attempt],
      );
    },
    async saveStatus(orderId, status, sessionResult) {
      await pool.query('UPDATE adyen_sessions SET status = $1, session_result = COALESCE($2, session_result), updated_at = $3 WHERE order_id = $4', [
        status, sessionResult ?? null, now(), orderId,
      ]);
    },
    async saveAuthorised(orderId, pspReference, amount, currency) {
      await pool.query(
        `UPDATE adyen_sessions SET status = 'completed', psp_reference = $1, paid_amount = $2, paid_currency = $3, updated_at = $4 WHERE order_id = $5`,
        [pspReference, amount, currency, now(), orderId],
      );
    },
    async recordEvent(key) {
      const { rowCount } = await pool.query('INSERT INTO adyen_events (event_key, received_at) VALUES ($1, $2) ON CONFLICT (event_key) DO NOTHING', [key, now()]);
      return rowCount === 1;
    },
  };
}
