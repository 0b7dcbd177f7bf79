// `npm run bench`: budgets, not records. This machine is shared and noisy, so every figure is
// printed against its budget (or as a ratio) and only a budget exceeded fails the run.
//
// Each benchmark is one async function `(context) => boolean` (true = within budget) added to
// BENCHMARKS below; `context` lazily gives the built bundle's server and a Chromium page.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { launchChromium, merchantPage, serve, startDemo } from '../test/e2e/harness.mjs';
import { adyenFailover } from './bench-adyen.mjs';
import { failoverLatency } from './bench-failover.mjs';
import { queueThroughput as queueBench } from './bench-queue.mjs';
import { serverCost, serverStartUp } from './bench-server.mjs';
import { serverReads } from './bench-server-reads.mjs';

const DIST = resolve('packages/checkout/cdn');
const CORE = 'relais-checkout.js';
// kB = 1000 bytes, as Vite prints them, so the figures here and in the build log agree.
const kB = (bytes) => (bytes / 1000).toFixed(1);
const gzipSize = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

const BUDGETS = {
  // Lit included (a bare Lit element is ~8 kB); what the first render does not need is a chunk.
  coreGzipBytes: 16_000,
  queueDeliveryMs: 10_000, // 1,000 queued orders to a local server after recovery
  demoStartMs: 30_000, // `npm start` on a fresh clone serves the demo within 30 s
};

/** One line per figure: `name: value / budget (ratio%) OK|OVER`. */
function report(name, value, budget, unit, format = (v) => v) {
  const ok = value <= budget;
  const ratio = Math.round((value / budget) * 100);
  console.log(`${name}: ${format(value)} ${unit} / ${format(budget)} ${unit} budget (${ratio}%) ${ok ? 'OK' : 'OVER'}`);
  return ok;
}

/** (a) What a merchant page downloads before anything renders, and what it may fetch later. */
async function bundleSize() {
  const withinBudget = report('core bundle (gzip)', gzipSize(join(DIST, CORE)), BUDGETS.coreGzipBytes, 'kB', kB);
  const chunks = readdirSync(DIST).filter((file) => file.endsWith('.js') && file !== CORE).sort();
  for (const chunk of chunks) console.log(`  chunk ${chunk} (gzip, loaded on demand): ${kB(gzipSize(join(DIST, chunk)))} kB`);
  return withinBudget;
}

const RUNS = 30;
const COLD_PAGES = 5;
const ELEMENT_ATTRIBUTES = {
  amount: '4990',
  currency: 'EUR',
  'bank-iban': 'FR1420041010050500013M02606',
  'bank-beneficiary': 'Relais Demo SARL',
  lang: 'fr',
};

/**
 * In the page: creates one element, appends it, and measures to its first render
 * (`updateComplete`) and to `relais-ready` (the first method interactive).
 */
async function measureOnce(attributes) {
  const t0 = performance.now();
  const element = document.createElement('relais-checkout'); // upgrades here: the class is defined
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  let timer;
  const ready = new Promise((resolve, reject) => {
    element.addEventListener('relais-ready', () => resolve(performance.now() - t0), { once: true });
    timer = setTimeout(() => reject(new Error('no relais-ready within 5 s')), 5000);
  });
  document.body.append(element);
  await element.updateComplete;
  const render = performance.now() - t0;
  try {
    return { render, ready: await ready };
  } finally {
    clearTimeout(timer);
    element.remove();
  }
}

const median = (values) => percentile(values, 50);
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const ms = (value) => `${value.toFixed(1)} ms`;

/** (b) Element upgrade to first render, cold (first element on a fresh page) and warm. */
async function firstRender(context) {
  const page = async () => {
    const tab = await context.newPage();
    await tab.goto(`${await context.origin()}/bench.html`);
    await tab.evaluate(() => customElements.whenDefined('relais-checkout'));
    return tab;
  };
  const cold = [];
  for (let i = 0; i < COLD_PAGES; i++) {
    const tab = await page();
    cold.push(await tab.evaluate(measureOnce, ELEMENT_ATTRIBUTES));
    await tab.close();
  }
  const tab = await page();
  await tab.evaluate(measureOnce, ELEMENT_ATTRIBUTES); // the cold one, measured above
  const warm = [];
  for (let i = 0; i < RUNS; i++) warm.push(await tab.evaluate(measureOnce, ELEMENT_ATTRIBUTES));
  await tab.close();

  for (const key of ['render', 'ready']) {
    const label = key === 'render' ? 'upgrade -> first render' : 'upgrade -> relais-ready (bank transfer)';
    const coldValues = cold.map((run) => run[key]);
    const warmValues = warm.map((run) => run[key]);
    console.log(`${label}: cold median ${ms(median(coldValues))} (${COLD_PAGES} fresh pages); ` +
      `warm median ${ms(median(warmValues))}, p95 ${ms(percentile(warmValues, 95))} (${RUNS} runs); ` +
      `cold/warm ${(median(coldValues) / median(warmValues)).toFixed(1)}x`);
  }
  return true; // figures only: no budget until we have a baseline from a few machines
}

/** (c) Blocked and hung primary SDK -> the next method ready to pay (the failover budgets). */
const failover = (context) => failoverLatency(context, report);
const cardToCard = (context) => adyenFailover(context, report);

/** (d) 1,000 orders queued while the merchant is down, then delivered once it is back. */
const queueThroughput = (context) => queueBench(context, { report, median, percentile, ms, budgetMs: BUDGETS.queueDeliveryMs });

/**
 * (e) `npm start` as on a fresh clone (`--force`: Vite bundles the dependencies again), until the
 * shop's checkout is ready to pay in a first visit (the lab's worker installed first).
 */
async function demoStart(context) {
  const demo = await startDemo();
  try {
    const page = await context.newPage();
    const t0 = performance.now();
    await page.goto(demo.url);
    await page.waitForFunction(() => window.__shopEvents?.some((event) => event.type === 'relais-ready'), null, { timeout: 60_000 });
    const firstVisit = performance.now() - t0;
    await page.close();
    console.log(`  npm start -> serving: ${Math.round(demo.startMs)} ms; first visit -> checkout ready to pay: ${Math.round(firstVisit)} ms`);
    return report('npm start -> demo ready to pay', Math.round(demo.startMs + firstVisit), BUDGETS.demoStartMs, 'ms');
  } finally {
    await demo.stop();
  }
}

const ALL = [bundleSize, firstRender, failover, cardToCard, queueThroughput, demoStart, serverCost, serverStartUp, serverReads];
// `npm run bench -- queueThroughput failover` runs only those (names as printed after »).
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !ALL.some((benchmark) => benchmark.name === name));
if (unknown.length) {
  console.error(`✗ no benchmark named ${unknown.join(', ')}: choose among ${ALL.map((benchmark) => benchmark.name).join(', ')}`);
  process.exit(2);
}
const BENCHMARKS = chosen.length ? ALL.filter((benchmark) => chosen.includes(benchmark.name)) : ALL;

/** Builds once, then starts the server and Chromium only if a benchmark asks for them. */
function createContext() {
  let server;
  let browser;
  const pages = { '/bench.html': { body: merchantPage('') } };
  return {
    /** Serves one more page with the bundle and `elementHtml`. */
    addPage(path, elementHtml) {
      pages[path] = { body: merchantPage(elementHtml) };
    },
    async origin() {
      server ??= await serve({ dist: DIST, pages });
      return server.origin;
    },
    async newPage() {
      browser ??= await launchChromium();
      const page = await browser.newPage();
      page.on('pageerror', (error) => console.error(`  page error: ${error.message}`));
      return page;
    },
    async close() {
      await browser?.close();
      await server?.close();
    },
  };
}

console.log('» building the bundle (vite.build.config.ts)');
try {
  await build({ configFile: 'vite.build.config.ts', logLevel: 'warn' });
} catch (error) {
  console.error(`✗ vite build failed: ${error.message}`);
  process.exit(1);
}

const context = createContext();
let withinBudgets = true;
try {
  for (const benchmark of BENCHMARKS) {
    console.log(`\n» ${benchmark.name}`);
    withinBudgets = (await benchmark(context)) && withinBudgets;
  }
} finally {
  await context.close();
}
if (!withinBudgets) console.error('\n✗ a budget is exceeded (see OVER above)');
process.exit(withinBudgets ? 0 : 1);
