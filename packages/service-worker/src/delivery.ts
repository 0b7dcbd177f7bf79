/**
 * The delivery rules of docs/design.md ("The queue"): one `POST {endpoint}/orders` with the
 * orderId as `Idempotency-Key` (and `?queued-at=`), and what its answer means for the record.
 * Unlike Workbox's `replayRequests()`, a 500 is not a delivery: only a 2xx is (the server's 200
 * replay included, so a request answered after its sender died is recognised on the next
 * attempt).
 */
import { retryAfterMs } from '@relais/contracts';
import { DeliveryStatus, type DeliveryError, type OrderRecord } from './order-record.js';

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 5 * 60 * 1000;
/** A request with no answer by then counts as a network error (and the record is kept). */
export const DELIVERY_TIMEOUT_MS = 20_000;

export type DeliveryOutcome =
  | { kind: 'delivered'; status: number }
  /** 5xx, 429, network error or timeout: kept, tried again after a backoff. */
  | { kind: 'retry'; error: DeliveryError; retryAfterMs?: number }
  /** Any other 4xx: the merchant refused this order; retrying would get the same answer. */
  | { kind: 'rejected'; error: DeliveryError };

export interface DeliveryOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

export function ordersUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/orders`;
}

/**
 * Where the queue delivers `record`: `ordersUrl` with `queued-at`, when the queue took the order
 * (ISO 8601, URL-encoded). The merchant's outage report dates the API's downtime from it. Not part
 * of the order, so the server's idempotency hash never sees it; and not a header, because a custom
 * header joins the CORS preflight: a merchant API on another origin that allows only
 * `Idempotency-Key` would refuse every delivery until the order expired.
 */
export function deliveryUrl(record: Pick<OrderRecord, 'endpoint' | 'createdAt'>): string {
  const url = new URL(ordersUrl(record.endpoint));
  url.searchParams.set('queued-at', new Date(record.createdAt).toISOString());
  return url.href;
}

/** Full jitter (AWS Architecture Blog): a uniform delay below the exponential ceiling. */
export function backoffDelay(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.floor(random() * ceiling);
}

// Only the server's stable error code is kept: an answer's free text could echo what it was sent.
const ERROR_CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;

async function errorCode(response: Response): Promise<string> {
  try {
    const body: unknown = await response.json();
    const code = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)['error'] : undefined;
    if (typeof code === 'string' && ERROR_CODE.test(code)) return code;
  } catch {
    // Not JSON: the status says enough.
  }
  return `HTTP ${response.status}`;
}

/** Sends one order once. Never rejects: every way a request can end is an outcome. */
export async function postOrder(record: OrderRecord, options: DeliveryOptions = {}): Promise<DeliveryOutcome> {
  const { fetch: send = globalThis.fetch.bind(globalThis), timeoutMs = DELIVERY_TIMEOUT_MS, now = Date.now } = options;
  let response: Response;
  try {
    response = await send(deliveryUrl(record), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': record.orderId },
      body: JSON.stringify(record.order),
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return {
      kind: 'retry',
      error: timedOut
        ? { code: 'timeout', message: `no answer within ${timeoutMs} ms`, at: now() }
        : { code: 'network', message: 'network error', at: now() },
    };
  }
  if (response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return { kind: 'delivered', status: response.status };
  }
  const error: DeliveryError = { code: 'http', status: response.status, message: await errorCode(response), at: now() };
  if (response.status === 429 || response.status >= 500 || response.status < 400) {
    const waitMs = retryAfterMs(response.headers.get('retry-after'), now());
    return waitMs === undefined ? { kind: 'retry', error } : { kind: 'retry', error, retryAfterMs: waitMs };
  }
  return { kind: 'rejected', error };
}

/** The record after an attempt ended with `outcome` (attempts were counted when it started). */
export function applyOutcome(record: OrderRecord, outcome: DeliveryOutcome, now: number, random: () => number = Math.random): OrderRecord {
  switch (outcome.kind) {
    case 'delivered':
      return { ...record, status: DeliveryStatus.Delivered, lastError: null, updatedAt: now };
    case 'rejected':
      return { ...record, status: DeliveryStatus.Failed, lastError: outcome.error, updatedAt: now };
    case 'retry': {
      const backoff = backoffDelay(record.attempts, random);
      const error: DeliveryError =
        outcome.retryAfterMs === undefined ? outcome.error : { ...outcome.error, retryAt: now + outcome.retryAfterMs };
      return {
        ...record,
        status: DeliveryStatus.Pending,
        lastError: error,
        nextAttemptAt: now + Math.max(backoff, outcome.retryAfterMs ?? 0),
        updatedAt: now,
      };
    }
  }
}
