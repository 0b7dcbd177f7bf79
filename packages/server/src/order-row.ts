/**
 * An `orders` row as both stores read it (SQLite in order-store.ts, PostgreSQL in pg-store.ts:
 * the same columns, schema.ts and pg-schema.ts), and the stored order it stands for.
 */
import type { Order, OrderAnswer, OrderStatus } from './order.js';
import type { StoredOrder } from './order-store.js';

export interface OrderRow {
  idempotency_key: string;
  order_id: string;
  request_hash: string;
  order_json: string;
  answer_status: number;
  answer_json: string;
  created_at: string;
  /** Nullable in SQLite: a migration added the column (schema.ts); PostgreSQL always has it. */
  updated_at: string | null;
  queued_at: string | null;
  status: string;
  method: string;
  payment_reference: string | null;
}

export function fromRow(row: OrderRow): StoredOrder {
  // The status column is the order's status (indexed, moved by verification); the answer shows it.
  // Set on the object just parsed rather than spread into a copy: the key keeps its place either
  // way, and copying an object that JSON.parse built costs more than parsing it.
  const body = JSON.parse(row.answer_json) as OrderAnswer;
  body.status = row.status as OrderStatus;
  const stored: StoredOrder = {
    idempotencyKey: row.idempotency_key,
    orderId: row.order_id,
    requestHash: row.request_hash,
    order: JSON.parse(row.order_json) as Order,
    answer: { status: row.answer_status, body },
    createdAt: row.created_at,
    updatedAt: row.updated_at ?? row.created_at,
  };
  if (row.queued_at !== null) stored.queuedAt = row.queued_at;
  return stored;
}
