// `npm run lighthouse [-- --runs N]`: Lighthouse 12.2.3 (mobile profile, its defaults) on the built
// demo as `relais-server --demo` serves it, N runs (3 by default), each in a fresh Chromium
// profile, so each is a first visit. Needs `npm run build` first. Not part of `npm test`: the
// figures depend on the machine's load; it prints them, and the median, rather than judging them.
//
// Lighthouse is not a dependency of the project: `npx` fetches the pinned version once into its
// cache (or uses LIGHTHOUSE_BIN, a `lighthouse` CLI installed elsewhere).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer } from '@relais/server';
import { chromiumPath } from '../test/e2e/harness.mjs';

const LIGHTHOUSE = '12.2.3';
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
// `--save <dir>` keeps each run's JSON report there (bootup-time, long tasks, the trace's figures).
const saveArg = process.argv.indexOf('--save');
const SAVE = saveArg > 0 ? resolve(process.argv[saveArg + 1]) : undefined;

if (!existsSync(resolve('demo/dist/index.html'))) {
  console.error('✗ no demo/dist: run `npm run build` first');
  process.exit(2);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Spawned, not spawnSync: the server answering the page runs in this process. */
async function lighthouse(url, outputPath) {
  const flags = [url, '--quiet', '--output=json', `--output-path=${outputPath}`, `--chrome-path=${chromiumPath}`,
    '--chrome-flags=--headless=new --no-sandbox', '--only-categories=performance,accessibility,best-practices'];
  // With --save, the trace too (`report-N-0.trace.json`): what each long task ran.
  if (SAVE) flags.push('--save-assets');
  const [command, args] = process.env.LIGHTHOUSE_BIN
    ? [process.env.LIGHTHOUSE_BIN, flags]
    : ['npx', ['--yes', `lighthouse@${LIGHTHOUSE}`, ...flags]];
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, CHROME_PATH: chromiumPath } });
  const status = await new Promise((done) => child.on('exit', done));
  if (status !== 0) throw new Error(`lighthouse exited with ${status}`);
  return JSON.parse(readFileSync(outputPath, 'utf8'));
}

/**
 * The server compresses each file once (brotli 11) and keeps it: a deployment serves them
 * compressed already. Asked for every file of the demo before the first run, so that no run
 * measures that first compression, nor shares the machine with it.
 */
async function warmUp(origin) {
  const files = readdirSync(resolve('demo/dist'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(resolve('demo/dist').length).replaceAll('\\', '/'));
  const paths = ['/', ...files.filter((file) => file !== '/index.html'), '/sandbox/stripe-js.js', '/sandbox/adyen-web.js', '/sandbox/paypal-v6.js'];
  for (const path of paths) await (await fetch(`${origin}${path}`, { headers: { 'accept-encoding': 'br, gzip' } })).arrayBuffer();
}

const dataDir = mkdtempSync(join(tmpdir(), 'relais-lighthouse-'));
const server = await startServer({ demo: true, port: 0, db: join(dataDir, 'relais.sqlite') });
await warmUp(server.url);
const rows = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const reportPath = join(dataDir, `report-${run}.json`);
    const report = await lighthouse(`${server.url}/`, reportPath);
    if (SAVE) {
      mkdirSync(SAVE, { recursive: true });
      copyFileSync(reportPath, join(SAVE, `lighthouse-${run}.json`));
      const trace = reportPath.replace(/\.json$/, '-0.trace.json');
      if (existsSync(trace)) copyFileSync(trace, join(SAVE, `lighthouse-${run}.trace.json`));
    }
    const score = (id) => Math.round(report.categories[id].score * 100);
    const metric = (id) => report.audits[id].numericValue;
    const row = {
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      fcp: metric('first-contentful-paint'),
      lcp: metric('largest-contentful-paint'),
      tbt: metric('total-blocking-time'),
      cls: metric('cumulative-layout-shift'),
      si: metric('speed-index'),
    };
    rows.push(row);
    console.log(`run ${run}: performance ${row.performance}, accessibility ${row.accessibility}, best practices ${row.bestPractices}; ` +
      `FCP ${(row.fcp / 1000).toFixed(1)} s, LCP ${(row.lcp / 1000).toFixed(1)} s, TBT ${Math.round(row.tbt)} ms, ` +
      `CLS ${row.cls.toFixed(3)}, SI ${(row.si / 1000).toFixed(1)} s`);
  }
  console.log(`median of ${RUNS}: performance ${median(rows.map((row) => row.performance))}, ` +
    `TBT ${Math.round(median(rows.map((row) => row.tbt)))} ms, LCP ${(median(rows.map((row) => row.lcp)) / 1000).toFixed(1)} s`);
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
