/**
 * What the queue stores for one order (after Workbox's `StorableRequest`: the serialised form,
 * and the only place that decides what may be written). A record holds the order the merchant
 * API accepts and its delivery state — never card data, never a client secret.
 */
import { containsSensitiveData } from '@relais/card-data';

export const OrderStatus = {
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
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/** A week, as Workbox's background-sync queue: after that, a late order does more harm than good. */
export const RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export interface OrderLine {
  name: string;
  quantity: number;
  /** Unit price in minor units. */
  amount: number;
}

/** The order exactly as `POST {endpoint}/orders` takes it. */
export interface QueuedOrder {
  orderId: string;
  /** Minor units (4990 = 49.90). */
  amount: number;
  currency: string;
  /** The chosen method: `stripe`, `paypal`, `bank-transfer`. */
  method: string;
  items?: OrderLine[];
  customer?: { email?: string; name?: string };
  /** Bank-transfer reference (ISO 11649 RF). */
  reference?: string;
  /** The provider's payment id (PaymentIntent, PayPal order), for the merchant to reconcile. */
  paymentReference?: string;
}

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
  status: OrderStatus;
  attempts: number;
  /** Earliest next attempt (backoff); while `delivering`, when the attempt counts as lost. */
  nextAttemptAt: number;
  lastError: DeliveryError | null;
  order: QueuedOrder;
}

export type RecordCheck =
  | { ok: true; record: OrderRecord }
  | { ok: false; code: 'sensitive-data' | 'invalid-order'; field?: string };

const ORDER_ID = /^[A-Za-z0-9_:-]{1,64}$/;
const CURRENCY = /^[A-Z]{3}$/;

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const isCount = (value: unknown, min: number): value is number =>
  Number.isSafeInteger(value) && (value as number) >= min;

function copyLines(items: unknown): OrderLine[] | undefined {
  if (!Array.isArray(items)) return undefined;
  const lines: OrderLine[] = [];
  for (const item of items) {
    if (!isFields(item) || !isText(item['name']) || !isCount(item['quantity'], 1) || !isCount(item['amount'], 0)) {
      return undefined;
    }
    lines.push({ name: item['name'], quantity: item['quantity'], amount: item['amount'] });
  }
  return lines;
}

/**
 * Copies the known fields of an order; anything else is dropped, so a field added by mistake
 * upstream is never written to disk. Shape only: the merchant API keeps the last word (a 4xx
 * makes the record `failed`, visibly).
 */
function copyOrder(input: Fields): { order: QueuedOrder } | { field: string } {
  const { orderId, amount, currency, method, items, customer, reference, paymentReference } = input;
  if (typeof orderId !== 'string' || !ORDER_ID.test(orderId)) return { field: 'orderId' };
  if (!isCount(amount, 1)) return { field: 'amount' };
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) return { field: 'currency' };
  if (!isText(method)) return { field: 'method' };
  const order: QueuedOrder = { orderId, amount, currency, method };
  if (items !== undefined) {
    const lines = copyLines(items);
    if (!lines) return { field: 'items' };
    order.items = lines;
  }
  if (customer !== undefined) {
    if (!isFields(customer)) return { field: 'customer' };
    const copy: QueuedOrder['customer'] = {};
    if (customer['email'] !== undefined) {
      if (!isText(customer['email'])) return { field: 'customer.email' };
      copy.email = customer['email'];
    }
    if (customer['name'] !== undefined) {
      if (!isText(customer['name'])) return { field: 'customer.name' };
      copy.name = customer['name'];
    }
    order.customer = copy;
  }
  if (reference !== undefined) {
    if (!isText(reference)) return { field: 'reference' };
    order.reference = reference;
  }
  if (paymentReference !== undefined) {
    if (!isText(paymentReference)) return { field: 'paymentReference' };
    order.paymentReference = paymentReference;
  }
  return { order };
}

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
  const copied = copyOrder(order);
  if ('field' in copied) return { ok: false, code: 'invalid-order', field: copied.field };
  const record: OrderRecord = {
    orderId: copied.order.orderId,
    endpoint: url.href,
    createdAt: now,
    updatedAt: now,
    status: OrderStatus.Pending,
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
  if (record.status !== OrderStatus.Pending && record.status !== OrderStatus.Delivering) return false;
  if ((record.lastError?.retryAt ?? 0) > now) return false;
  if (record.nextAttemptAt <= now || ignoreBackoff === true) return true;
  // An interrupted delivery had passed its backoff already when it started.
  if (ignoreBackoff === 'network') return record.status === OrderStatus.Delivering || record.lastError?.code !== 'http';
  return false;
}

export function isUnsettled(record: OrderRecord): boolean {
  return record.status === OrderStatus.Pending || record.status === OrderStatus.Delivering;
}

export function isExpired(record: OrderRecord, now: number, retentionMs = RETENTION_MS): boolean {
  return isUnsettled(record) && now - record.createdAt >= retentionMs;
}

/** A settled record nobody collected: removed a retention period after it settled. */
export function isStale(record: OrderRecord, now: number, retentionMs = RETENTION_MS): boolean {
  return !isUnsettled(record) && now - record.updatedAt >= retentionMs;
}

/** Written before the request leaves: a record found in this state by a later lock holder was interrupted. */
export function markDelivering(record: OrderRecord, now: number, leaseMs: number): OrderRecord {
  return { ...record, status: OrderStatus.Delivering, attempts: record.attempts + 1, nextAttemptAt: now + leaseMs, updatedAt: now };
}

export function markExpired(record: OrderRecord, now: number): OrderRecord {
  return { ...record, status: OrderStatus.Expired, updatedAt: now };
}
