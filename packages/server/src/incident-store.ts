import type { Database } from 'better-sqlite3';
import { TECHNICAL_KINDS, type Incident } from './incident.js';
import type { Awaitable } from './order-store.js';

export interface StoredIncident extends Incident {
  id: number;
  /** ISO 8601, from the server's clock: windows and retention use it, never the page's `at`. */
  receivedAt: string;
  /**
   * Whether this server recorded the order (`POST /orders`), now. Anyone can post an incident
   * for a made-up order id: only known orders count for the health feed and the outage report.
   * An incident often arrives before its order (a method that failed to load while the shopper
   * was still choosing): it becomes known when its order is recorded. Both stores keep it on the
   * row (flagged by the database as either side is written), so reading a page of incidents
   * looks no order up.
   */
  orderKnown: boolean;
}

export interface IncidentStoreOptions {
  /**
   * Rows for orders this server recorded kept at most; the oldest go first. Default 10 000. Pruned
   * in batches (`pruneBatch`): the table may hold up to a twentieth more before the next prune.
   */
  maxRows?: number;
  /**
   * Rows for order ids this server does not know kept at most, apart: a flood of made-up order
   * ids only ever pushes out its own kind, never an incident of a real order. Default 2 000.
   */
  maxUnknownRows?: number;
  /** Rows older than this go. Default 7 days. */
  maxAgeMs?: number;
  now?: () => number;
}

/** Where a page of `newest` incidents stopped: the last one's `receivedAt` (epoch ms) and id. */
export interface IncidentCursor {
  at: number;
  id: number;
}

export interface IncidentPage {
  incidents: StoredIncident[];
  next?: IncidentCursor;
}

/**
 * How many rows may go over a count limit before they are pruned together: a twentieth of the
 * limit. Pruning by count reads the kept rows; doing it once per batch keeps the cost of an
 * insert the same whatever the limit (about twenty rows read per insert), instead of a scan of
 * the whole table on each. With a limit of 19 or less, every insert prunes.
 */
export function pruneBatch(limit: number): number {
  return Math.max(1, Math.floor(limit / 20));
}

export interface IncidentStore {
  add(incident: Incident): Awaitable<void>;
  /** Incidents received at or after `sinceMs`, oldest first, at most `limit`. */
  since(sinceMs: number, limit: number): Awaitable<StoredIncident[]>;
  /**
   * Incidents received at or after `sinceMs`, newest first, at most `limit`, only those older
   * than `before` (the `next` of the page before); `next` is absent on the last page.
   */
  newest(sinceMs: number, limit: number, before?: IncidentCursor): Awaitable<IncidentPage>;
  /**
   * Per provider, how many distinct orders this server recorded had a technical incident
   * received at or after `sinceMs`.
   */
  failingOrders(sinceMs: number): Awaitable<Map<string, number>>;
  /** The incidents of one order, oldest first (at most 100: a page reports a handful). */
  forOrder(orderId: string): Awaitable<StoredIncident[]>;
}

/** The SQLite incident store answers at once. */
export interface SqliteIncidentStore extends IncidentStore {
  add(incident: Incident): void;
  since(sinceMs: number, limit: number): StoredIncident[];
  newest(sinceMs: number, limit: number, before?: IncidentCursor): IncidentPage;
  failingOrders(sinceMs: number): Map<string, number>;
  forOrder(orderId: string): StoredIncident[];
}

export const DEFAULT_MAX_INCIDENTS = 10_000;
export const DEFAULT_MAX_UNKNOWN_INCIDENTS = 2_000;
export const DEFAULT_INCIDENT_AGE_MS = 7 * 24 * 60 * 60_000;

interface IncidentRow {
  id: number;
  provider: string;
  kind: string;
  reason: string;
  latency_ms: number;
  order_id: string;
  at: string;
  received_at: number;
}

function fromRow(row: IncidentRow & { order_known: 0 | 1 }): StoredIncident {
  return {
    id: row.id,
    provider: row.provider,
    kind: row.kind,
    reason: row.reason,
    latencyMs: row.latency_ms,
    orderId: row.order_id,
    at: row.at,
    receivedAt: new Date(row.received_at).toISOString(),
    orderKnown: row.order_known === 1,
  };
}

/**
 * The incidents table (schema version 4). Anyone's browser can post to it, so every insert
 * prunes by age and by count: the table stays bounded whatever arrives. The count is kept per
 * kind of row: incidents of orders this server recorded, and the others. Flooding it with
 * made-up order ids evicts only earlier made-up ones (and incidents whose order was not yet
 * placed), never those of a real order.
 */
export function openIncidentStore(db: Database, options: IncidentStoreOptions = {}): SqliteIncidentStore {
  const {
    maxRows = DEFAULT_MAX_INCIDENTS, maxUnknownRows = DEFAULT_MAX_UNKNOWN_INCIDENTS, maxAgeMs = DEFAULT_INCIDENT_AGE_MS, now = Date.now,
  } = options;
  // Kept on the row by the database (schema version 10): reading a page looks no order up.
  const known = 'order_known = 1';
  const insert = db.prepare<[Omit<IncidentRow, 'id'>]>(
    `INSERT INTO incidents (provider, kind, reason, latency_ms, order_id, at, received_at)
     VALUES (@provider, @kind, @reason, @latency_ms, @order_id, @at, @received_at)`,
  );
  const pruneOld = db.prepare<[number]>('DELETE FROM incidents WHERE received_at < ?');
  const pruneExcess = (which: string) => db.prepare<[number]>(
    `DELETE FROM incidents WHERE id IN (SELECT id FROM incidents WHERE ${which} ORDER BY id DESC LIMIT -1 OFFSET ?)`,
  );
  const pruneKnown = pruneExcess(known);
  const pruneUnknown = pruneExcess('order_known = 0');
  // Through the received_at index (id, the rowid, is its tie-break): `limit` rows read, not the table.
  const bySince = db.prepare<[number, number], IncidentRow & { order_known: 0 | 1 }>(
    `SELECT * FROM incidents INDEXED BY incidents_received_at
     WHERE received_at >= ? ORDER BY received_at, id LIMIT ?`,
  );
  const newestBefore = db.prepare<[{ since: number; at: number; id: number; limit: number }], IncidentRow & { order_known: 0 | 1 }>(
    `SELECT * FROM incidents INDEXED BY incidents_received_at
     WHERE received_at >= @since AND received_at <= @at AND NOT (received_at = @at AND id >= @id)
     ORDER BY received_at DESC, id DESC LIMIT @limit`,
  );
  const byOrder = db.prepare<[string], IncidentRow & { order_known: 0 | 1 }>(
    `SELECT * FROM incidents WHERE order_id = ? ORDER BY id LIMIT 100`,
  );
  const technical = TECHNICAL_KINDS.map(() => '?').join(', ');
  const failing = db.prepare<unknown[], { provider: string; orders: number }>(
    `SELECT provider, COUNT(DISTINCT order_id) AS orders FROM incidents
     WHERE received_at >= ? AND kind IN (${technical}) AND ${known} GROUP BY provider`,
  );

  const add = db.transaction((incident: Incident) => {
    const receivedAt = now();
    insert.run({
      provider: incident.provider,
      kind: incident.kind,
      reason: incident.reason,
      latency_ms: incident.latencyMs,
      order_id: incident.orderId,
      at: incident.at,
      received_at: receivedAt,
    });
    pruneOld.run(receivedAt - maxAgeMs);
    if (++sincePrune < batch) return;
    sincePrune = 0;
    // Both: rows move from unknown to known when their order arrives.
    pruneKnown.run(maxRows);
    pruneUnknown.run(maxUnknownRows);
  });
  // Per process: with several processes on one file each prunes after its own batch, so the
  // table may run over by a batch per process, never more.
  const batch = pruneBatch(Math.min(maxRows, maxUnknownRows));
  let sincePrune = 0;

  return {
    add: (incident) => add.immediate(incident),
    since: (sinceMs, limit) => bySince.all(sinceMs, limit).map(fromRow),
    newest: (sinceMs, limit, before) => {
      const { at, id } = before ?? { at: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER };
      // One row more than asked tells whether there is a next page.
      const rows = newestBefore.all({ since: sinceMs, at, id, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const incidents = page.map(fromRow);
      return rows.length > limit && last ? { incidents, next: { at: last.received_at, id: last.id } } : { incidents };
    },
    forOrder: (orderId) => byOrder.all(orderId).map(fromRow),
    failingOrders: (sinceMs) =>
      new Map(failing.all(sinceMs, ...TECHNICAL_KINDS).map((row) => [row.provider, row.orders])),
  };
}
