/**
 * The handler's monitoring, assembled: the status pages it polls, the metrics it counts, the
 * alerts it sends, and the one timer that drives the first and checks the health feed for the
 * last. Every timer is unref'd and stops with the handler's `signal`.
 */
import { createAlerts } from './alerts.js';
import type { RelaisHandlerOptions } from './handler.js';
import { healthDocument, healthOptionsProblem, type HealthDocument, type HealthOptions } from './health-route.js';
import { INCIDENT_PROVIDERS } from './incident.js';
import type { IncidentStore } from './incident-store.js';
import { createMetrics, getMetrics } from './metrics.js';
import type { Awaitable, OrderStore } from './order-store.js';
import type { Route } from './router.js';
import { createSignals } from './signals.js';
import type { StoreBackend } from './store-backend.js';
import { DEFAULT_STATUS_INTERVAL_MS, openStatusFeed, type StatusFeed } from './status-feed.js';

/** Without status pages, how often configured windows and the kill switch are checked for alerts. */
const HEALTH_CHECK_MS = 30_000;
const CAPTURE_ROUTE = '/paypal/orders/:id/capture';

export interface Monitoring {
  /** The incident store, observed. */
  incidents: IncidentStore;
  statusFeed: StatusFeed | undefined;
  observe(store: OrderStore): OrderStore;
  /** The routes, the capture route wrapped so that PayPal's refusals are seen. */
  timed(routes: Route[]): Route[];
  /** Runs a request, recording its latency under the route pattern `run` names through `matched` (else unmatched). */
  measure(request: Request, run: (matched: (pattern: string) => void) => Promise<Response>): Promise<Response>;
  getMetrics: () => Promise<Response>;
  start(): void;
}

export function monitoring(options: RelaisHandlerOptions, backend: StoreBackend, onError: (error: Error) => void): Monitoring {
  const { signal } = options;
  const pages = options.statusPages && Object.keys(options.statusPages).length > 0 ? options.statusPages : undefined;
  const statusFeed = pages ? openStatusFeed(pages, { ...options.statusPageOptions, onError, ...(signal ? { signal } : {}) }) : undefined;
  const alerts = options.alerts ? createAlerts(options.alerts, { onError, ...(signal ? { signal } : {}) }) : undefined;
  const rawIncidents = backend.incidents();

  /** The health document now, or undefined when the `health` function fails (GET /health reports that). */
  const healthNow = (): Awaitable<HealthDocument | undefined> => {
    let health: HealthOptions;
    try {
      health = typeof options.health === 'function' ? options.health() : (options.health ?? {});
    } catch {
      return undefined;
    }
    if (healthOptionsProblem(health)) return undefined;
    return healthDocument(health, rawIncidents, Date.now(), statusFeed);
  };
  const metrics = createMetrics(healthNow);
  const signals = createSignals({
    metrics, incidents: rawIncidents, store: options.store, alerts,
    successRate: options.alerts?.successRate, queuedLongerThanMs: options.alerts?.queuedLongerThanMs,
  });
  const paypalOrders = backend.paypalOrders();

  /** Alerts for what the health feed says now: down, or inside a maintenance window. */
  async function checkHealth(): Promise<void> {
    if (!alerts) return;
    const document = await healthNow();
    if (!document) return;
    const at = Date.now();
    for (const provider of INCIDENT_PROVIDERS) {
      const entry = document.providers[provider as keyof HealthDocument['providers']];
      if (entry.status === 'down') {
        alerts.fire(`provider-down:${provider}`, 'provider-down', provider, `${provider} is down (${entry.source ?? 'health feed'})`, { source: entry.source, reasons: entry.reasons ?? [] });
      } else {
        alerts.resolve(`provider-down:${provider}`);
      }
      const window = entry.maintenance?.find((w) => Date.parse(w.from) <= at && at < Date.parse(w.until));
      if (window) {
        alerts.fire(`provider-maintenance:${provider}`, 'provider-maintenance', provider,
          `${provider} is in scheduled maintenance until ${window.until} (${window.source})`, { ...window });
      } else {
        alerts.resolve(`provider-maintenance:${provider}`);
      }
    }
  }

  return {
    incidents: signals.observeIncidents(rawIncidents),
    statusFeed,
    observe: signals.observe,
    getMetrics: getMetrics(metrics),
    // Only the capture route is wrapped: another layer of promise on every route costs every request.
    timed: (routes) => routes.map((route) => (route.path !== CAPTURE_ROUTE ? route : {
      ...route,
      handle: async (request, params) => {
        const response = await route.handle(request, params);
        // PayPal's 422 on capture is its refusal (INSTRUMENT_DECLINED and the like).
        if (response.status === 422) {
          const orderId = (await paypalOrders.byPayPalId(params['id'] ?? ''))?.orderId;
          if (orderId) signals.captureRefused(orderId);
        }
        return response;
      },
    })),
    // Not an async function: its promise and the await in it were two more turns of the
    // microtask queue per request than the `then` below.
    measure(request, run) {
      const started = performance.now();
      // Told by the router, not kept in a weak map keyed by the request: an entry per request
      // there is work for every garbage collection while the request lives.
      let route = 'unmatched';
      const record = (status: number) => metrics.request(request.method, route, status, (performance.now() - started) / 1000);
      let answered: Promise<Response>;
      try {
        answered = run((pattern) => {
          route = pattern;
        });
      } catch (error) {
        record(500);
        return Promise.reject(error);
      }
      return answered.then((response) => {
        record(response.status);
        return response;
      }, (error: unknown) => {
        record(500);
        throw error;
      });
    },
    start() {
      if ((!statusFeed && !alerts) || signal?.aborted) return;
      const tick = () => {
        if (statusFeed) void statusFeed.refresh().then(checkHealth, (error: unknown) => onError(new Error('reading status pages failed', { cause: error })));
        else void checkHealth().catch((error: unknown) => onError(new Error('checking health for alerts failed', { cause: error })));
      };
      tick();
      const timer = setInterval(tick, statusFeed ? (options.statusPageOptions?.intervalMs ?? DEFAULT_STATUS_INTERVAL_MS) : HEALTH_CHECK_MS);
      timer.unref?.();
      signal?.addEventListener('abort', () => clearInterval(timer), { once: true });
    },
  };
}
