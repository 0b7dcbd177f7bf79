// Card to card: Stripe.js blocked (Playwright aborts js.stripe.com) or hung (never answered) ->
// Adyen's card form ready to pay, measured in Chromium on the built bundle. Adyen Web's CDN URL
// answers the AdyenWeb stand-in; the merchant API is @relais/server in sandbox mode on the same
// origin, since Adyen's session is created (order recorded, `POST /adyen/sessions`) before its
// form can show. Each run is a fresh page (@stripe/stripe-js caches Stripe.js per page), and
// prints where the milliseconds went (resource timings of the requests on the way).
import { resolve } from 'node:path';
import { sandbox } from '@relais/lab';
import { buildStandIn } from '@relais/sandbox/build';
import { createRelaisHandler, openOrderStore, toNodeListener } from '@relais/server';
import { merchantPage, serve } from '../test/e2e/harness.mjs';

const RUNS = 12;
// Short for the hung case, so it is quick to measure (its budget scales with it); the blocked case
// keeps the default, so that a slow run is measured rather than cut short by Adyen's own budget.
const LOAD_TIMEOUT = 1000;
export const ADYEN_BUDGETS = { blockedToAdyenMs: 300, hungOverTimeoutMs: 300 };

const element = (loadTimeout) => `<relais-checkout amount="4990" currency="EUR" lang="en" providers="stripe adyen bank-transfer" endpoint="/checkout"
  stripe-key="pk_test_bench" adyen-client-key="test_BENCH0000001" adyen-environment="test" load-timeout="${loadTimeout}" no-incident-beacon
  bank-iban="FR1420041010050500013M02606" bank-beneficiary="Relais Bench"></relais-checkout>`;

function observe() {
  window.__relaisSandbox = { apiBase: '/checkout/sandbox' };
  const marks = {};
  document.addEventListener('error', (event) => {
    if (event.target instanceof HTMLScriptElement && event.target.src.startsWith('https://js.stripe.com')) marks.scriptError ??= performance.now();
  }, true);
  new MutationObserver(() => {
    if (document.querySelector('script[src^="https://js.stripe.com"]')) marks.sdkRequested ??= performance.now();
  }).observe(document, { childList: true, subtree: true });
  document.addEventListener('relais-provider-change', (event) => {
    if (event.detail.to === 'adyen') marks.switched ??= performance.now();
  });
  document.addEventListener('relais-ready', (event) => {
    if (event.detail.provider === 'adyen') marks.ready = performance.now();
  });
  window.__marks = marks;
}

/** In the page: when each request on Adyen's way started and ended (ms, page clock). */
function requests() {
  const steps = {
    adyenChunk: /\/dist\/adyen-[^/]*\.js$/,
    recordOrder: /\/checkout\/orders$/,
    session: /\/checkout\/adyen\/sessions$/,
    adyenScript: /cdn\.adyen\.com\/.*adyen\.js$/,
    sessionSetup: /\/sandbox\/adyen\/sessions\/[^/]+\/setup$/,
  };
  const found = {};
  for (const entry of performance.getEntriesByType('resource')) {
    for (const [step, pattern] of Object.entries(steps)) {
      if (pattern.test(entry.name) && !found[step]) found[step] = { start: entry.startTime, end: entry.responseEnd };
    }
  }
  return found;
}

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];
const stats = (values) => `median ${percentile(values, 50).toFixed(0)} ms, p95 ${percentile(values, 95).toFixed(0)} ms`;

async function run(context, origin, adyen, stripeAnswer) {
  const page = await context.newPage();
  await page.addInitScript(observe);
  await page.route(/https:\/\/js\.stripe\.com\/.*/, (route) => (stripeAnswer === 'abort' ? route.abort('blockedbyclient') : undefined));
  await page.route(/https:\/\/checkoutshopper-test\.cdn\.adyen\.com\/.*/, (route) =>
    route.request().url().endsWith('.css')
      ? route.fulfill({ status: 200, contentType: 'text/css', body: '' })
      : route.fulfill({ status: 200, contentType: 'text/javascript', body: adyen }),
  );
  try {
    await page.goto(`${origin}/adyen.html`);
    await page.evaluate(async (html) => {
      await customElements.whenDefined('relais-checkout');
      window.__marks.start = performance.now();
      document.body.insertAdjacentHTML('beforeend', html);
    }, element(stripeAnswer === 'abort' ? 6000 : LOAD_TIMEOUT));
    const ready = await page.waitForFunction(() => window.__marks.ready, null, { timeout: LOAD_TIMEOUT + 10_000 }).then(() => true, async () => {
      console.log(`  a run never reached Adyen's card form: ${await page.evaluate(() => JSON.stringify({ marks: window.__marks, text: document.querySelector('relais-checkout')?.shadowRoot?.textContent?.slice(0, 300) }))}`);
      return false;
    });
    // Such a run counts as infinitely slow: its p95 says OVER, the bench goes on.
    const marks = await page.evaluate(() => window.__marks);
    return { ...marks, ...(ready ? {} : { ready: Infinity }), requests: await page.evaluate(requests) };
  } finally {
    await page.close();
  }
}

/** Where the blocked runs' milliseconds went, from Stripe.js's error: medians of each step. */
function breakdown(runs) {
  const at = (pick) => percentile(runs.map((marks) => pick(marks) - marks.scriptError), 50).toFixed(0);
  const step = (name, label) => {
    const present = runs.filter((marks) => marks.requests[name]);
    if (!present.length) return `${label} not requested`;
    const start = (marks) => marks.requests[name].start;
    const end = (marks) => marks.requests[name].end;
    const from = percentile(present.map((marks) => start(marks) - marks.scriptError), 50).toFixed(0);
    return `${label} ${from}..${percentile(present.map((marks) => end(marks) - marks.scriptError), 50).toFixed(0)}`;
  };
  return [
    step('recordOrder', 'POST /orders'),
    step('adyenChunk', 'adyen chunk'),
    step('session', 'POST /adyen/sessions'),
    step('adyenScript', 'adyen.js'),
    step('sessionSetup', 'session setup'),
    `switch ${at((marks) => marks.switched)}`,
    `ready ${at((marks) => marks.ready)}`,
  ].join(', ');
}

export async function adyenFailover(context, report) {
  const adyen = await buildStandIn('adyen-web');
  const handler = createRelaisHandler({ store: openOrderStore(':memory:'), basePath: '/checkout', sandbox });
  const server = await serve({ dist: resolve('packages/checkout/cdn'), pages: { '/adyen.html': { body: merchantPage('') } }, api: toNodeListener(handler) });
  const blockedRuns = [];
  const hung = [];
  try {
    for (let i = 0; i < RUNS; i++) blockedRuns.push(await run(context, server.origin, adyen, 'abort'));
    for (let i = 0; i < RUNS; i++) {
      const marks = await run(context, server.origin, adyen, 'hang');
      // The budget is the SDK's: from the moment Stripe.js is requested.
      hung.push(marks.ready - marks.sdkRequested);
    }
  } finally {
    await server.close();
  }
  const blocked = blockedRuns.map((marks) => marks.ready - marks.scriptError);
  console.log(`blocked Stripe.js -> Adyen's card form ready to pay: ${stats(blocked)} (${RUNS} runs)`);
  console.log(`  each run, in order (ms): ${blocked.map((ms) => ms.toFixed(0)).join(' ')}`);
  console.log(`  where it went (median ms after Stripe.js's error, start..end): ${breakdown(blockedRuns)}`);
  console.log(`hung Stripe.js (load-timeout ${LOAD_TIMEOUT} ms), from its request -> Adyen's card form ready to pay: ${stats(hung)} (${RUNS} runs)`);
  const okBlocked = report('blocked Stripe -> Adyen card form (p95)', percentile(blocked, 95), ADYEN_BUDGETS.blockedToAdyenMs, 'ms', (v) => v.toFixed(0));
  const okHung = report('hung Stripe -> Adyen card form (p95)', percentile(hung, 95), LOAD_TIMEOUT + ADYEN_BUDGETS.hungOverTimeoutMs, 'ms', (v) => v.toFixed(0));
  return okBlocked && okHung;
}
