// Card to card: Stripe.js blocked (Playwright aborts js.stripe.com) -> Adyen's card form ready to
// pay, measured in Chromium on the built bundle. Adyen Web's CDN URL answers the AdyenWeb
// stand-in; the merchant API is @relais/server in sandbox mode on the same origin, since Adyen's
// session is created (order recorded, `POST /adyen/sessions`) before its form can show.
import { resolve } from 'node:path';
import { sandbox } from '@relais/lab';
import { buildStandIn } from '@relais/sandbox/build';
import { createRelaisHandler, openOrderStore, toNodeListener } from '@relais/server';
import { merchantPage, serve } from '../test/e2e/harness.mjs';

const RUNS = 12;
export const ADYEN_BUDGETS = { blockedToAdyenMs: 300 };

const element = `<relais-checkout amount="4990" currency="EUR" lang="en" providers="stripe adyen bank-transfer" endpoint="/checkout"
  stripe-key="pk_test_bench" adyen-client-key="test_BENCH0000001" adyen-environment="test" load-timeout="6000" no-incident-beacon
  bank-iban="FR1420041010050500013M02606" bank-beneficiary="Relais Bench"></relais-checkout>`;

function observe() {
  window.__relaisSandbox = { apiBase: '/checkout/sandbox' };
  const marks = {};
  document.addEventListener('error', (event) => {
    if (event.target instanceof HTMLScriptElement && event.target.src.startsWith('https://js.stripe.com')) marks.scriptError ??= performance.now();
  }, true);
  document.addEventListener('relais-ready', (event) => {
    if (event.detail.provider === 'adyen') marks.ready = performance.now();
  });
  window.__marks = marks;
}

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];

export async function adyenFailover(context, report) {
  const adyen = await buildStandIn('adyen-web');
  const handler = createRelaisHandler({ store: openOrderStore(':memory:'), basePath: '/checkout', sandbox });
  const server = await serve({ dist: resolve('packages/checkout/cdn'), pages: { '/adyen.html': { body: merchantPage('') } }, api: toNodeListener(handler) });
  const blocked = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const page = await context.newPage();
      await page.addInitScript(observe);
      await page.route(/https:\/\/js\.stripe\.com\/.*/, (route) => route.abort('blockedbyclient'));
      await page.route(/https:\/\/checkoutshopper-test\.cdn\.adyen\.com\/.*/, (route) =>
        route.request().url().endsWith('.css')
          ? route.fulfill({ status: 200, contentType: 'text/css', body: '' })
          : route.fulfill({ status: 200, contentType: 'text/javascript', body: adyen }),
      );
      await page.goto(`${server.origin}/adyen.html`);
      await page.evaluate(async (html) => {
        await customElements.whenDefined('relais-checkout');
        document.body.insertAdjacentHTML('beforeend', html);
      }, element);
      await page.waitForFunction(() => window.__marks.ready, null, { timeout: 10_000 }).catch(async (error) => {
        console.log(await page.evaluate(() => JSON.stringify({ marks: window.__marks, text: document.querySelector('relais-checkout')?.shadowRoot?.textContent?.slice(0, 300) })));
        throw error;
      });
      const marks = await page.evaluate(() => window.__marks);
      blocked.push(marks.ready - marks.scriptError);
      await page.close();
    }
  } finally {
    await server.close();
  }
  console.log(`blocked Stripe.js -> Adyen's card form ready to pay: median ${percentile(blocked, 50).toFixed(0)} ms, p95 ${percentile(blocked, 95).toFixed(0)} ms (${RUNS} runs; order recorded and Adyen session created in between)`);
  return report('blocked Stripe -> Adyen card form (p95)', percentile(blocked, 95), ADYEN_BUDGETS.blockedToAdyenMs, 'ms', (v) => v.toFixed(0));
}
