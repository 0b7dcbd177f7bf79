import { adminOnly, adminTokenProblem } from './admin-auth.js';
import { alertOptionsProblem, type AlertOptions } from './alerts.js';
import { normaliseBasePath, pathBelow } from './base-path.js';
import { nodeClientAddress } from './client-address.js';
import { getEvents, postEvent, type EventLimits } from './events-route.js';
import { cachedHealthCounts, checkHealthOptions, getHealth, type HealthSource } from './health-route.js';
import { monitoring } from './monitoring.js';
import { markNodeReady, pathnameOf } from './node-request.js';
import { notOursResponse } from './http.js';
import type { BankAccount, Order } from './order.js';
import { orderSecrets } from './order-secret.js';
import type { OrderStore } from './order-store.js';
import { invalidatesOnCreate } from './order-store.js';
import { getOrders, postOrder } from './orders-route.js';
import { recordingFirst } from './adyen/record-and-open.js';
import type { PriceOrder } from './pricing.js';
import { paymentRoutes, type ProviderOptions } from './providers.js';
import { rateLimitProblem } from './rate-limit.js';
import { getReport } from './report-route.js';
import { dispatch, type Route } from './router.js';
import { statusPagesProblem, type StatusFeedOptions, type StatusPages } from './status-feed.js';
import { backendOf, isClosed } from './store-backend.js';

/** A standard Web handler: runs on Node (see `toNodeListener`), Deno, Bun and Workers alike. */
export type Handler = (request: Request) => Promise<Response>;

export interface RelaisHandlerOptions extends ProviderOptions {
  /** From `openOrderStore` (SQLite) or `openPostgresStore`: the payment tables live in the same database. */
  store: OrderStore;
  /** Where the API is mounted (`/api/checkout`); routes are matched below it. Default `''`. */
  basePath?: string;
  /**
   * The account a bank-transfer order is paid to, e.g. a dedicated IBAN per order. The answer
   * carries it (with the order's `reference`) and the element shows it instead of its
   * `bank-iban` attribute. Called once per new order, never on a replay.
   */
  bankTransfer?: (order: Order) => BankAccount | undefined;
  /**
   * What `GET /health` answers besides the incidents received: kill switch, maintenance windows.
   * Options are checked here, once; a function is called (and checked) on every `GET /health`,
   * so an admin page can change them while the server runs.
   */
  health?: HealthSource;
  /**
   * Who sets the price (see pricing.ts): called for each new order with its cart; answers the
   * authoritative total (another amount: 409 `price-mismatch`) or a refusal (422). Without it,
   * the amount the page sends is recorded, and every payment is created for that amount.
   */
  priceOrder?: PriceOrder;
  /**
   * How often orders left `verifying` (the provider could not be asked) are checked again, in ms.
   * Default 60000; 0 = only on the next call or webhook. The timer never keeps a process alive.
   */
  recheckIntervalMs?: number;
  /**
   * Where a failure the handler answers itself is reported, e.g. a `health` function that threw
   * (the page only sees a 500 with a code). Default `console.error`.
   */
  onError?: (error: Error) => void;
  /**
   * The bearer token of the routes that read merchant data (`GET /orders`, `/events`, `/report`):
   * they answer only to `Authorization: Bearer <token>`. Without it they answer 403
   * `admin-token-not-configured`. At least 16 printable characters; never logged.
   */
  adminToken?: string;
  /**
   * The address a request came from, for the rate limits of `POST /events`. Default: the socket's
   * address when served through `toNodeListener`. Behind a reverse proxy every request comes
   * from the proxy: read the header your proxy sets (e.g. the last `X-Forwarded-For` entry it
   * appended). Requests without an address share one limit.
   */
  clientAddress?: (request: Request) => string | undefined;
  /** The rate limits of `POST /events` (per client, per order and provider). */
  eventLimits?: EventLimits;
  /**
   * The providers' status pages in Statuspage's v2 format, per method, and the components that
   * matter (default: all), e.g. `{ paypal: [{ url: 'https://…/api/v2/summary.json', components:
   * ['Payments API'] }] }`. Polled on a timer; `GET /health` then reports their outages and
   * maintenances (`source: 'status-page'`) and each page's own state. See docs/monitoring.md.
   */
  statusPages?: StatusPages;
  /** How the status pages are read: interval, timeout, body cap, staleness. */
  statusPageOptions?: StatusFeedOptions;
  /** A webhook that receives signed alerts and their resolutions (docs/monitoring.md). */
  alerts?: AlertOptions;
  /** Aborting it stops the handler's timers and deliveries (status pages, alerts, re-checks). */
  signal?: AbortSignal;
}

/**
 * The reference merchant API of docs/design.md. Every answer is JSON, except the
 * sandbox's 3-D Secure page. With `stripe` / `paypal` keys the payment routes talk to the real
 * providers; without any, to the sandbox's fake provider (see `sandbox`).
 */
export function createRelaisHandler(options: RelaisHandlerOptions): Handler {
  const basePath = normaliseBasePath(options.basePath ?? '');
  const backend = backendOf(options.store);
  if (!backend) throw new Error('createRelaisHandler: store must come from openOrderStore() or openPostgresStore() (payments share its database)');
  checkHealthOptions(options.health);
  if (options.adminToken !== undefined) {
    const tokenProblem = adminTokenProblem(options.adminToken);
    if (tokenProblem) throw new Error(`createRelaisHandler: adminToken ${tokenProblem}`);
  }
  for (const name of ['perClient', 'perOrder'] as const) {
    const limitProblem = rateLimitProblem(`eventLimits.${name}`, options.eventLimits?.[name]);
    if (limitProblem) throw new Error(`createRelaisHandler: ${limitProblem}`);
  }
  if (options.statusPages !== undefined) {
    const pagesProblem = statusPagesProblem(options.statusPages);
    if (pagesProblem) throw new Error(`createRelaisHandler: ${pagesProblem}`);
  }
  if (options.alerts !== undefined) {
    const alertsProblem = alertOptionsProblem(options.alerts);
    if (alertsProblem) throw new Error(`createRelaisHandler: ${alertsProblem}`);
  }
  const admin = adminOnly(options.adminToken);
  const onError = options.onError ?? ((error: Error) => console.error('[relais]', error));
  const watch = monitoring(options, backend, onError);
  const { incidents } = watch;
  const secrets = orderSecrets(backend.secretKey());
  const counted = cachedHealthCounts(incidents);
  const store = invalidatesOnCreate(watch.observe(options.store), counted.invalidate);
  const payment = paymentRoutes(options, backend, basePath, { store, secrets, onError });
  const recordOrder = postOrder({ ...options, store, secrets, payments: payment.payments });
  const routes: readonly Route[] = watch.timed([
    { method: 'POST', path: '/orders', handle: recordOrder },
    { method: 'GET', path: '/orders', handle: admin(getOrders(options.store)) },
    {
      method: 'POST',
      path: '/events',
      handle: postEvent(counted, {
        clientAddress: options.clientAddress ?? nodeClientAddress,
        ...(options.eventLimits ? { limits: options.eventLimits } : {}),
      }),
    },
    { method: 'GET', path: '/events', handle: admin(getEvents(incidents)) },
    { method: 'GET', path: '/report', handle: admin(getReport(options.store, incidents)) },
    { method: 'GET', path: '/health', handle: getHealth(options.health ?? {}, counted, { onError, statusFeed: watch.statusFeed }) },
    { method: 'GET', path: '/metrics', handle: admin(watch.getMetrics) },
    // Adyen's session may come with its order, recorded on the way (one round trip, not two).
    ...payment.routes.map((route) => (route.path === '/adyen/sessions' ? { ...route, handle: recordingFirst(recordOrder, route.handle) } : route)),
  ]);
  const every = options.recheckIntervalMs ?? 60_000;
  if (every > 0) {
    const timer = setInterval(() => {
      // A handler outliving its store (closed by its owner) has nothing left to re-check.
      if (isClosed(options.store)) return clearInterval(timer);
      payment.payments.recheck().catch((error: unknown) => onError(new Error('re-checking verifying orders failed', { cause: error })));
    }, every);
    timer.unref?.();
    options.signal?.addEventListener('abort', () => clearInterval(timer), { once: true });
  }
  watch.start();
  // Every route reads requests through `NodeRequest`'s answers (method, url, headers, signal, body).
  // Not an async function: one returning the route's promise would wrap it in another, three
  // turns of the microtask queue per request for nothing. A throw still becomes a rejection.
  return markNodeReady((request) => {
    try {
      const path = pathBelow(pathnameOf(request), basePath);
      if (path === undefined) return Promise.resolve(notOursResponse());
      return watch.measure(request, (matched) => dispatch(routes, request, path, matched));
    } catch (error) {
      return Promise.reject(error);
    }
  });
}
