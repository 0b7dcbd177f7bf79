/**
 * `startServer`: the merchant API, the built element, its worker and a site on Node's `http`.
 * With `sandbox` or `demo` it loads `@relais/lab` (fake providers, fault injection, the demo and
 * its outage lab), and only then. The `relais-server` command (cli.ts) is a thin wrapper around
 * it; tests and the browser suites call it directly.
 */
import { statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normaliseBasePath, pathBelow } from './base-path.js';
import { createRelaisHandler, type Handler } from './handler.js';
import type { HealthSource } from './health-route.js';
import { loadLab, type ServerLab } from './lab-loader.js';
import { toNodeListener } from './node.js';
import { markNodeReady } from './node-request.js';
import { openOrderStore, type OrderStore } from './order-store.js';
import { openPostgresStore } from './postgres.js';
import type { PriceOrder } from './pricing.js';
import type { AlertOptions } from './alerts.js';
import type { PayPalOptions, StripeOptions } from './providers.js';
import { DEFAULTS, DEMO_DB, PAGE_POLICY } from './server-settings.js';
import { staticFiles } from './static.js';
import type { StatusPages } from './status-feed.js';

export interface ServerOptions {
  /** Default 8787; 0 picks a free port (see `url`). */
  port?: number;
  /** Default 127.0.0.1; `0.0.0.0` listens on every interface. */
  host?: string;
  /** Where the merchant API is mounted. Default `/checkout`; never `/` (the files live there). */
  basePath?: string;
  /**
   * The order store: a SQLite file, or a `postgres://` URL for a shop run by several instances.
   * Default `.data/relais.sqlite`, `.data/demo.sqlite` with `demo` (relative to the working directory).
   */
  db?: string;
  /** Default: this checkout's `packages/checkout/cdn`. */
  elementDir?: string;
  /** Where `relais-sw.js` is. Default: this checkout's `public/`. */
  publicDir?: string;
  /** A site to serve too, e.g. the merchant's pages. */
  site?: string;
  stripe?: StripeOptions;
  paypal?: PayPalOptions;
  /**
   * The fake providers and fault injection of `@relais/lab`; default when no keys are given. The
   * lab is loaded only then (an error says so when it is not installed).
   */
  sandbox?: boolean;
  /**
   * The demo shop and its outage lab (`@relais/lab`; `npm run build` writes the shop to
   * demo/dist): the site defaults to it, and the lab's state route and faults are on. Sandbox
   * only: the lab takes the API down.
   */
  demo?: boolean;
  /** Options, or a function read on every `GET /health` (see `createRelaisHandler`). */
  health?: HealthSource;
  /**
   * The bearer token of the merchant-data routes (`GET /orders`, `/events`, `/report`); without
   * it they answer 403. The demo makes up its own and refuses this one.
   */
  adminToken?: string;
  /** Who sets the price of a new order (`--price-check`; see `createRelaisHandler`). The demo uses its catalogue. */
  priceOrder?: PriceOrder;
  /** Where a request that failed inside the server is reported. Default `console.error`. */
  onError?: (error: Error) => void;
  /** The providers' status pages (`--status-page`; see `createRelaisHandler`). */
  statusPages?: StatusPages;
  /** The signed alert webhook (`--alert-webhook`; see `createRelaisHandler`). */
  alerts?: AlertOptions;
}

export type ProviderMode = 'sandbox' | 'live' | 'off';

// Defined apart so that the lab reads them without loading the server (it loads beside a bundled one).
export { DEFAULTS, DEMO_DB, PAGE_POLICY } from './server-settings.js';

export interface RunningServer {
  /** `http://host:port`, with the port actually bound. */
  url: string;
  modes: { stripe: ProviderMode; paypal: ProviderMode };
  /** Stops listening, lets requests in flight finish (a few seconds at most), closes the store. */
  close(): Promise<void>;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
// Beside this file in the repository: packages/server/dist/start-server.js -> packages/checkout/cdn, public/.
export const DEFAULT_ELEMENT_DIR = here('../../checkout/cdn/');
export const DEFAULT_PUBLIC_DIR = here('../../../public/');
const GRACE_MS = 5000;
// Node's own limits on a request's arrival: the headers, then the whole request. The adapter
// answers a slow body sooner (408 after 10 s); these close what gets past it, a slow header first.
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

function modesOf(options: ServerOptions): RunningServer['modes'] {
  const live = Boolean(options.stripe || options.paypal);
  if (options.demo || (options.sandbox ?? !live)) return { stripe: 'sandbox', paypal: 'sandbox' };
  return { stripe: options.stripe ? 'live' : 'off', paypal: options.paypal ? 'live' : 'off' };
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A `postgres://` URL opens the PostgreSQL store (its client loaded only then); anything else is a SQLite file. */
async function openStore(location: string): Promise<OrderStore> {
  if (!/^postgres(?:ql)?:\/\//i.test(location)) return openOrderStore(location);
  return openPostgresStore(location);
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  // `sandbox` is a yes or no here; the handler is given the lab's fake providers themselves.
  const { sandbox: _askedForSandbox, demo = false, ...handlerOptions } = options;
  const modes = modesOf(options);
  const basePath = normaliseBasePath(options.basePath ?? DEFAULTS.basePath);
  const live = Boolean(options.stripe || options.paypal);
  // The lab checks the demo's options before anything is opened or bound.
  const labModule = modes.stripe === 'sandbox' ? await loadLab() : undefined;
  const lab: ServerLab | undefined = await labModule?.serverLab({ demo, basePath, site: options.site, adminToken: options.adminToken, alerts: options.alerts, live });
  if (basePath === '') throw new Error('the API cannot be mounted at / (the element and site are served there)');
  const sandbox = labModule?.sandbox;
  const store = await openStore(options.db ?? (demo ? DEMO_DB : DEFAULTS.db));
  let server: ReturnType<typeof createServer>;
  // Stops the handler's timers (status pages, alerts, re-checks) when the server closes.
  const stopTimers = new AbortController();
  const inFlight = new Set<Promise<Response>>();
  try {
    const created = createRelaisHandler({ ...handlerOptions, ...(lab?.handlerOptions ?? {}), store, basePath, signal: stopTimers.signal, sandbox });
    // Fault injection (`POST {base}/__faults`, and the outage lab's switches) only with fake
    // payments: on a live shop it would let anyone take the API down.
    const api = lab ? lab.wrapApi(created) : created;
    const files = staticFiles({
      elementDir: options.elementDir ?? DEFAULT_ELEMENT_DIR,
      publicDir: options.publicDir ?? DEFAULT_PUBLIC_DIR,
      site: lab?.site ?? options.site,
      scripts: lab?.scripts ?? {},
      pagePolicy: lab?.pagePolicy ?? PAGE_POLICY,
    });
    const route: Handler = (request) => (pathBelow(new URL(request.url).pathname, basePath) !== undefined ? api : files)(request);
    const routed = lab ? lab.wrapServer(route) : route;
    // Every part behind it (the API, the files, the lab) reads requests only as NodeRequest answers.
    const handler: Handler = markNodeReady((request) => {
      const answer = routed(request);
      // Tracked so that close() does not shut the store under a request still writing to it.
      inFlight.add(answer);
      void answer.finally(() => inFlight.delete(answer)).catch(() => {});
      return answer;
    });
    server = createServer(
      { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
      toNodeListener(handler, options.onError ? { onError: options.onError } : {}),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULTS.port, options.host ?? DEFAULTS.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    stopTimers.abort();
    await store.close();
    throw error;
  }

  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      stopTimers.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // A client that keeps its connection busy (a hung fault, a slow upload) cannot hold us.
      const force = setTimeout(() => server.closeAllConnections(), GRACE_MS);
      await closed;
      clearTimeout(force);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, GRACE_MS);
      });
      await Promise.race([Promise.allSettled([...inFlight]), late]);
      clearTimeout(timer);
      await store.close();
    })();
    return closing;
  };
  return { url: `http://${hostForUrl(options.host ?? DEFAULTS.host)}:${port}`, modes, close };
}

