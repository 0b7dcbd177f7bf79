import type { Database } from 'better-sqlite3';
import { TECHNICAL_KINDS, type Incident } from './incident.js';

export interface StoredIncident extends Incident {
  id: number;
  /** ISO 8601, from the server's clock: windows and retention use it, never the page's `at`. */
  receivedAt: string;
}

export interface IncidentStoreOptions {
  /** Rows kept at most; the oldest go first. Default 10 000. */
  maxRows?: number;
  /** Rows older than this go. Default 7 days. */
  maxAgeMs?: number;
  now?: () => number;
}

export interface IncidentStore {
  add(incident: Incident): void;
  /** Incidents received at or after `sinceMs`, oldest first, at most `limit`. */
  since(sinceMs: number, limit: number): StoredIncident[];
  /** Per provider, how many distinct orders had a technical incident received at or after `sinceMs`. */
  failingOrders(sinceMs: number): Map<string, number>;
}

export const DEFAULT_MAX_INCIDENTS = 10_000;
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

function fromRow(row: IncidentRow): StoredIncident {
  return {
    id: row.id,
    provider: row.provider,
    kind: row.kind,
    reason: row.reason,
    latencyMs: row.latency_ms,
    orderId: row.order_id,
    at: row.at,
    receivedAt: new Date(row.received_at).toISOString(),
  };
}

/**
 * The incidents table (schema version 4). Anyone's browser can post to it, so every insert
 * prunes by age and by count: the table stays bounded whatever arrives.
 */
export function openIncidentStore(db: Database, options: IncidentStoreOptions = {}): IncidentStore {
  const { maxRows = DEFAULT_MAX_INCIDENTS, maxAgeMs = DEFAULT_INCIDENT_AGE_MS, now = Date.now } = options;
  const insert = db.prepare<[Omit<IncidentRow, 'id'>]>(
    `INSERT INTO incidents (provider, kind, reason, latency_ms, order_id, at, received_at)
     VALUES (@provider, @kind, @reason, @latency_ms, @order_id, @at, @received_at)`,
  );
  const pruneOld = db.prepare<[number]>('DELETE FROM incidents WHERE received_at < ?');
  const pruneExcess = db.prepare<[number]>(
    'DELETE FROM incidents WHERE id <= (SELECT id FROM incidents ORDER BY id DESC LIMIT 1 OFFSET ?)',
  );
  const bySince = db.prepare<[number, number], IncidentRow>(
    'SELECT * FROM incidents WHERE received_at >= ? ORDER BY id LIMIT ?',
  );
  const technical = TECHNICAL_KINDS.map(() => '?').join(', ');
  const failing = db.prepare<unknown[], { provider: string; orders: number }>(
    `SELECT provider, COUNT(DISTINCT order_id) AS orders FROM incidents
     WHERE received_at >= ? AND kind IN (${technical}) GROUP BY provider`,
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
    pruneExcess.run(maxRows);
  });

  return {
    add: (incident) => add.immediate(incident),
    since: (sinceMs, limit) => bySince.all(sinceMs, limit).map(fromRow),
    failingOrders: (sinceMs) =>
      new Map(failing.all(sinceMs, ...TECHNICAL_KINDS).map((row) => [row.provider, row.orders])),
  };
}
