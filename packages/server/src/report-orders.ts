/**
 * The orders of one `GET /report` page, read as the report needs them: the indexed columns and
 * the amount and currency picked out of the stored order by the database. Parsing every order's
 * two JSON documents in the event loop was most of a page's cost; the fields are the same as
 * `dashboardOrder(fromRow(row))` gives (the status, method and times columns are the ones
 * `fromRow` reads, and the method column moves with the stored order).
 */
import type { Database } from 'better-sqlite3';
import type pg from 'pg';
import type { OrderStatus, PaymentMethod } from './order.js';
import type { Awaitable } from './order-store.js';
import type { ReportOrder } from './outage-report.js';

/** Orders recorded at or after `sinceMs`, oldest first (by `createdAt`), at most `limit`. */
export type ReportOrders = (sinceMs: number, limit: number) => Awaitable<ReportOrder[]>;

interface ReportRow {
  order_id: string;
  amount: number;
  currency: string;
  method: string;
  status: string;
  created_at: string;
  updated_at: string | null;
  queued_at: string | null;
}

function reportOrder(row: ReportRow): ReportOrder {
  const order: ReportOrder = {
    orderId: row.order_id,
    amount: Number(row.amount),
    currency: row.currency,
    method: row.method as PaymentMethod,
    status: row.status as OrderStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at ?? row.created_at,
  };
  if (row.queued_at !== null) order.queuedAt = row.queued_at;
  return order;
}

export function sqliteReportOrders(db: Database): ReportOrders {
  // Through the created_at index, like the store's `since`: `limit` rows read, not the table.
  const page = db.prepare<[string, number], ReportRow>(
    `SELECT order_id, json_extract(order_json, '$.amount') AS amount, json_extract(order_json, '$.currency') AS currency,
            method, status, created_at, updated_at, queued_at
     FROM orders INDEXED BY orders_created_at WHERE created_at >= ? ORDER BY created_at, rowid LIMIT ?`,
  );
  return (sinceMs, limit) => page.all(new Date(sinceMs).toISOString(), limit).map(reportOrder);
}

export function pgReportOrders(pool: pg.Pool): ReportOrders {
  return async (sinceMs, limit) => {
    // The page first (through the (created_at, seq) index), then its documents parsed once each.
    const { rows } = await pool.query<ReportRow>({
      name: 'relais-report-orders',
      text: `SELECT order_id, (document ->> 'amount')::float8 AS amount, document ->> 'currency' AS currency,
               method, status, created_at, updated_at, queued_at
             FROM (SELECT *, order_json::jsonb AS document FROM orders WHERE created_at >= $1 ORDER BY created_at, seq LIMIT $2) AS page
             ORDER BY created_at, seq`,
      values: [new Date(sinceMs).toISOString(), limit],
    });
    return rows.map(reportOrder);
  };
}
