import type { Database } from 'better-sqlite3';
import type { Awaitable } from '../order-store.js';

/**
 * The merchant's record of each order's PayPal order: which one, its status, and the capture
 * answer, kept so that every later capture call gets the same answer without asking PayPal.
 */

export interface CaptureAnswer {
  status: 'COMPLETED';
  captureId: string;
  /** The Relais order id. */
  orderId: string;
}

export interface PayPalRecord {
  orderId: string;
  paypalOrderId: string | null;
  createAmount: number;
  createCurrency: string;
  status: string;
  capture: CaptureAnswer | undefined;
}

interface PayPalRow {
  order_id: string;
  paypal_order_id: string | null;
  create_amount: number;
  create_currency: string;
  status: string;
  capture_json: string | null;
}

function fromRow(row: PayPalRow): PayPalRecord {
  return {
    orderId: row.order_id,
    paypalOrderId: row.paypal_order_id,
    createAmount: row.create_amount,
    createCurrency: row.create_currency,
    status: row.status,
    capture: row.capture_json === null ? undefined : (JSON.parse(row.capture_json) as CaptureAnswer),
  };
}

export interface PayPalOrderStore {
  /** The order's row, inserted with these create parameters when it has none yet. */
  claim(orderId: string, amount: number, currency: string): Awaitable<PayPalRecord>;
  byOrder(orderId: string): Awaitable<PayPalRecord | undefined>;
  byPayPalId(paypalOrderId: string): Awaitable<PayPalRecord | undefined>;
  saveOrder(orderId: string, paypalOrderId: string, status: string): Awaitable<void>;
  saveCapture(answer: CaptureAnswer): Awaitable<void>;
}

/** The SQLite PayPal order store answers at once. */
export interface SqlitePayPalOrderStore extends PayPalOrderStore {
  claim(orderId: string, amount: number, currency: string): PayPalRecord;
  byOrder(orderId: string): PayPalRecord | undefined;
  byPayPalId(paypalOrderId: string): PayPalRecord | undefined;
  saveOrder(orderId: string, paypalOrderId: string, status: string): void;
  saveCapture(answer: CaptureAnswer): void;
}

export function openPayPalOrderStore(db: Database): SqlitePayPalOrderStore {
  const byOrder = db.prepare<[string], PayPalRow>('SELECT * FROM paypal_orders WHERE order_id = ?');
  const byPayPalId = db.prepare<[string], PayPalRow>('SELECT * FROM paypal_orders WHERE paypal_order_id = ?');
  const insert = db.prepare(
    `INSERT OR IGNORE INTO paypal_orders
       (order_id, paypal_order_id, create_amount, create_currency, status, capture_json, created_at, updated_at)
     VALUES (?, NULL, ?, ?, 'CREATING', NULL, ?, ?)`,
  );
  const saveOrder = db.prepare('UPDATE paypal_orders SET paypal_order_id = ?, status = ?, updated_at = ? WHERE order_id = ?');
  // Written once: a capture answer, once there, is the answer for good.
  const saveCapture = db.prepare(
    `UPDATE paypal_orders SET status = 'COMPLETED', capture_json = ?, updated_at = ?
     WHERE order_id = ? AND capture_json IS NULL`,
  );
  const claim = db.transaction((orderId: string, amount: number, currency: string) => {
    const now = new Date().toISOString();
    insert.run(orderId, amount, currency, now, now);
    return fromRow(byOrder.get(orderId)!);
  });

  const found = (row: PayPalRow | undefined) => row && fromRow(row);
  return {
    claim: (orderId, amount, currency) => claim.immediate(orderId, amount, currency),
    byOrder: (orderId) => found(byOrder.get(orderId)),
    byPayPalId: (paypalOrderId) => found(byPayPalId.get(paypalOrderId)),
    saveOrder: (orderId, paypalOrderId, status) => {
      saveOrder.run(paypalOrderId, status, new Date().toISOString(), orderId);
    },
    saveCapture: (answer) => {
      saveCapture.run(JSON.stringify(answer), new Date().toISOString(), answer.orderId);
    },
  };
}
