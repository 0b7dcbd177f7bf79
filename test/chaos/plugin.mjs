// Web Test Runner plugin of the chaos journeys (test/chaos/). Each journey runs the element in a
// same-origin iframe, so a reload is a real navigation (the page's JavaScript dies mid-payment)
// and a second tab is a second browsing context, both cheap. The frames' two files come from
// `chaosFrames()`, a middleware placed before the dev server's own (test/chaos/web-test-runner.chaos.mjs):
//   GET /__chaos/frame.html   a blank shop page that loads /__chaos/frame.js and records its uncaught errors
//   GET /__chaos/frame.js     the element and its methods bundled into one module (esbuild, built once)
// Commands (executeServerCommand):
//   chaos-config   -> {runs, seed, path, shrinkMs, keepGoing, trace}: from CHAOS_RUNS, CHAOS_SEED, CHAOS_PATH, CHAOS_SHRINK_MS, CHAOS_KEEP_GOING, CHAOS_TRACE (npm run chaos)
//   chaos-next     {total} -> the position of the next journey in the shards' shared queue
//                  (test/chaos/suite.ts), -1 once all are handed out or a failure stopped the run
//   chaos-stop     hands out no more journeys (a failure, without --keep-going)
//   chaos-report   {shard, ...} writes .test-results/chaos-<run>-<shard>.json (after every batch) for scripts/chaos.mjs's summary
//   chaos-route    {journey, sdk: {stripe: {answer, delayMs?}, …}, trackersBlocked} what the providers'
//                  script URLs and telemetry hosts answer the frames of one journey (frame name
//                  `<journey>~<tab>`), so journeys in one page run side by side with their own faults
//                  (test/chaos/routing.mjs)
//   chaos-route-end {journey} forgets it and ends its requests left hanging
//   chaos-offline  {journey, offline} cuts (or restores) every request of that journey's frames
//                  (their nested SDK frames too) as a lost connection does; the page's socket to
//                  the runner and the other journeys' frames stay online (context.setOffline would
//                  cut them all, and a shard whose socket drops never reports)
import { build } from 'esbuild';
import { buildStandIn } from '@relais/sandbox/build';
import { PROVIDERS } from '../provider-routes.mjs';
import { endJourney, routedPage, setOffline } from './routing.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./frame-entry.ts', import.meta.url));

// The uncaught errors of the page, kept before any module runs (a failing import counts too).
const FRAME_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chaos shop</title>
<script>
  window.__chaosErrors = [];
  addEventListener('error', (event) => { __chaosErrors.push(String(event.error?.stack ?? event.message)); });
  addEventListener('unhandledrejection', (event) => { __chaosErrors.push('unhandled rejection: ' + String(event.reason?.stack ?? event.reason)); });
</script>
<script type="module" src="/__chaos/frame.js"></script>
</head><body></body></html>`;

let bundle;

function frameScript() {
  bundle ??= build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // The workspace packages from their TypeScript sources; Lit's production build, minified: a
    // journey loads the page several times, and parsing is most of a load (the rest of the suite
    // runs Lit's development build).
    conditions: ['@relais/source'],
    minify: true,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0].text);
  bundle.catch(() => (bundle = undefined));
  return bundle;
}

/** How long a failure is shrunk: CHAOS_SHRINK_MS (npm run chaos: an hour, 0 with --no-shrink; npm test: 45 s), else 45 s. */
export function shrinkMs() {
  return numberFrom(process.env.CHAOS_SHRINK_MS) ?? 45_000;
}

function numberFrom(value) {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/**
 * Serves the frames' page and bundle ahead of the dev server's plugins: a page served through them
 * gets the runner's web-socket script injected (a module and a socket per page load, ten journeys
 * reloading), and the bundle's imports are parsed again on every load. The frames need neither.
 */
export function chaosFrames() {
  return async (context, next) => {
    if (context.path === '/__chaos/frame.html') {
      context.type = 'html';
      context.set('cache-control', 'no-store');
      context.body = FRAME_HTML;
      return;
    }
    if (context.path === '/__chaos/frame.js') {
      context.type = 'js';
      // Built once per process; the browser keeps its compiled code for the identical source.
      context.set('cache-control', 'max-age=86400, immutable');
      context.body = await frameScript();
      return;
    }
    await next();
  };
}

export function chaosPlugin({ prebuild = false } = {}) {
  // The shards' shared queue: one runner process plays one run.
  let handedOut = 0;
  let stopped = false;
  return {
    name: 'relais-chaos',
    serverStart() {
      // Bundled while the browser starts, not while the first journeys wait for their page
      // (only for a run of the journeys: the rest of the suite never loads it).
      if (prebuild) frameScript().catch(() => undefined);
    },
    async executeCommand({ command, payload, session }) {
      if (command === 'chaos-config') {
        return {
          runs: numberFrom(process.env.CHAOS_RUNS),
          seed: numberFrom(process.env.CHAOS_SEED),
          path: process.env.CHAOS_PATH || undefined,
          shrinkMs: shrinkMs(),
          keepGoing: process.env.CHAOS_KEEP_GOING === '1',
          trace: process.env.CHAOS_TRACE === '1',
        };
      }
      if (command === 'chaos-offline' || command === 'chaos-route' || command === 'chaos-route-end') {
        const page = session.browser.getPage?.(session.id);
        if (!page) throw new Error(`${command} needs the Playwright launcher`);
        const state = await routedPage(page);
        const journey = String(payload?.journey);
        if (command === 'chaos-offline') {
          await setOffline(state, journey, payload?.offline === true);
        } else if (command === 'chaos-route') {
          for (const provider of Object.keys(payload?.sdk ?? {})) await buildStandIn(PROVIDERS[provider].standIn);
          state.journeys.set(journey, { sdk: payload?.sdk ?? {}, trackersBlocked: payload?.trackersBlocked === true });
        } else {
          await endJourney(state, journey);
        }
        return true;
      }
      if (command === 'chaos-next') {
        const total = Number(payload?.total) || 0;
        if (stopped || handedOut >= total) return -1;
        return handedOut++;
      }
      if (command === 'chaos-stop') {
        stopped = true;
        return true;
      }
      if (command === 'chaos-report') {
        mkdirSync('.test-results', { recursive: true });
        // Per run (npm run chaos names it), so a suite run beside a long one never mixes their figures.
        writeFileSync(`.test-results/chaos-${process.env.CHAOS_RUN_ID || 'suite'}-${Number(payload?.shard) || 0}.json`, JSON.stringify(payload, null, 2));
        return true;
      }
      return undefined;
    },
  };
}
