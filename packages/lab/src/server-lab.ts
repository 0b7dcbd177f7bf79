/**
 * What `relais-server --sandbox` and `--demo` add to the merchant API (`startServer` loads this
 * package for them, and only for them): fault injection in front of the API, the SDK stand-ins
 * for the pages, and with `--demo` the demo shop's build, its outage lab and its page policy.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGE_POLICY, type ServerLab, type ServerLabOptions } from '@relais/server/provider-kit';
import { withFaults } from './faults.js';
import { createOutageLab } from './outage-lab.js';

/** The demo's own database (npm start, --demo): a drop-in trial of relais-server never shows the demo's orders. */
export { DEMO_DB } from '@relais/server/provider-kit';
// Beside this file in the repository: packages/lab/dist/server-lab.js -> demo/dist.
export const DEFAULT_DEMO_DIR = fileURLToPath(new URL('../../../demo/dist/', import.meta.url));
const DEMO_BASE_PATH = '/checkout';

/**
 * The demo's pages: the page policy enforcing Trusted Types, with the policies a merchant lists for
 * Relais (`relais`, and `lit-html` for Lit) plus the outage lab's own (`relais-lab`, which
 * registers the lab's worker), and never a `default` one: any string reaching a script sink is
 * refused.
 */
export const DEMO_PAGE_POLICY = `${PAGE_POLICY}; require-trusted-types-for 'script'; trusted-types relais lit-html relais-lab`;

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

/**
 * Whether `name` is installed where `require` looks for it. Not by resolving one of its exports:
 * Node's first resolution through an `exports` map costs a few milliseconds (its resolver loaded,
 * a case-insensitive pattern compiled), a tenth of the bin's start-up.
 */
function isInstalled(name: string): boolean {
  return (createRequire(import.meta.url).resolve.paths(name) ?? []).some((dir) => existsSync(join(dir, name, 'package.json')));
}

/** The stand-ins for Stripe.js and PayPal's SDK, when this checkout has @relais/sandbox. */
function standInScripts(): Record<string, () => Promise<string>> {
  if (!isInstalled('@relais/sandbox')) return {}; // the lab without the monorepo's sandbox: pages bring their own
  // Loaded on the first request for a stand-in, not at start: its bundler takes longer to load
  // than the rest of the server.
  const build = async (name: 'stripe-js' | 'paypal-v6' | 'adyen-web') => (await import('@relais/sandbox/build')).buildStandIn(name);
  return {
    '/sandbox/stripe-js.js': () => build('stripe-js'),
    '/sandbox/paypal-v6.js': () => build('paypal-v6'),
    '/sandbox/adyen-web.js': () => build('adyen-web'),
  };
}

function checkDemo(options: ServerLabOptions): void {
  if (options.live) throw new Error('the demo and its outage lab run on the sandbox only: remove the provider keys');
  // The lab hands its token to any page on the port: it must never be a real shop's.
  if (options.adminToken !== undefined) throw new Error('the demo makes up its own admin token for its dashboard: leave out the admin token');
  if (options.basePath !== DEMO_BASE_PATH) throw new Error(`the demo's pages call ${DEMO_BASE_PATH}: it cannot be served with another base path`);
  const site = options.site ?? DEFAULT_DEMO_DIR;
  if (!isDirectory(site)) throw new Error(`${site} does not exist: run npm run build first`);
}

export async function serverLab(options: ServerLabOptions): Promise<ServerLab> {
  if (options.demo) checkDemo(options);
  const lab = options.demo ? createOutageLab() : undefined;
  let faults: ReturnType<typeof withFaults>['faults'] | undefined;
  return {
    site: options.demo ? (options.site ?? DEFAULT_DEMO_DIR) : options.site,
    pagePolicy: options.demo ? DEMO_PAGE_POLICY : undefined,
    handlerOptions: lab ? { health: lab.health, adminToken: lab.adminToken, priceOrder: lab.priceOrder, alerts: options.alerts ?? lab.alerts } : {},
    scripts: standInScripts(),
    wrapApi(api) {
      const faulty = withFaults(api, { basePath: options.basePath });
      faults = faulty.faults;
      return faulty.handler;
    },
    wrapServer(server) {
      return lab && faults ? lab.around(server, faults, options.basePath) : server;
    },
  };
}
