/**
 * Alerts without Prometheus: a JSON POST to the merchant's webhook when something starts going
 * wrong, and one when it is over. Each alert is sent once while it lasts (deduplicated), a
 * flapping one at most once per `minIntervalMs`, all of them at most `maxPerMinute`; a delivery
 * is retried with backoff a bounded number of times; every body is signed like Stripe's webhooks
 * (`Relais-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`).
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export interface AlertOptions {
  /** Where alerts are POSTed (http or https). */
  url: string;
  /** The HMAC key of `Relais-Signature`; at least 16 characters. Never logged. */
  secret: string;
  /** A method's success rate over its last `attempts` (declines not counted) below `below`. Defaults 0.8 over 20. */
  successRate?: { below?: number; attempts?: number };
  /** A queued order arriving this long after the queue took it: the API was unreachable for pages. Default 60 000 ms. */
  queuedLongerThanMs?: number;
  /** The same alert fires again at most this often after it resolved. Default 10 minutes. */
  minIntervalMs?: number;
  /** Deliveries per minute at most, every alert together. Default 20. */
  maxPerMinute?: number;
  /** Tries per delivery (the first included) and the first backoff, doubled each time. Defaults 5 and 1000 ms. */
  retry?: { attempts?: number; backoffMs?: number };
  /** One try's limit. Default 5000 ms. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type AlertKind = 'success-rate' | 'provider-down' | 'provider-maintenance' | 'api-unreachable';

export interface AlertBody {
  /** The same for an alert and its resolution. */
  id: string;
  status: 'firing' | 'resolved';
  kind: AlertKind;
  /** The method or provider, or `merchant-api`. */
  subject: string;
  summary: string;
  startedAt: string;
  resolvedAt?: string;
  details: Record<string, unknown>;
}

export const SIGNATURE_HEADER = 'relais-signature';
export const MIN_ALERT_SECRET_LENGTH = 16;

export function signAlert(body: string, secret: string, unixSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${unixSeconds},v1=${digest}`;
}

/**
 * For the receiver: whether `header` signs `body` with `secret`, within `toleranceSeconds` of
 * `nowSeconds` (an old, replayed alert is refused). Compare the raw body, before parsing it.
 */
export function verifyAlertSignature(body: string, header: string | null, secret: string, nowSeconds = Date.now() / 1000, toleranceSeconds = 300): boolean {
  const parts = new Map((header ?? '').split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isSafeInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const expected = Buffer.from(signAlert(body, secret, t).split('v1=')[1]!, 'hex');
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

export function alertOptionsProblem(alerts: AlertOptions): string | undefined {
  if (alerts === null || typeof alerts !== 'object') return 'alerts must be { url, secret }';
  if (typeof alerts.url !== 'string' || !URL.canParse(alerts.url) || !/^https?:$/.test(new URL(alerts.url).protocol)) return 'alerts.url must be an http(s) URL';
  if (typeof alerts.secret !== 'string' || alerts.secret.length < MIN_ALERT_SECRET_LENGTH) return `alerts.secret must be at least ${MIN_ALERT_SECRET_LENGTH} characters`;
  const below = alerts.successRate?.below;
  if (below !== undefined && !(below > 0 && below <= 1)) return 'alerts.successRate.below must be a fraction above 0, at most 1';
  const attempts = alerts.successRate?.attempts;
  if (attempts !== undefined && !(Number.isSafeInteger(attempts) && attempts >= 1 && attempts <= 10_000)) return 'alerts.successRate.attempts must be a whole number from 1 to 10000';
  return undefined;
}

export interface Alerts {
  /** Starts the alert `key` unless it is already on; nothing when it is. */
  fire(key: string, kind: AlertKind, subject: string, summary: string, details?: Record<string, unknown>): void;
  /** Ends the alert `key` if it is on. */
  resolve(key: string, details?: Record<string, unknown>): void;
  /** Resolves once every delivery under way has ended (tests, shutdown). */
  deliveriesEnded(): Promise<void>;
}

interface Active {
  body: AlertBody;
  /** Fired inside `minIntervalMs` of the last one: neither it nor its resolution is sent. */
  muted: boolean;
}

export function createAlerts(
  options: AlertOptions,
  { onError, now = Date.now, signal }: { onError: (error: Error) => void; now?: () => number; signal?: AbortSignal },
): Alerts {
  const { minIntervalMs = 10 * 60_000, maxPerMinute = 20, timeoutMs = 5000 } = options;
  const tries = options.retry?.attempts ?? 5;
  const backoffMs = options.retry?.backoffMs ?? 1000;
  const post = options.fetch ?? fetch;
  const active = new Map<string, Active>();
  const lastFired = new Map<string, number>();
  const sentAt: number[] = [];
  const pending = new Set<Promise<void>>();
  // Per key, deliveries run in order: a resolution never overtakes its alert.
  const chains = new Map<string, Promise<void>>();

  const wait = (ms: number) => new Promise<void>((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    timer.unref?.();
    signal?.addEventListener('abort', stop, { once: true });
  });

  async function deliver(body: AlertBody): Promise<void> {
    const raw = JSON.stringify(body);
    for (let attempt = 1; attempt <= tries && !signal?.aborted; attempt += 1) {
      let outcome: string;
      try {
        const stop = signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
        const response = await post(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signAlert(raw, options.secret, Math.floor(now() / 1000)) },
          body: raw,
          signal: stop,
        });
        await response.body?.cancel().catch(() => {});
        if (response.ok) return;
        outcome = `answered ${response.status}`;
        // A 4xx other than 408/429 will answer the same again: no point retrying.
        if (response.status < 500 && response.status !== 408 && response.status !== 429) break;
      } catch (error) {
        outcome = (error as Error)?.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'unreachable';
      }
      if (attempt === tries) {
        onError(new Error(`alert webhook ${outcome} to the ${body.status} ${body.kind} alert for ${body.subject} after ${tries} tries; given up`));
        return;
      }
      await wait(backoffMs * 2 ** (attempt - 1));
    }
    if (!signal?.aborted) onError(new Error(`alert webhook refused the ${body.status} ${body.kind} alert for ${body.subject}`));
  }

  function send(key: string, body: AlertBody): void {
    const at = now();
    while (sentAt.length && sentAt[0]! <= at - 60_000) sentAt.shift();
    if (sentAt.length >= maxPerMinute) {
      onError(new Error(`alert webhook: more than ${maxPerMinute} alerts a minute; the ${body.status} ${body.kind} alert for ${body.subject} was not sent`));
      return;
    }
    sentAt.push(at);
    const next = (chains.get(key) ?? Promise.resolve()).then(() => deliver(body));
    chains.set(key, next);
    pending.add(next);
    void next.finally(() => {
      pending.delete(next);
      if (chains.get(key) === next) chains.delete(key);
    });
  }

  return {
    fire(key, kind, subject, summary, details = {}) {
      if (active.has(key) || signal?.aborted) return;
      const at = now();
      const muted = at - (lastFired.get(key) ?? -Infinity) < minIntervalMs;
      const body: AlertBody = { id: randomUUID(), status: 'firing', kind, subject, summary, startedAt: new Date(at).toISOString(), details };
      active.set(key, { body, muted });
      if (muted) return;
      lastFired.set(key, at);
      send(key, body);
    },
    resolve(key, details) {
      const entry = active.get(key);
      if (!entry) return;
      active.delete(key);
      if (entry.muted || signal?.aborted) return;
      const body: AlertBody = { ...entry.body, status: 'resolved', resolvedAt: new Date(now()).toISOString(), details: { ...entry.body.details, ...details } };
      send(key, body);
    },
    async deliveriesEnded() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
  };
}
