/**
 * Calls to the merchant's endpoint. Every write carries the order's idempotency key, so the one
 * retry below can never create a second order or payment (docs/design.md, failure table: network
 * error, 5xx, 429 or timeout before anything was submitted -> retry once with the same key). Every
 * call here goes to the merchant's endpoint, so a failure is the shop's (`merchant-unavailable`)
 * unless the shop says its provider is the one down.
 */
import { retryAfterMs as retryAfter, sleep } from '@relais/contracts';
import { FailureKind, RelaisError } from './errors.js';
import { failurePolicy, retry } from './failover/policy.js';

export interface PostOptions {
  idempotencyKey: string;
  /** The order's secret, for the merchant's payment routes (`Relais-Order-Secret`). */
  secret?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Retries after the first attempt for transient failures. */
  retries?: number;
  /** Upper bound for honouring `Retry-After`, so a shopper is never left waiting for minutes. */
  maxRetryDelayMs?: number;
  /** The request outlives the page (a shop leaving it on the answer's event): small bodies only. */
  keepalive?: boolean;
}

/** A definitive answer from the server: 2xx, or a 4xx other than 429. */
export interface ApiAnswer<T> {
  ok: boolean;
  status: number;
  body: T;
}

const transient = (status: number) => status >= 500 || status === 429;

export async function postJson<T>(url: string, payload: unknown, options: PostOptions): Promise<ApiAnswer<T>> {
  const { idempotencyKey, secret, signal, timeoutMs = retry.timeoutMs, retries = failurePolicy[FailureKind.MerchantUnavailable].retries, maxRetryDelayMs = retry.maxDelayMs, keepalive = false } = options;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': idempotencyKey };
  // A header, never the URL or the body: it must not reach history, logs or a queued record.
  if (secret !== undefined) headers['relais-order-secret'] = secret;
  let failure: RelaisError | undefined;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (failure) await sleep(Math.min(failure.retryAfterMs ?? retry.delayMs, maxRetryDelayMs), signal);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(payload),
        signal: withTimeout(signal, timeoutMs),
        credentials: 'same-origin',
        keepalive,
      });
      const body = (await response.json().catch(() => ({}))) as T;
      if (!transient(response.status)) return { ok: response.ok, status: response.status, body };
      // The merchant's server answers 502 `provider-unavailable` when the provider behind it is
      // down; any other transient answer is the shop's own (a 503 page, a proxy, a rate limit).
      const providerDown = (body as { error?: unknown } | null)?.error === 'provider-unavailable';
      failure = new RelaisError(providerDown ? FailureKind.ApiUnavailable : FailureKind.MerchantUnavailable, `${url} answered ${response.status}`, {
        status: response.status,
        retryAfterMs: retryAfter(response.headers.get('retry-after')),
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      failure = new RelaisError(FailureKind.MerchantUnavailable, `${url} did not answer`, { cause: error });
    }
  }
  throw failure!;
}

/** The caller's signal or a timeout, whichever ends first (`AbortSignal.any` is Safari 17.4+). */
function withTimeout(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  if (!signal) return timeout;
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([signal, timeout]);
  const both = new AbortController();
  for (const source of [signal, timeout]) {
    if (source.aborted) both.abort(source.reason);
    else source.addEventListener('abort', () => both.abort(source.reason), { once: true });
  }
  return both.signal;
}
