/**
 * What the server sees of payments, turned into metrics and alerts. The server does not watch
 * the shopper's page: it sees orders recorded and moved (paid only once verified with the
 * provider), incidents the pages report, PayPal's capture refusals and the queue's late
 * deliveries. From those it can tell a payment's outcome and that an order was kept through
 * another method after one failed; it cannot see a failover nobody reported (beacons off, a
 * skip by the health feed or the page's memory of failures), nor one whose shopper left.
 */
import type { Alerts } from './alerts.js';
import { TECHNICAL_KINDS, type Incident } from './incident.js';
import type { IncidentStore } from './incident-store.js';
import type { Metrics, Outcome } from './metrics.js';
import { hadNoEarlierIncidents, type Awaitable, type OrderStore, type StoredOrder } from './order-store.js';

/** Runs `next` on a value now, or once its promise settles (the SQLite store answers at once). */
function then<T, U>(value: Awaitable<T>, next: (value: T) => U): Awaitable<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/** Counting is never worth a failed request: a store error while counting is dropped. */
function quietly(work: Awaitable<unknown>): void {
  if (work instanceof Promise) work.catch(() => undefined);
}

export interface SignalOptions {
  metrics: Metrics;
  incidents: IncidentStore;
  store: OrderStore;
  alerts?: Alerts | undefined;
  successRate?: { below?: number; attempts?: number } | undefined;
  queuedLongerThanMs?: number | undefined;
  now?: () => number;
}

export interface Signals {
  /** Wraps the order store: every creation and change of an order passes through it. */
  observe(store: OrderStore): OrderStore;
  /** Wraps the incident store: every incident stored passes through it. */
  observeIncidents(incidents: IncidentStore): IncidentStore;
  /** PayPal refused to capture (a decline at the provider). */
  captureRefused(orderId: string): void;
}

const KEPT_BY = new Set(['bank-transfer', 'pay-later']);
/** One outcome per order, method and kind within this long: the page's beacon and the server's own view of one refusal count once. */
const SAME_ATTEMPT_MS = 10 * 60_000;
const MAX_REMEMBERED = 10_000;

function outcomeOf(kind: string): Outcome | undefined {
  if (kind === 'declined') return 'declined';
  if (kind === 'outcome-unknown') return 'unknown';
  if (TECHNICAL_KINDS.includes(kind)) return 'failed';
  return undefined; // a rejected order or the merchant's configuration: not the payment's outcome
}

/** A bounded memory of keys, oldest forgotten first. */
function memory(max: number) {
  const seen = new Map<string, number>();
  return {
    has: (key: string, since = -Infinity) => seen.has(key) && seen.get(key)! >= since,
    add(key: string, at: number) {
      seen.delete(key);
      seen.set(key, at);
      if (seen.size > max) seen.delete(seen.keys().next().value!);
    },
  };
}

export function createSignals(options: SignalOptions): Signals {
  const { metrics, incidents, store, alerts, now = Date.now } = options;
  const below = options.successRate?.below ?? 0.8;
  const window = options.successRate?.attempts ?? 20;
  const queuedLongerThanMs = options.queuedLongerThanMs ?? 60_000;
  const attempts = memory(MAX_REMEMBERED);
  const keptOrders = memory(MAX_REMEMBERED);
  const recent = new Map<string, boolean[]>();

  function successRate(method: string, succeeded: boolean): void {
    const list = recent.get(method) ?? [];
    list.push(succeeded);
    if (list.length > window) list.shift();
    recent.set(method, list);
    if (!alerts || list.length < window) return;
    const rate = list.filter(Boolean).length / list.length;
    const details = { method, successRate: Number(rate.toFixed(3)), attempts: list.length, threshold: below };
    if (rate < below) {
      alerts.fire(`success-rate:${method}`, 'success-rate', method, `${method}: ${Math.round(rate * 100)}% of the last ${list.length} payments succeeded (alert below ${Math.round(below * 100)}%)`, details);
    } else {
      alerts.resolve(`success-rate:${method}`, details);
    }
  }

  function outcome(orderId: string, method: string, result: Outcome): void {
    const key = `${orderId}\n${method}\n${result}`;
    const at = now();
    if (attempts.has(key, at - SAME_ATTEMPT_MS)) return;
    attempts.add(key, at);
    metrics.payment(method, result);
    // A decline is the shopper's bank saying no, not the method failing: a run of expired
    // cards must not page the merchant.
    if (result !== 'declined') successRate(method, result === 'succeeded');
  }

  /** The order ended with `to` after incidents of other methods: a failover the server can see. */
  function keptThrough(orderId: string, to: string): void {
    if (keptOrders.has(orderId)) return;
    quietly(then(incidents.forOrder(orderId), (list) => {
      const last = new Map<string, string>();
      for (const incident of list) if (incident.provider !== to) last.set(incident.provider, incident.kind);
      if (last.size === 0 || keptOrders.has(orderId)) return;
      keptOrders.add(orderId, now());
      for (const [from, cause] of last) metrics.failover(cause, from, to);
      metrics.kept(to);
    }));
  }

  function created(stored: StoredOrder): void {
    const { orderId, method } = stored.order;
    // Incidents that came before their order count now that the order is known to be real.
    if (!hadNoEarlierIncidents(stored)) quietly(then(incidents.forOrder(orderId), (list) => {
      for (const incident of list) {
        const result = outcomeOf(incident.kind);
        if (result) outcome(orderId, incident.provider, result);
      }
    }));
    if (KEPT_BY.has(method) && !hadNoEarlierIncidents(stored)) keptThrough(orderId, method);
    if (stored.queuedAt === undefined) {
      // Straight from a page: pages reach the API again.
      alerts?.resolve('api-unreachable', { reachedAt: new Date(now()).toISOString() });
      return;
    }
    const waitedMs = now() - Date.parse(stored.queuedAt);
    metrics.queued(method, waitedMs / 1000);
    if (waitedMs > queuedLongerThanMs) {
      alerts?.fire('api-unreachable', 'api-unreachable', 'merchant-api',
        `a page's queue delivered an order ${Math.round(waitedMs / 1000)} s after taking it: the merchant API was unreachable for pages`,
        { queuedAt: stored.queuedAt, waitedSeconds: Math.round(waitedMs / 1000) });
    }
  }

  function changed(before: StoredOrder, after: StoredOrder): void {
    const { orderId, method } = after.order;
    if (after.answer.body.status === 'paid' && before.answer.body.status !== 'paid') {
      outcome(orderId, method, 'succeeded');
      keptThrough(orderId, method);
    } else if (method !== before.order.method && KEPT_BY.has(method)) {
      keptThrough(orderId, method);
    }
  }

  function stored(incident: Incident): void {
    metrics.incident(incident.provider, incident.kind);
    const result = outcomeOf(incident.kind);
    // Anyone can post an incident for a made-up order: it counts once the order is real.
    if (result) quietly(then(store.get(incident.orderId), (order) => order && outcome(incident.orderId, incident.provider, result)));
  }

  return {
    observe: (inner) => ({
      ...inner,
      insertOrGet(entry) {
        return then(inner.insertOrGet(entry), (result) => {
          if (result.created) created(result.stored);
          return result;
        });
      },
      update(orderId, change) {
        let before: StoredOrder | undefined;
        const updated = inner.update(orderId, (current) => {
          const next = change(current);
          before = next ? current : undefined;
          return next;
        });
        return then(updated, (after) => {
          if (before && after) changed(before, after);
          return after;
        });
      },
    }),
    observeIncidents: (inner) => ({
      ...inner,
      add(incident) {
        return then(inner.add(incident), () => stored(incident));
      },
    }),
    captureRefused: (orderId) => outcome(orderId, 'paypal', 'declined'),
  };
}
