// Serves the built order-queue worker (`public/relais-sw.js`, from `npm run build:sw`) at
// `/relais-sw.js`, where merchants serve it: a worker's default scope is its own directory, so
// one at /public/ would not control the test page at /. `Service-Worker-Allowed: /` also lets a
// test register it with any scope.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

const BUILT_WORKER = resolve('public/relais-sw.js');

export function serviceWorkerMiddleware() {
  return async function relaisServiceWorker(ctx, next) {
    if (ctx.path !== '/relais-sw.js') return next();
    try {
      ctx.body = await readFile(BUILT_WORKER, 'utf8');
    } catch {
      ctx.status = 500;
      ctx.body = `${BUILT_WORKER} is missing: run \`npm run build:sw\` (npm test does it)`;
      return undefined;
    }
    ctx.type = 'text/javascript';
    ctx.set('service-worker-allowed', '/');
    // The browser checks for a new worker on each registration; never hand it a stale one.
    ctx.set('cache-control', 'no-store');
    return undefined;
  };
}
