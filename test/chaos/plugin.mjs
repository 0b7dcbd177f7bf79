// Web Test Runner plugin of the chaos journeys (test/chaos/). Each journey runs the element in a
// same-origin iframe, so a reload is a real navigation (the page's JavaScript dies mid-payment)
// and a second tab is a second browsing context, both cheap:
//   GET /__chaos/frame.html   a blank shop page that loads /__chaos/frame.js and records its uncaught errors
//   GET /__chaos/frame.js     the element and its methods bundled into one module (esbuild, built once)
// Commands (executeServerCommand):
//   chaos-config   -> {runs, seed, path, shrink, trace}: from CHAOS_RUNS, CHAOS_SEED, CHAOS_PATH, CHAOS_SHRINK, CHAOS_TRACE (npm run chaos)
//   chaos-report   {shard, ...} writes .test-results/chaos-<shard>.json for scripts/chaos.mjs's summary
import { build } from 'esbuild';
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

function numberFrom(value) {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

export function chaosPlugin() {
  return {
    name: 'relais-chaos',
    async serve(context) {
      if (context.path === '/__chaos/frame.html') return { body: FRAME_HTML, type: 'html', headers: { 'cache-control': 'no-store' } };
      // Cached by the browser (with its compiled code) for the run: built once per process.
      if (context.path === '/__chaos/frame.js') return { body: await frameScript(), type: 'js', headers: { 'cache-control': 'max-age=86400, immutable' } };
      return undefined;
    },
    async executeCommand({ command, payload }) {
      if (command === 'chaos-config') {
        return {
          runs: numberFrom(process.env.CHAOS_RUNS),
          seed: numberFrom(process.env.CHAOS_SEED),
          path: process.env.CHAOS_PATH || undefined,
          shrink: process.env.CHAOS_SHRINK === '1',
          trace: process.env.CHAOS_TRACE === '1',
        };
      }
      if (command === 'chaos-report') {
        mkdirSync('.test-results', { recursive: true });
        writeFileSync(`.test-results/chaos-${Number(payload?.shard) || 0}.json`, JSON.stringify(payload, null, 2));
        return true;
      }
      return undefined;
    },
  };
}
