// Failover latency, measured in Chromium on the built bundle with the real loaders: Stripe.js is
// blocked or hangs (Playwright answers js.stripe.com), PayPal's SDK is the local stand-in.
// Each run is a fresh page, because @stripe/stripe-js caches Stripe.js per page.
import { buildStandIn } from '@relais/sandbox/build';

const RUNS = 12;
const LOAD_TIMEOUT = 1000; // short, so the hung case is quick to measure; the budget scales with it
export const FAILOVER_BUDGETS = { blockedMs: 300, hungOverTimeoutMs: 300 };

const element = `<relais-checkout amount="4990" currency="EUR" lang="en" providers="stripe paypal bank-transfer"
  stripe-key="pk_test_bench" paypal-client-id="sb-bench" load-timeout="${LOAD_TIMEOUT}"
  bank-iban="FR1420041010050500013M02606" bank-beneficiary="Relais Bench"></relais-checkout>`;

/** In the page: when Stripe.js failed, when PayPal was first mounted, when the shopper could pay. */
function observe() {
  const marks = {};
  document.addEventListener('error', (event) => {
    if (event.target instanceof HTMLScriptElement && event.target.src.startsWith('https://js.stripe.com')) marks.scriptError ??= performance.now();
  }, true);
  new MutationObserver(() => {
    if (document.querySelector('script[src^="https://js.stripe.com"]')) marks.sdkRequested ??= performance.now();
    if (document.querySelector('paypal-button')) marks.offered ??= performance.now();
  }).observe(document, { childList: true, subtree: true });
  document.addEventListener('relais-provider-change', () => (marks.switched ??= performance.now()));
  document.addEventListener('relais-ready', (event) => {
    if (event.detail.provider === 'paypal') marks.ready = performance.now();
  });
  window.__marks = marks;
}

async function run(context, stripeAnswer) {
  const page = await context.newPage();
  await page.addInitScript(observe);
  const paypal = await buildStandIn('paypal-v6');
  await page.route(/https:\/\/www\.(sandbox\.)?paypal\.com\/web-sdk\/v6\/core.*/, (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: paypal }),
  );
  await page.route(/https:\/\/js\.stripe\.com\/.*/, (route) => (stripeAnswer === 'abort' ? route.abort('blockedbyclient') : undefined));
  await page.goto(`${await context.origin()}/failover.html`);
  await page.evaluate(async (html) => {
    await customElements.whenDefined('relais-checkout');
    window.__marks.start = performance.now();
    document.body.insertAdjacentHTML('beforeend', html);
  }, element);
  const ready = await page.waitForFunction(() => window.__marks.ready, null, { timeout: LOAD_TIMEOUT + 5000 }).then(() => true, () => false);
  const marks = await page.evaluate(() => window.__marks);
  await page.close();
  // A run where PayPal never became ready counts as infinitely slow: its p95 says OVER, the bench goes on.
  if (!ready) console.log(`  a run never reached PayPal ready to pay within ${LOAD_TIMEOUT + 5000} ms`);
  return ready ? marks : { ...marks, ready: Infinity };
}

const median = (values) => percentile(values, 50);
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const stats = (values) => `median ${median(values).toFixed(0)} ms, p95 ${percentile(values, 95).toFixed(0)} ms`;

export async function failoverLatency(context, report) {
  context.addPage('/failover.html', '');
  const blocked = [];
  const hung = [];
  const hungFromStart = [];
  const offered = [];
  for (let i = 0; i < RUNS; i++) {
    const marks = await run(context, 'abort');
    blocked.push(marks.ready - marks.scriptError);
  }
  for (let i = 0; i < RUNS; i++) {
    const marks = await run(context, 'hang');
    // The budget is the SDK's: from the moment Stripe.js is requested.
    hung.push(marks.ready - marks.sdkRequested);
    hungFromStart.push(marks.ready - marks.start);
    offered.push(marks.offered - marks.sdkRequested);
  }
  console.log(`blocked Stripe.js -> PayPal ready to pay: ${stats(blocked)} (${RUNS} runs)`);
  console.log(`hung Stripe.js (load-timeout ${LOAD_TIMEOUT} ms), from its request -> PayPal ready to pay: ${stats(hung)}; ` +
    `PayPal loaded in the background (hedging) by ${stats(offered)}`);
  console.log(`  same, from the element's insertion (chunks, IndexedDB, health feed included): ${stats(hungFromStart)}`);
  const okBlocked = report('blocked-SDK failover (p95)', percentile(blocked, 95), FAILOVER_BUDGETS.blockedMs, 'ms', (v) => v.toFixed(0));
  const okHung = report('hung-SDK failover (p95)', percentile(hung, 95), LOAD_TIMEOUT + FAILOVER_BUDGETS.hungOverTimeoutMs, 'ms', (v) => v.toFixed(0));
  return okBlocked && okHung;
}
