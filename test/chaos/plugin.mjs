// Web Test Runner plugin of the chaos journeys (test/chaos/). Each journey runs the element in a
// same-origin iframe, so a reload is a real navigation (the page's JavaScript dies mid-payment)
// and a second tab is a second browsing context, both cheap. The frames' two files come from
// `chaosFrames()`, a middleware placed before the dev server's own (test/chaos/web-test-runner.chaos.mjs):
//   GET /__chaos/frame.html   a blank shop page that loads /__chaos/frame.js and records its uncaught errors
//   GET /__chaos/frame.js     the element and its methods bundled into one module (esbuild, built once)
// Commands (executeServerCommand):
//   chaos-config   -> {runs, seed, path, shrinkMs, keepGoing, trace}: from CHAOS_RUNS, CHAOS_SEED, CHAOS_PATH, CHAOS_SHRINK_MS, CHAOS_KEEP_GOING, CHAOS_TRACE (npm run chaos)
//   chaos-report   {shard, ...} writes .test-results/chaos-<run>-<shard>.json (after every batch) for scripts/chaos.mjs's summary
//   chaos-route    {journey, sdk: {stripe: {answer, delayMs?}, …}, trackersBlocked} what the providers'
//                  script URLs and telemetry hosts answer the frames of one journey (frame name
//                  `<journey>~<tab>`), so journeys in one page run side by side with their own faults
//   chaos-route-end {journey} forgets it and ends its requests left hanging
//   chaos-offline  {journey, offline} cuts (or restores) every request of that journey's frames
//                  (their nested SDK frames too) as a lost connection does; the page's socket to
//                  the runner and the other journeys' frames stay online (context.setOffline would
//                  cut them all, and a shard whose socket drops never reports)
import { build } from 'esbuild';
import { buildStandIn } from '@relais/sandbox/build';
import { PROVIDERS, TRACKERS } from '../provider-routes.mjs';
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

/** Per page: the journeys' answers, by journey id, and their held requests. */
const routedPages = new WeakMap();

/** The journey of a request: the nearest frame named `<journey>~<tab>` (an SDK's card frame sits inside it). */
function journeyOf(request) {
  try {
    for (let frame = request.frame(); frame; frame = frame.parentFrame()) {
      const name = frame.name();
      if (name.includes('~')) return name.split('~')[0];
    }
  } catch {
    // A request of a service worker has no frame: it belongs to no journey.
  }
  return undefined;
}

/** While a journey is offline, every request of the page passes one route that drops that journey's. */
async function setOffline(page, state, journey, offline) {
  state.offlineChange = (state.offlineChange ?? Promise.resolve()).then(async () => {
    const before = state.offline.size;
    if (offline) state.offline.add(journey);
    else state.offline.delete(journey);
    if (before === 0 && state.offline.size > 0) await page.route('**/*', state.dropOffline);
    if (before > 0 && state.offline.size === 0) await page.unroute('**/*', state.dropOffline);
  });
  return state.offlineChange;
}

async function answerScript(state, route, provider) {
  const journey = journeyOf(route.request());
  const plan = state.journeys.get(journey)?.sdk?.[provider] ?? { answer: 'stand-in' };
  const held = () => {
    const set = state.held.get(journey) ?? new Set();
    state.held.set(journey, set);
    set.add(route);
    return set;
  };
  switch (plan.answer) {
    case 'abort':
      return route.abort('blockedbyclient').catch(() => undefined);
    case 'empty':
      return route.fulfill({ status: 200, contentType: 'application/javascript', body: '' }).catch(() => undefined);
    case 'hang':
      held();
      return undefined;
    default: {
      const body = await buildStandIn(PROVIDERS[provider].standIn);
      if (plan.delayMs > 0) {
        const set = held();
        await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
        if (!set.delete(route)) return undefined; // the journey ended meanwhile
      }
      return route.fulfill({ status: 200, contentType: 'application/javascript', headers: { 'cache-control': 'no-store' }, body }).catch(() => undefined);
    }
  }
}

async function routePage(page) {
  let state = routedPages.get(page);
  if (state) return state;
  state = { journeys: new Map(), held: new Map(), offline: new Set() };
  state.dropOffline = (route) => (state.offline.has(journeyOf(route.request())) ? route.abort('internetdisconnected') : route.fallback()).catch(() => undefined);
  routedPages.set(page, state);
  for (const provider of Object.keys(PROVIDERS)) {
    await page.route(PROVIDERS[provider].matches, (route) => answerScript(state, route, provider));
  }
  await page.route(TRACKERS, (route) => {
    const blocked = state.journeys.get(journeyOf(route.request()))?.trackersBlocked === true;
    return (blocked ? route.abort('blockedbyclient') : route.fulfill({ status: 204, body: '' })).catch(() => undefined);
  });
  return state;
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
      if (command === 'chaos-offline') {
        const page = session.browser.getPage?.(session.id);
        if (!page) throw new Error(`${command} needs the Playwright launcher`);
        await setOffline(page, await routePage(page), String(payload?.journey), payload?.offline === true);
        return true;
      }
      if (command === 'chaos-route' || command === 'chaos-route-end') {
        const page = session.browser.getPage?.(session.id);
        if (!page) throw new Error(`${command} needs the Playwright launcher`);
        const state = await routePage(page);
        const journey = String(payload?.journey);
        if (command === 'chaos-route') {
          for (const provider of Object.keys(payload?.sdk ?? {})) await buildStandIn(PROVIDERS[provider].standIn);
          state.journeys.set(journey, { sdk: payload?.sdk ?? {}, trackersBlocked: payload?.trackersBlocked === true });
        } else {
          state.journeys.delete(journey);
          if (state.offline.has(journey)) await setOffline(page, state, journey, false);
          const held = [...(state.held.get(journey) ?? [])];
          state.held.delete(journey);
          await Promise.all(held.map((route) => route.abort('aborted').catch(() => undefined)));
        }
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
