import type pg from 'pg';
import {
  DEFAULT_INCIDENT_AGE_MS, DEFAULT_MAX_INCIDENTS, DEFAULT_MAX_UNKNOWN_INCIDENTS, pruneBatch,
  type IncidentStore, type IncidentStoreOptions, type StoredIncident,
} from './incident-store.js';
import { EVENTS_PAGE_SIZE } from './events-route.js';
import { TECHNICAL_KINDS } from './incident.js';
import { inTransaction } from './pg-transaction.js';
import type { CaptureAnswer, PayPalOrderStore, PayPalRecord } from './paypal/order-store.js';
import { CREATING, type IntentRecord, type IntentStore } from './stripe/intent-store.js';

/** The payment records and incidents of the PostgreSQL store: the same rules as the SQLite ones. */

const now = () => new Date().toISOString();

interface IntentRow {
  order_id: string;
  intent_id: string | null;
  create_amount: string;
  create_currency: string;
  amount: string;
  currency: string;
  status: string;
}

const intentOf = (row: IntentRow): IntentRecord => ({
  orderId: row.order_id,
  intentId: row.intent_id,
  // BIGINT comes back as text: amounts are minor units, far below 2^53.
  createAmount: Number(row.create_amount),
  createCurrency: row.create_currency,
  amount: Number(row.amount),
  currency: row.currency,
  status: row.status,
});

const FINAL = "('succeeded', 'canceled')";

export function pgIntentStore(pool: pg.Pool): IntentStore {
  const byOrder = async (orderId: string) => {
    const { rows } = await pool.query<IntentRow>('SELECT * FROM stripe_payment_intents WHERE order_id = $1', [orderId]);
    return rows[0] && intentOf(rows[0]);
  };
  return {
    async claim(orderId, amount, currency) {
      const at = now();
      // The first claim's parameters stay: a create retried elsewhere must send them again.
      await pool.query(
        `INSERT INTO stripe_payment_intents (order_id, intent_id, create_amount, create_currency, amount, currency, status, created_at, updated_at)
         VALUES ($1, NULL, $2, $3, $2, $3, '${CREATING}', $4, $4) ON CONFLICT (order_id) DO NOTHING`,
        [orderId, amount, currency, at],
      );
      return (await byOrder(orderId))!;
    },
    byOrder,
    async orderOf(intentId) {
      const { rows } = await pool.query<{ order_id: string }>('SELECT order_id FROM stripe_payment_intents WHERE intent_id = $1', [intentId]);
      return rows[0]?.order_id;
    },
    async save(orderId, intent) {
      // A retrieve that left before a webhook recorded success may answer after it: never downgrade.
      await pool.query(
        `UPDATE stripe_payment_intents SET intent_id = $1, amount = $2, currency = $3,
           status = CASE WHEN status IN ${FINAL} THEN status ELSE $4 END, updated_at = $5
         WHERE order_id = $6`,
        [intent.id, intent.amount, intent.currency, intent.status, now(), orderId],
      );
    },
    recordEvent: (event) =>
      inTransaction(pool, async (client) => {
        const at = now();
        const inserted = await client.query(
          'INSERT INTO stripe_events (event_id, type, intent_id, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING',
          [event.id, event.type, event.intentId, at],
        );
        if (inserted.rowCount === 0) return false;
        await client.query(
          `UPDATE stripe_payment_intents SET status = $1, updated_at = $2 WHERE intent_id = $3 AND status NOT IN ${FINAL}`,
          [event.status, at, event.intentId],
        );
        return true;
      }),
  };
}

interface PayPalRow {
  order_id: string;
  paypal_order_id: string | null;
  create_amount: string;
  create_currency: string;
  status: string;
  capture_json: string | null;
}

const paypalOf = (row: PayPalRow): PayPalRecord => ({
  orderId: row.order_id,
  paypalOrderId: row.paypal_order_id,
  createAmount: Number(row.create_amount),
  createCurrency: row.create_currency,
  status: row.status,
  capture: row.capture_json === null ? undefined : (JSON.parse(row.capture_json) as CaptureAnswer),
});

export function pgPayPalOrderStore(pool: pg.Pool): PayPalOrderStore {
  const found = async (column: 'order_id' | 'paypal_order_id', value: string) => {
    const { rows } = await pool.query<PayPalRow>(`SELECT * FROM paypal_orders WHERE ${column} = $1`, [value]);
    return rows[0] && paypalOf(rows[0]);
  };
  return {
    async claim(orderId, amount, currency) {
      const at = now();
      await pool.query(
        `INSERT INTO paypal_orders (order_id, paypal_order_id, create_amount, create_currency, status, capture_json, created_at, updated_at)
         VALUES ($1, NULL, $2, $3, 'CREATING', NULL, $4, $4) ON CONFLICT (order_id) DO NOTHING`,
        [orderId, amount, currency, at],
      );
      return (await found('order_id', orderId))!;
    },
    byOrder: (orderId) => found('order_id', orderId),
    byPayPalId: (paypalOrderId) => found('paypal_order_id', paypalOrderId),
    async saveOrder(orderId, paypalOrderId, status) {
      await pool.query('UPDATE paypal_orders SET paypal_order_id = $1, status = $2, updated_at = $3 WHERE order_id = $4', [
        paypalOrderId, status, now(), orderId,
      ]);
    },
    async saveCapture(answer) {
      // Written once: a capture answer, once there, is the answer for good.
      await pool.query(
        `UPDATE paypal_orders SET status = 'COMPLETED', capture_json = $1, updated_at = $2 WHERE order_id = $3 AND capture_json IS NULL`,
        [JSON.stringify(answer), now(), answer.orderId],
      );
    },
  };
}

interface IncidentRow {
  id: string;
  provider: string;
  kind: string;
  reason: string;
  latency_ms: number;
  order_id: string;
  at: string;
  received_at: string;
  order_known: boolean;
}

function storedIncident(row: IncidentRow): StoredIncident {
  return {
    id: Number(row.id),
    provider: row.provider,
    kind: row.kind,
    reason: row.reason,
    latencyMs: row.latency_ms,
    orderId: row.order_id,
    at: row.at,
    receivedAt: new Date(Number(row.received_at)).toISOString(),
    orderKnown: row.order_known,
  };
}

/**
 * Whether an incident's order is known: the flag the database keeps on the row (schema version
 * 4), or, for a row written `false`, a look-up (its order may have been recorded since, or at
 * the same moment). Known orders' incidents, nearly every row read, cost no look-up.
 */
const KNOWN = '(incidents.order_known OR EXISTS (SELECT 1 FROM orders WHERE orders.order_id = incidents.order_id))';

/**
 * The page's rows, then whether each one's order is known: the row's flag, or one index
 * look-up for a row whose flag is `false` (the `NOT page.order_known` condition skips the
 * look-up for the others). As an `EXISTS` in the select list the planner hashes every order id
 * instead (250 ms at 100k orders, for a page of 1000); a lateral join with `LIMIT 1` can only
 * be a look-up.
 */
const withKnown = (page: string, order: string) =>
  `SELECT page.id, page.provider, page.kind, page.reason, page.latency_ms, page.order_id, page.at, page.received_at,
     page.order_known OR known.yes IS NOT NULL AS order_known
   FROM (${page}) AS page
   LEFT JOIN LATERAL (SELECT true AS yes FROM orders WHERE NOT page.order_known AND orders.order_id = page.order_id LIMIT 1) AS known ON true
   ORDER BY ${order}`;

/**
 * Per provider, the distinct known orders with a technical incident since `$1` (`$2`… the
 * technical kinds): the health feed's count. The window through the (received_at, id) index,
 * known by the row's flag, or by a look-up for a row flagged `false`. As an `EXISTS`, a prepared
 * statement's generic plan hashes every order id instead: a cost that grows with the orders,
 * asked on every health answer.
 */
export const FAILING_ORDERS = `SELECT window_rows.provider, COUNT(DISTINCT window_rows.order_id) AS orders
  FROM (SELECT provider, order_id, order_known FROM incidents
        WHERE received_at >= $1 AND kind IN (${TECHNICAL_KINDS.map((_, index) => `$${index + 2}`).join(', ')})) AS window_rows
  LEFT JOIN LATERAL (SELECT true AS yes FROM orders
                     WHERE NOT window_rows.order_known AND orders.order_id = window_rows.order_id LIMIT 1) AS known ON true
  WHERE window_rows.order_known OR known.yes IS NOT NULL
  GROUP BY window_rows.provider`;

/**
 * Rows a page of `newestIncidents` reads at most: `GET /events`' largest page and the one row
 * more that tells whether a next page exists.
 */
export const NEWEST_PLANNED_ROWS = EVENTS_PAGE_SIZE + 1;

/**
 * Incidents received at or after `$1` and before (`$2`, `$3`), newest first, at most `$4` (and
 * at most `cap`): the dashboard's pages.
 *
 * Planned once per connection at any table size. PostgreSQL keeps a named statement's generic
 * plan (made without the values) only while its estimated cost is no higher than that of the
 * plans it makes for each call's values. With the values in sight of the planner, a call's
 * plan reads its page (`LIMIT $4` rows) while the generic one counts a third of the table for
 * `received_at >= $1`, and a tenth of that for `LIMIT $4`: past about 9,000 incidents (for a page
 * of 100) the generic plan looked dearer and every call was planned again (0.05 to 0.1 ms of a
 * 0.5 ms page, at 100,000 incidents but not at 1,000). Read through scalar sub-selects, which no plan sees
 * into, the values leave every plan the same estimates: the generic one is kept from the sixth
 * call on, whatever the table holds. It is the plan a call's values gave (the index read
 * backwards from the cursor, stopped at `since` or the page), right for any values. The literal
 * `cap` bounds its estimate, which would otherwise grow with the table (to where PostgreSQL
 * compiles each call's expressions, past `jit_above_cost`).
 */
export const newestIncidents = (cap: number) => withKnown(`SELECT * FROM (SELECT * FROM incidents
    WHERE received_at >= (SELECT $1::bigint) AND (received_at, id) < ((SELECT $2::bigint), (SELECT $3::bigint))
    ORDER BY received_at DESC, id DESC LIMIT ${cap}) AS capped
  ORDER BY received_at DESC, id DESC LIMIT (SELECT $4::bigint)`, 'received_at DESC, id DESC');

const NEWEST_INCIDENTS = newestIncidents(NEWEST_PLANNED_ROWS);

/** Incidents received at or after `$1`, oldest first, at most `$2`: `/events?since=` and `/report`. */
export const INCIDENTS_SINCE = withKnown('SELECT * FROM incidents WHERE received_at >= $1 ORDER BY received_at, id LIMIT $2', 'received_at, id');

/** Incidents, bounded like the SQLite table: by age, and by count apart for known and unknown orders. */
export function pgIncidentStore(pool: pg.Pool, options: IncidentStoreOptions = {}): IncidentStore {
  const {
    maxRows = DEFAULT_MAX_INCIDENTS, maxUnknownRows = DEFAULT_MAX_UNKNOWN_INCIDENTS, maxAgeMs = DEFAULT_INCIDENT_AGE_MS, now: clock = Date.now,
  } = options;
  const batch = pruneBatch(Math.min(maxRows, maxUnknownRows));
  let sincePrune = 0;
  const prune = (which: string) =>
    `DELETE FROM incidents WHERE id IN (SELECT id FROM incidents WHERE ${which} ORDER BY id DESC OFFSET $1)`;
  return {
    add: (incident) =>
      inTransaction(pool, async (client) => {
        const receivedAt = clock();
        await client.query(
          `INSERT INTO incidents (provider, kind, reason, latency_ms, order_id, at, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [incident.provider, incident.kind, incident.reason, incident.latencyMs, incident.orderId, incident.at, receivedAt],
        );
        await client.query('DELETE FROM incidents WHERE received_at < $1', [receivedAt - maxAgeMs]);
        // By count once a batch (see `pruneBatch`), per process.
        if (++sincePrune < batch) return;
        sincePrune = 0;
        await client.query(prune(KNOWN), [maxRows]);
        await client.query(prune(`NOT ${KNOWN}`), [maxUnknownRows]);
      }),
    async since(sinceMs, limit) {
      const { rows } = await pool.query<IncidentRow>(INCIDENTS_SINCE, [sinceMs, limit]);
      return rows.map(storedIncident);
    },
    async newest(sinceMs, limit, before) {
      const { at, id } = before ?? { at: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER };
      // Newest first through the (received_at, id) index; one row more tells whether a next page exists.
      const values = [sinceMs, at, id, limit + 1];
      // A larger page than any route asks is read whole, by a statement of its own.
      const { rows } = await pool.query<IncidentRow>(limit + 1 <= NEWEST_PLANNED_ROWS
        ? { name: 'relais-incidents-newest', text: NEWEST_INCIDENTS, values }
        : { text: newestIncidents(limit + 1), values });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const incidents = page.map(storedIncident);
      return rows.length > limit && last ? { incidents, next: { at: Number(last.received_at), id: Number(last.id) } } : { incidents };
    },
    async forOrder(orderId) {
      // Named: asked for every new order (metrics), parsed and planned once per connection.
      const { rows } = await pool.query<IncidentRow>({
        name: 'relais-incidents-of-order',
        text: withKnown('SELECT * FROM incidents WHERE order_id = $1 ORDER BY id LIMIT 100', 'id'),
        values: [orderId],
      });
      return rows.map(storedIncident);
    },
    async failingOrders(sinceMs) {
      const { rows } = await pool.query<{ provider: string; orders: string }>({
        name: 'relais-failing-orders',
        text: FAILING_ORDERS,
        values: [sinceMs, ...TECHNICAL_KINDS],
      });
      return new Map(rows.map((row) => [row.provider, Number(row.orders)]));
    },
  };
}
