/**
 * What the queue stores for one order (after Workbox's `StorableRequest`: the serialised form,
 * and the only place that decides what may be written). A record holds the order the merchant
 * API accepts, checked by the same rules (`@relais/contracts`), and its delivery state — never
 * card data, never a client secret.
 */
import { containsSensitiveData } from '@relais/card-data';
import { checkOrder, type Order } from '@relais/contracts';

export const DeliveryStatus = {
  /** Waiting for its next attempt. */
  Pending: 'pending',
  /**
   * A delivery is in flight. Seen by whoever holds the order's lock, it means the previous
   * holder died mid-request (tab closed, worker stopped): the order is sent again, same key.
   */
  Delivering: 'delivering',
  /** The merchant recorded it (2xx). Removed once a page was told, or after retention. */
  Delivered: 'delivered',
  /** Refused by the merchant (4xx other than 429): kept visible, never retried. */
  Failed: 'failed',
  /** Not delivered within the retention period: kept visible, never retried. */
  Expired: 'expired',
} as const;
export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];

/** A week, as Workbox's background-sync queue: after that, a late order does more harm than good. */
export const RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** The order exactly as `POST {endpoint}/orders` takes it: the one definition of `@relais/contracts`. */
export type QueuedOrder = Order;

export interface DeliveryError {
  /** `network`: no answer; `timeout`: no answer in time; `http`: an error status. */
  code: 'network' | 'timeout' | 'http';
  status?: number;
  /** A stable code (`idempotency-key-reuse`, `HTTP 503`…), never the answer's free text. */
  message: string;
  at: number;
  /** When the server's `Retry-After` allows the next attempt; even an explicit flush waits. */
  retryAt?: number;
}

export interface OrderRecord {
  orderId: string;
  /** Absolute URL of the merchant API: a worker resolves URLs against its own location. */
  endpoint: string;
  createdAt: number;
  updatedAt: number;
  status: DeliveryStatus;
  attempts: number;
  /** Earliest next attempt (backoff); while `delivering`, when the attempt counts as lost. */
  nextAttemptAt: number;
  lastError: DeliveryError | null;
  order: QueuedOrder;
}

export type RecordCheck =
  | { ok: true; record: OrderRecord }
  | { ok: false; code: 'sensitive-data' | 'invalid-order'; field?: string };

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A new pending record, due now; refused when the order holds anything that looks like card data. */
export function createRecord(order: unknown, endpoint: string, now: number): RecordCheck {
  // The whole input, not only the known fields: a card number anywhere is a bug to surface,
  // not something to drop quietly.
  if (containsSensitiveData(order)) return { ok: false, code: 'sensitive-data' };
  if (!isFields(order)) return { ok: false, code: 'invalid-order', field: 'order' };
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return { ok: false, code: 'invalid-order', field: 'endpoint' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, code: 'invalid-order', field: 'endpoint' };
  // The merchant API's own rules: an order kept here is one it will accept, never a 400 later
  // (which would leave the shopper's order failed after they were told it was kept).
  const copied = checkOrder(order);
  if (!copied.ok) return { ok: false, code: 'invalid-order', field: copied.field };
  const record: OrderRecord = {
    orderId: copied.order.orderId,
    endpoint: url.href,
    createdAt: now,
    updatedAt: now,
    status: DeliveryStatus.Pending,
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    order: copied.order,
  };
  return { ok: true, record };
}

/**
 * Which outside signal asks for a replay. `true` (page load, an explicit flush): skip our backoff
 * for every order. `'network'` (`online`, Background Sync: connectivity is back): skip it only for
 * orders whose last attempt got no answer — a 503 said the server was reachable and unwell, which
 * the network coming back does not change. `Retry-After` holds in every case.
 */
export type BackoffOverride = boolean | 'network';

export interface DueOptions {
  ignoreBackoff?: BackoffOverride;
}

/** Pending (or interrupted) and allowed to be sent at `now`. */
export function isDue(record: OrderRecord, now: number, { ignoreBackoff = false }: DueOptions = {}): boolean {
  if (record.status !== DeliveryStatus.Pending && record.status !== DeliveryStatus.Delivering) return false;
  if ((record.lastError?.retryAt ?? 0) > now) return false;
  if (record.nextAttemptAt <= now || ignoreBackoff === true) return true;
  // An interrupted delivery had passed its backoff already when it started.
  if (ignoreBackoff === 'network') return record.status === DeliveryStatus.Delivering || record.lastError?.code !== 'http';
  return false;
}

export function isAwaitingDelivery(record: OrderRecord): boolean {
  return record.status === DeliveryStatus.Pending || record.status === DeliveryStatus.Delivering;
}

export function isExpired(record: OrderRecord, now: number, retentionMs = RETENTION_MS): boolean {
  return isAwaitingDelivery(record) && now - record.createdAt >= retentionMs;
}

/** A settled record nobody collected: removed a retention period after it settled. */
export function isStale(record: OrderRecord, now: number, retentionMs = RETENTION_MS): boolean {
  return !isAwaitingDelivery(record) && now - record.updatedAt >= retentionMs;
}

/** Written before the request leaves: a record found in this state by a later lock holder was interrupted. */
export function markDelivering(record: OrderRecord, now: number, leaseMs: number): OrderRecord {
  return { ...record, status: DeliveryStatus.Delivering, attempts: record.attempts + 1, nextAttemptAt: now + leaseMs, updatedAt: now };
}

export function markExpired(record: OrderRecord, now: number): OrderRecord {
  return { ...record, status: DeliveryStatus.Expired, updatedAt: now };
}
