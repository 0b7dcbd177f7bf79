/**
 * `startServer`: the merchant API, the built element, its worker and a site (or the demo and its
 * outage lab) on Node's `http`. The `relais-server` command (cli.ts) is a thin wrapper around it;
 * tests and the browser suites call it directly.
 */
import { statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normaliseBasePath, pathBelow } from './base-path.js';
import { withFaults } from './faults.js';
import { createRelaisHandler, type Handler } from './handler.js';
import type { HealthSource } from './health-route.js';
import { toNodeListener } from './node.js';
import { openOrderStore, type OrderStore } from './order-store.js';
import { openPostgresStore } from './postgres.js';
import { createOutageLab } from './outage-lab.js';
import type { PriceOrder } from './pricing.js';
import type { AlertOptions } from './alerts.js';
import type { PayPalOptions, StripeOptions } from './providers.js';
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
  /** The fake providers; default when no keys are given (see `createRelaisHandler`). */
  sandbox?: boolean;
  /**
   * The demo shop and its outage lab (`npm run build` writes it to demo/dist): the site defaults
   * to it, and the lab's state route and faults are on. Sandbox only: the lab takes the API down.
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

export interface RunningServer {
  /** `http://host:port`, with the port actually bound. */
  url: string;
  modes: { stripe: ProviderMode; paypal: ProviderMode };
  /** Stops listening, lets requests in flight finish (a few seconds at most), closes the store. */
  close(): Promise<void>;
}

export const DEFAULTS = { port: 8787, host: '127.0.0.1', basePath: '/checkout', db: '.data/relais.sqlite' } as const;
/** The demo's own database (npm start, --demo): a drop-in trial of relais-server never shows the demo's orders. */
export const DEMO_DB = '.data/demo.sqlite';
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
// Beside this file in the repository: packages/server/dist/start-server.js -> packages/checkout/cdn, public/.
export const DEFAULT_ELEMENT_DIR = here('../../checkout/cdn/');
export const DEFAULT_PUBLIC_DIR = here('../../../public/');
export const DEFAULT_DEMO_DIR = here('../../../demo/dist/');
const GRACE_MS = 5000;
// Node's own limits on a request's arrival: the headers, then the whole request. The adapter
// answers a slow body sooner (408 after 10 s); these close what gets past it, a slow header first.
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The pages' policy: the strict one, plus exactly what the element and the payment providers'
 * scripts need. Stripe.js and PayPal's SDK are loaded from their origins (in the demo, answered
 * by the lab's worker, but the page must still allow the URL), open frames and call their APIs;
 * the demo's dashboard charts (Observable Plot) carry `<style>` elements; a `data:` favicon.
 */
export const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self' https://js.stripe.com https://checkoutshopper-test.cdn.adyen.com https://www.paypal.com https://www.sandbox.paypal.com",
  "style-src 'self' 'unsafe-inline' https://checkoutshopper-test.cdn.adyen.com",
  "img-src 'self' data:",
  "frame-src 'self' https://js.stripe.com https://hooks.stripe.com https://www.paypal.com https://www.sandbox.paypal.com",
  "connect-src 'self' https://api.stripe.com https://m.stripe.com https://r.stripe.com https://www.paypal.com https://www.sandbox.paypal.com",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * The demo's pages: the page policy enforcing Trusted Types, with the policies a merchant lists for
 * Relais (`relais`, and `lit-html` for Lit) plus the outage lab's own (`relais-lab`, which
 * registers the lab's worker), and never a `default` one: any string reaching a script sink is
 * refused.
 */
export const DEMO_PAGE_POLICY = `${PAGE_POLICY}; require-trusted-types-for 'script'; trusted-types relais lit-html relais-lab`;

function modesOf(options: ServerOptions): RunningServer['modes'] {
  const live = Boolean(options.stripe || options.paypal);
  if (options.sandbox ?? !live) return { stripe: 'sandbox', paypal: 'sandbox' };
  return { stripe: options.stripe ? 'live' : 'off', paypal: options.paypal ? 'live' : 'off' };
}

/** The stand-ins for Stripe.js and PayPal's SDK, when this checkout has @relais/sandbox. */
async function standInScripts(): Promise<Record<string, () => Promise<string>>> {
  try {
    import.meta.resolve('@relais/sandbox/build');
  } catch {
    return {}; // an installed @relais/server without the monorepo: pages bring their own
  }
  // Loaded on the first request for a stand-in, not at start: its bundler takes longer to load
  // than the rest of the server.
  const build = async (name: 'stripe-js' | 'paypal-v6' | 'adyen-web') => (await import('@relais/sandbox/build')).buildStandIn(name);
  return {
    '/sandbox/stripe-js.js': () => build('stripe-js'),
    '/sandbox/paypal-v6.js': () => build('paypal-v6'),
    '/sandbox/adyen-web.js': () => build('adyen-web'),
  };
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
  if (options.demo) {
    if (options.stripe || options.paypal) throw new Error('the demo and its outage lab run on the sandbox only: remove the provider keys');
    // The lab hands its token to any page on the port: it must never be a real shop's.
    if (options.adminToken !== undefined) throw new Error('the demo makes up its own admin token for its dashboard: leave out the admin token');
    if (normaliseBasePath(options.basePath ?? DEFAULTS.basePath) !== DEFAULTS.basePath) {
      throw new Error(`the demo's pages call ${DEFAULTS.basePath}: it cannot be served with another base path`);
    }
    if (!isDirectory(options.site ?? DEFAULT_DEMO_DIR)) throw new Error(`${options.site ?? DEFAULT_DEMO_DIR} does not exist: run npm run build first`);
    options = { ...options, sandbox: true };
  }
  const basePath = normaliseBasePath(options.basePath ?? DEFAULTS.basePath);
  if (basePath === '') throw new Error('the API cannot be mounted at / (the element and site are served there)');
  const modes = modesOf(options);
  const sandbox = modes.stripe === 'sandbox';
  const store = await openStore(options.db ?? (options.demo ? DEMO_DB : DEFAULTS.db));
  let server: ReturnType<typeof createServer>;
  // Stops the handler's timers (status pages, alerts, re-checks) when the server closes.
  const stopTimers = new AbortController();
  const inFlight = new Set<Promise<Response>>();
  try {
    const lab = options.demo ? createOutageLab() : undefined;
    let api = createRelaisHandler({ ...options, store, basePath, signal: stopTimers.signal, ...(lab ? { health: lab.health, adminToken: lab.adminToken, priceOrder: lab.priceOrder } : {}) });
    // Fault injection (`POST {base}/__faults`, and the outage lab's switches) only with fake
    // payments: on a live shop it would let anyone take the API down.
    const faulty = sandbox ? withFaults(api, { basePath }) : undefined;
    if (faulty) api = faulty.handler;
    const files = staticFiles({
      elementDir: options.elementDir ?? DEFAULT_ELEMENT_DIR,
      publicDir: options.publicDir ?? DEFAULT_PUBLIC_DIR,
      site: options.site ?? (options.demo ? DEFAULT_DEMO_DIR : undefined),
      scripts: sandbox ? await standInScripts() : {},
      pagePolicy: options.demo ? DEMO_PAGE_POLICY : PAGE_POLICY,
    });
    const route: Handler = (request) => (pathBelow(new URL(request.url).pathname, basePath) !== undefined ? api : files)(request);
    const routed = lab && faulty ? lab.around(route, faulty.faults, basePath) : route;
    const handler: Handler = (request) => {
      const answer = routed(request);
      // Tracked so that close() does not shut the store under a request still writing to it.
      inFlight.add(answer);
      void answer.finally(() => inFlight.delete(answer)).catch(() => {});
      return answer;
    };
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

