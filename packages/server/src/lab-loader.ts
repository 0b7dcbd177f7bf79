/**
 * The merchant API's side of the lab (`@relais/lab`: fake providers, fault injection, the outage
 * lab, the demo): the shape the server expects of it, and the one place it is loaded — on
 * `--sandbox` or `--demo` only, never by a shop with keys. The product ships no fake; the lab
 * implements these interfaces against `@relais/server/provider-kit`.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { AdyenGateway } from './adyen/gateway.js';
import type { AlertOptions } from './alerts.js';
import { runWithCodeCache } from './code-cache.js';
import type { Handler } from './handler.js';
import type { HealthOptions } from './health-route.js';
import type { PayPalGateway } from './paypal/gateway.js';
import type { PriceOrder } from './pricing.js';
import type { Route } from './router.js';
import type { StripeGateway } from './stripe/gateway.js';
import * as providerKit from './provider-kit.js';

/** Stand-ins for Stripe and PayPal: the gateways the payment routes call, and their own routes. */
export interface FakeProviders {
  stripe: StripeGateway;
  paypal: PayPalGateway;
  adyen: AdyenGateway;
  /** Their fake API (packages/sandbox/README.md), below `{basePath}/sandbox`. */
  routes: Route[];
}

/** Makes the fake providers over a SQLite database (the store's own, or an in-memory one). */
export type Sandbox = (db: Database, basePath: string) => FakeProviders;

export interface ServerLabOptions {
  demo: boolean;
  basePath: string;
  /** The site asked for (`--site`); the demo defaults to its build. */
  site?: string | undefined;
  adminToken?: string | undefined;
  /** The merchant's alert webhook (`--alert-webhook`): the demo sends its alerts there instead of to the lab. */
  alerts?: AlertOptions | undefined;
  live: boolean;
}

/** What `--sandbox` (and `--demo` on top) adds to `startServer`. */
export interface ServerLab {
  /** The site to serve: the demo's build with `--demo`. */
  site?: string | undefined;
  /** The pages' Content-Security-Policy, when the lab's pages need their own. */
  pagePolicy?: string | undefined;
  /** The demo's health feed, admin token and catalogue. */
  handlerOptions: { health?: () => HealthOptions; adminToken?: string; priceOrder?: PriceOrder; alerts?: AlertOptions };
  /** Scripts made on request, by exact path (the SDK stand-ins). */
  scripts: Record<string, () => Promise<string>>;
  /** In front of the merchant API: fault injection (`{base}/__faults`). */
  wrapApi(api: Handler): Handler;
  /** In front of everything: the outage lab's own routes. Called after `wrapApi`, whose faults it switches. */
  wrapServer(server: Handler): Handler;
}

/** What `@relais/lab` exports for the server. */
export interface LabModule {
  sandbox: Sandbox;
  serverLab(options: ServerLabOptions): Promise<ServerLab>;
}

export const LAB_PACKAGE = '@relais/lab';

/**
 * Set by the `relais-server` bin's bundle (scripts/bundle-server.mjs) to the lab's own bundle,
 * `@relais/lab/bundle`: one file to load instead of twenty-two and the kit's dozen. Undefined in
 * the compiled files, which load the package's compiled entry.
 */
declare const RELAIS_LAB_ENTRY: string | undefined;
const LAB_ENTRY = typeof RELAIS_LAB_ENTRY === 'string' ? RELAIS_LAB_ENTRY : LAB_PACKAGE;
/**
 * How the lab is loaded: the bin is CommonJS and so is the lab's bundle, which it runs as it runs
 * its own (code-cache.ts), so that Node's ES module loader (its own modules, and resolving, reading
 * and linking each file through it) never runs before the bin listens. The compiled files
 * `import` the lab's ES modules.
 */
export type LabLoad = 'import' | 'bundle';
const LAB_LOAD: LabLoad = typeof RELAIS_LAB_ENTRY === 'string' ? 'bundle' : 'import';

/**
 * Where the lab's bundle finds `@relais/server/provider-kit`: the bin's own copy of it, handed
 * over before the lab loads, so that the lab's `ProviderError` is the one the payment routes
 * check and its `json()` bodies the ones the adapter knows. The compiled lab imports the kit's
 * compiled files, the same instances as the compiled server's, and never reads this.
 */
export const PROVIDER_KIT_HANDOFF = Symbol.for('@relais/server/provider-kit');

/** `@scope/name` of `@scope/name/sub/path`: what the loader's error names when it is missing. */
function packageOf(specifier: string): string {
  return specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

/**
 * The file `@scope/name/sub` names: the `default` target of the package's `./sub` export, the
 * package found along require's own paths. Node's resolution gets there too, but its first
 * resolution through an `exports` map costs some 4 ms (its ES module resolver loaded, a
 * case-insensitive pattern compiled), a tenth of the bin's start-up; an export of another shape,
 * or no package, is left to it.
 */
export function exportedFile(specifier: string, from: string = import.meta.url): string {
  const require = createRequire(from);
  const name = packageOf(specifier);
  for (const dir of require.resolve.paths(name) ?? []) {
    let manifest: { exports?: Record<string, { default?: unknown } | undefined> };
    try {
      manifest = JSON.parse(readFileSync(join(dir, name, 'package.json'), 'utf8')) as typeof manifest;
    } catch {
      continue; // not installed there
    }
    const target = manifest.exports?.[`.${specifier.slice(name.length)}`]?.default;
    const inside = typeof target === 'string' && target.startsWith('./')
      && !target.slice(2).split('/').some((segment) => segment === '' || segment === '.' || segment === '..' || segment === 'node_modules');
    if (inside) return realpathSync(join(dir, name, target));
    break;
  }
  return require.resolve(specifier);
}

/** Whether `error` says that `specifier` itself (not something it imports) is not installed. */
function isMissing(error: unknown, specifier: string): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  // import: "Cannot find package '@scope/name' imported from …"; require: "Cannot find module '@scope/name/sub/path'".
  if (code === 'ERR_MODULE_NOT_FOUND') return String(message).includes(`'${packageOf(specifier)}'`);
  return code === 'MODULE_NOT_FOUND' && String(message).startsWith(`Cannot find module '${specifier}'`);
}

/**
 * `@relais/lab`, loaded on demand. A variable specifier: neither TypeScript nor a bundler follows
 * it, so nothing of the lab is a dependency of the product.
 */
export async function loadLab(specifier: string = LAB_ENTRY, load: LabLoad = LAB_LOAD): Promise<LabModule> {
  (globalThis as Record<symbol, unknown>)[PROVIDER_KIT_HANDOFF] = providerKit;
  try {
    if (load === 'import') return (await import(specifier)) as LabModule;
    return runWithCodeCache(exportedFile(specifier)) as LabModule;
  } catch (error) {
    if (isMissing(error, specifier)) {
      throw new Error(
        `the sandbox and the demo need ${packageOf(specifier)} (fake providers, outage lab), which is not installed: install it beside @relais/server, or set provider keys`,
      );
    }
    throw error;
  }
}
