/**
 * `GET /metrics`: what the merchant API sees, in Prometheus' text format (prom-client), one
 * registry per handler so that two handlers in one process (tests, several shops) never mix
 * their counts. Every label takes values from a closed list (methods, kinds, route patterns,
 * status codes): no order id, no raw path, nothing a client can grow without bound.
 */
import type { Metric, Registry } from 'prom-client';
import { FAILURE_KINDS, INCIDENT_PROVIDERS } from './incident.js';

export type Outcome = 'succeeded' | 'declined' | 'failed' | 'unknown';

interface HealthReading {
  providers: Record<string, { status: string; maintenance?: Array<{ from: string; until: string }> }>;
  statusPages?: Array<{ provider: string; page: string; status: string }>;
}

/** What the health feed says of each provider at scrape time (undefined: it could not say). */
export type HealthNow = () => HealthReading | undefined | Promise<HealthReading | undefined>;

export interface Metrics {
  /** The registry, with every count recorded so far (prom-client is imported on first need). */
  registry(): Promise<Registry>;
  payment(method: string, outcome: Outcome): void;
  incident(provider: string, kind: string): void;
  failover(cause: string, from: string, to: string): void;
  kept(method: string): void;
  queued(method: string, delaySeconds: number): void;
  request(method: string, route: string, status: number, seconds: number): void;
}

const METHODS = ['stripe', 'adyen', 'paypal', 'bank-transfer', 'pay-later'];
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
export const HEALTH_STATES = ['up', 'degraded', 'down', 'maintenance'] as const;
/** Seconds a queued order waited: the alert rule's 10 minutes (600) is a bucket boundary. */
export const QUEUE_DELAY_BUCKETS = [5, 30, 60, 300, 600, 1800, 3600, 6 * 3600, 24 * 3600, 7 * 24 * 3600];

const bounded = (value: string, known: readonly string[]) => (known.includes(value) ? value : 'other');

type Recorders = Omit<Metrics, 'registry'>;

/**
 * prom-client (and the OpenTelemetry API it loads) takes ≈ 120 ms of CPU to import: too much for
 * a server's start-up. It is imported at the first count or scrape; counts made while it loads
 * wait in a list (the import takes a fraction of a second) and are replayed in order.
 */
export function createMetrics(healthNow: HealthNow, now: () => number = Date.now): Metrics {
  let loading: Promise<{ registry: Registry; record: Recorders }> | undefined;
  let record: Recorders | undefined;
  let pending: Array<(into: Recorders) => void> = [];
  const load = () => (loading ??= import('prom-client').then((client) => {
    const built = build(client, healthNow, now);
    record = built.record;
    for (const replay of pending) replay(built.record);
    pending = [];
    return built;
  }));
  const later = (replay: (into: Recorders) => void) => {
    pending.push(replay);
    // A failed import is the scrape's error to answer (GET /metrics awaits the same load).
    load().catch(() => {});
  };
  return {
    registry: async () => (await load()).registry,
    payment: (method, outcome) => (record ? record.payment(method, outcome) : later((r) => r.payment(method, outcome))),
    incident: (provider, kind) => (record ? record.incident(provider, kind) : later((r) => r.incident(provider, kind))),
    failover: (cause, from, to) => (record ? record.failover(cause, from, to) : later((r) => r.failover(cause, from, to))),
    kept: (method) => (record ? record.kept(method) : later((r) => r.kept(method))),
    queued: (method, delaySeconds) => (record ? record.queued(method, delaySeconds) : later((r) => r.queued(method, delaySeconds))),
    request: (method, route, status, seconds) =>
      (record ? record.request(method, route, status, seconds) : later((r) => r.request(method, route, status, seconds))),
  };
}

function build(client: typeof import('prom-client'), healthNow: HealthNow, now: () => number): { registry: Registry; record: Recorders } {
  const { Counter, Gauge, Histogram, Registry } = client;
  const registry = new Registry();
  const registers = [registry];
  const payments = new Counter({
    name: 'relais_payments_total',
    help: 'Payment attempts by method and outcome, as the server sees them: orders verified paid, declines and failures the pages reported or the provider answered.',
    labelNames: ['method', 'outcome'] as const,
    registers,
  });
  const incidents = new Counter({
    name: 'relais_incidents_total',
    help: 'Incident beacons stored (POST /events), by provider and kind.',
    labelNames: ['provider', 'kind'] as const,
    registers,
  });
  const failovers = new Counter({
    name: 'relais_failovers_total',
    help: 'Orders paid or kept through another method after an incident of the first, by the incident kind and the methods.',
    labelNames: ['cause', 'from', 'to'] as const,
    registers,
  });
  const kept = new Counter({
    name: 'relais_orders_kept_total',
    help: 'Orders paid or kept through another method than one that had an incident.',
    labelNames: ['method'] as const,
    registers,
  });
  const queue = new Histogram({
    name: 'relais_queue_delivery_delay_seconds',
    help: 'Orders delivered by the pages\' queue (queued-at), by method: how long after the queue took them they arrived.',
    labelNames: ['method'] as const,
    buckets: QUEUE_DELAY_BUCKETS,
    registers,
  });
  const requests = requestDurations(
    'relais_http_request_duration_seconds',
    'Merchant API requests by route pattern, method and status.',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );
  // Registered as prom-client's own metrics are: scraped, reset and merged with them.
  registry.registerMetric(requests.metric as unknown as Metric);
  new Gauge({
    name: 'relais_provider_health',
    help: 'The health feed (GET /health) per provider: 1 for its current state, 0 for the others. maintenance: inside a window now.',
    labelNames: ['provider', 'state'] as const,
    registers,
    async collect() {
      this.reset();
      const document = await healthNow();
      if (!document) return;
      const at = now();
      for (const provider of INCIDENT_PROVIDERS) {
        const entry = document.providers[provider];
        if (!entry) continue;
        const inWindow = entry.maintenance?.some((w) => Date.parse(w.from) <= at && at < Date.parse(w.until)) ?? false;
        const state = entry.status === 'down' ? 'down' : inWindow ? 'maintenance' : entry.status;
        for (const candidate of HEALTH_STATES) this.set({ provider, state: candidate }, candidate === state ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'relais_status_page_up',
    help: 'Each configured status page: 1 when its last read succeeded, 0 when it failed (its last good answer is still used).',
    labelNames: ['provider', 'page'] as const,
    registers,
    async collect() {
      this.reset();
      for (const feed of (await healthNow())?.statusPages ?? []) {
        if (feed.status !== 'pending') this.set({ provider: feed.provider, page: feed.page }, feed.status === 'ok' ? 1 : 0);
      }
    },
  });

  return { registry, record: {
    payment: (method, outcome) => payments.inc({ method: bounded(method, METHODS), outcome }),
    incident: (provider, kind) => incidents.inc({ provider: bounded(provider, INCIDENT_PROVIDERS), kind: bounded(kind, FAILURE_KINDS) }),
    failover: (cause, from, to) => failovers.inc({ cause: bounded(cause, FAILURE_KINDS), from: bounded(from, METHODS), to: bounded(to, METHODS) }),
    kept: (method) => kept.inc({ method: bounded(method, METHODS) }),
    queued: (method, delaySeconds) => queue.observe({ method: bounded(method, METHODS) }, Math.max(0, delaySeconds)),
    request: (method, route, status, seconds) => requests.observe(route, bounded(method, HTTP_METHODS), status, seconds),
  } };
}

/** `GET /metrics`, wrapped by the handler in the admin token check. */
export function getMetrics(metrics: Metrics) {
  return async (): Promise<Response> => {
    const registry = await metrics.registry();
    return new Response(await registry.metrics(), {
      status: 200,
      headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
    });
  };
}

interface DurationValue {
  labels: Record<string, string | number>;
  sharedLabels: Record<string, string>;
  value: number;
  metricName: string;
  exemplar: null | undefined;
}

interface DurationSeries {
  labels: { route: string; method: string; status: string };
  /** Per bucket (not cumulative); an observation above the last bound counts in `count` only. */
  counts: number[];
  sum: number;
  count: number;
}

/**
 * The request latency histogram, counted here and given to prom-client's registry in the form its
 * `Histogram` gives (same names, labels, buckets, order). prom-client's `observe` checks the
 * labels and builds and hashes a key of them on every call, which cost more CPU per request than
 * the rest of the metrics together; here an observation is three map look-ups and a bucket search.
 */
function requestDurations(name: string, help: string, bounds: readonly number[]) {
  const byRoute = new Map<string, Map<string, Map<number, DurationSeries>>>();
  const order: DurationSeries[] = [];
  const seriesOf = (route: string, method: string, status: number): DurationSeries => {
    let byMethod = byRoute.get(route);
    if (!byMethod) byRoute.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    let series = byStatus.get(status);
    if (!series) {
      series = { labels: { route, method, status: String(status) }, counts: bounds.map(() => 0), sum: 0, count: 0 };
      byStatus.set(status, series);
      order.push(series);
    }
    return series;
  };
  const values = (): DurationValue[] => {
    const out: DurationValue[] = [];
    for (const series of order) {
      let cumulative = 0;
      for (let i = 0; i < bounds.length; i++) {
        cumulative += series.counts[i]!;
        out.push({ labels: { le: bounds[i]! }, sharedLabels: series.labels, value: cumulative, metricName: `${name}_bucket`, exemplar: null });
      }
      out.push(
        { labels: { le: '+Inf' }, sharedLabels: series.labels, value: series.count, metricName: `${name}_bucket`, exemplar: null },
        { labels: {}, sharedLabels: series.labels, value: series.sum, metricName: `${name}_sum`, exemplar: undefined },
        { labels: {}, sharedLabels: series.labels, value: series.count, metricName: `${name}_count`, exemplar: undefined },
      );
    }
    return out;
  };
  const data = (splay: boolean) => ({
    name,
    help,
    type: 'histogram',
    // As `Histogram.get` answers them: the series' labels merged into each value's own.
    values: splay
      ? values().map(({ sharedLabels, labels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } }))
      : values(),
    aggregator: 'sum',
  });
  return {
    observe(route: string, method: string, status: number, seconds: number): void {
      if (!Number.isFinite(seconds)) return;
      const series = seriesOf(route, method, status);
      let bucket = 0;
      while (bucket < bounds.length && seconds > bounds[bucket]!) bucket++;
      if (bucket < bounds.length) series.counts[bucket]!++;
      series.sum += seconds;
      series.count++;
    },
    metric: {
      name,
      help,
      type: 'histogram',
      aggregator: 'sum',
      get: async () => data(true),
      getForPromString: async () => data(false),
      reset: () => {
        byRoute.clear();
        order.length = 0;
      },
    },
  };
}
