import type { Database } from 'better-sqlite3';
import type { Awaitable } from '../order-store.js';
import type { IntentView } from './gateway.js';

/**
 * The merchant's record of each order's PaymentIntent: which intent, and the status last seen
 * (from a create, a verification or a webhook). Never the client secret.
 */

/** Status of a claimed row whose create has not answered yet. */
export const CREATING = 'creating';

export interface IntentRecord {
  orderId: string;
  intentId: string | null;
  createAmount: number;
  createCurrency: string;
  amount: number;
  currency: string;
  status: string;
}

interface IntentRow {
  order_id: string;
  intent_id: string | null;
  create_amount: number;
  create_currency: string;
  amount: number;
  currency: string;
  status: string;
  created_at: string;
  updated_at: string;
}

// Webhooks arrive late, twice, and out of order: once an intent succeeded or was canceled, no
// later event moves it back.
const FINAL = new Set(['succeeded', 'canceled']);

function fromRow(row: IntentRow): IntentRecord {
  return {
    orderId: row.order_id,
    intentId: row.intent_id,
    createAmount: row.create_amount,
    createCurrency: row.create_currency,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
  };
}

export interface IntentStore {
  /** The order's row, inserted with these create parameters when it has none yet. */
  claim(orderId: string, amount: number, currency: string): Awaitable<IntentRecord>;
  byOrder(orderId: string): Awaitable<IntentRecord | undefined>;
  /** The Relais order an intent of this server was created for. */
  orderOf(intentId: string): Awaitable<string | undefined>;
  /** Records what the provider answered for the order. */
  save(orderId: string, intent: IntentView): Awaitable<void>;
  /**
   * A verified webhook event: false when the event id was seen already. The status is applied
   * unless the intent is unknown here or already final.
   */
  recordEvent(event: { id: string; type: string; intentId: string; status: string }): Awaitable<boolean>;
}

/** The SQLite intent store answers at once. */
export interface SqliteIntentStore extends IntentStore {
  claim(orderId: string, amount: number, currency: string): IntentRecord;
  byOrder(orderId: string): IntentRecord | undefined;
  orderOf(intentId: string): string | undefined;
  save(orderId: string, intent: IntentView): void;
  recordEvent(event: { id: string; type: string; intentId: string; status: string }): boolean;
}

export function openIntentStore(db: Database): SqliteIntentStore {
  const byOrder = db.prepare<[string], IntentRow>('SELECT * FROM stripe_payment_intents WHERE order_id = ?');
  const byIntent = db.prepare<[string], IntentRow>('SELECT * FROM stripe_payment_intents WHERE intent_id = ?');
  const insert = db.prepare(
    `INSERT OR IGNORE INTO stripe_payment_intents
       (order_id, intent_id, create_amount, create_currency, amount, currency, status, created_at, updated_at)
     VALUES (?, NULL, ?, ?, ?, ?, '${CREATING}', ?, ?)`,
  );
  const finalList = [...FINAL].map((status) => `'${status}'`).join(', ');
  // A retrieve that left before a webhook recorded success may answer after it: never downgrade.
  const update = db.prepare(
    `UPDATE stripe_payment_intents
     SET intent_id = ?, amount = ?, currency = ?,
         status = CASE WHEN status IN (${finalList}) THEN status ELSE ? END, updated_at = ?
     WHERE order_id = ?`,
  );
  const insertEvent = db.prepare(
    'INSERT OR IGNORE INTO stripe_events (event_id, type, intent_id, received_at) VALUES (?, ?, ?, ?)',
  );
  const updateStatus = db.prepare(
    `UPDATE stripe_payment_intents SET status = ?, updated_at = ?
     WHERE intent_id = ? AND status NOT IN (${finalList})`,
  );

  const claim = db.transaction((orderId: string, amount: number, currency: string) => {
    const now = new Date().toISOString();
    insert.run(orderId, amount, currency, amount, currency, now, now);
    return fromRow(byOrder.get(orderId)!);
  });
  const recordEvent = db.transaction((event: { id: string; type: string; intentId: string; status: string }) => {
    const now = new Date().toISOString();
    if (insertEvent.run(event.id, event.type, event.intentId, now).changes === 0) return false;
    updateStatus.run(event.status, now, event.intentId);
    return true;
  });

  return {
    claim: (orderId, amount, currency) => claim.immediate(orderId, amount, currency),
    byOrder: (orderId) => {
      const row = byOrder.get(orderId);
      return row && fromRow(row);
    },
    orderOf: (intentId) => byIntent.get(intentId)?.order_id,
    save: (orderId, intent) => {
      update.run(intent.id, intent.amount, intent.currency, intent.status, new Date().toISOString(), orderId);
    },
    recordEvent: (event) => recordEvent.immediate(event),
  };
}
