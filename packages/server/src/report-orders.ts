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
import { REPORT_MAX_ROWS } from './report-route.js';

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

/** Orders a report page reads at most: its largest page and the one row more that tells whether the period goes on. */
export const REPORT_PLANNED_ROWS = REPORT_MAX_ROWS + 1;

/**
 * The page first (through the (created_at, seq) index, at most `$2` and at most `cap`), then
 * its documents parsed once each. The values are read through scalar sub-selects and the page
 * is capped by a literal for the reason `newestIncidents` (pg-tables.ts) gives: PostgreSQL then
 * keeps the statement's generic plan at any table size instead of planning every call past
 * about 30,000 orders (for a page of 1,000).
 */
export const reportOrdersStatement = (cap: number) => `SELECT order_id, (document ->> 'amount')::float8 AS amount,
    document ->> 'currency' AS currency, method, status, created_at, updated_at, queued_at
  FROM (SELECT *, order_json::jsonb AS document
        FROM (SELECT * FROM orders WHERE created_at >= (SELECT $1::text) ORDER BY created_at, seq LIMIT ${cap}) AS capped
        ORDER BY created_at, seq LIMIT (SELECT $2::bigint)) AS page
  ORDER BY created_at, seq`;

const REPORT_ORDERS = reportOrdersStatement(REPORT_PLANNED_ROWS);

export function pgReportOrders(pool: pg.Pool): ReportOrders {
  return async (sinceMs, limit) => {
    const values = [new Date(sinceMs).toISOString(), limit];
    // A larger page than the report asks is read whole, by a statement of its own.
    const { rows } = await pool.query<ReportRow>(limit <= REPORT_PLANNED_ROWS
      ? { name: 'relais-report-orders', text: REPORT_ORDERS, values }
      : { text: reportOrdersStatement(limit), values });
    return rows.map(reportOrder);
  };
}
