// The demo as a shopper and a merchant meet it: `npm start`'s own server (Vite, the reference
// merchant API in sandbox mode, the outage lab), driven in Debian's Chromium with Playwright.
// Each test breaks something with the lab, pays through the real UI, and checks what the
// merchant's server recorded. Screenshots for the README: UPDATE_SCREENSHOTS=1 writes them to
// docs/screenshots/, otherwise to .test-results/screenshots/.
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright';
import { build } from 'vite';
import { startServer } from '@relais/server';
import { chromiumLaunchOptions, startDemo } from './harness.mjs';

const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : '.test-results/screenshots';
/** The demo's pages enforce Trusted Types with named policies (DEMO_PAGE_POLICY), no default one. */
const TRUSTED_TYPES = /require-trusted-types-for 'script'; trusted-types relais lit-html relais-lab$/;

/** Every CSP violation any page or frame of `context` reports, from before its first script. */
async function recordViolations(context) {
  const violations = [];
  await context.exposeBinding('reportViolation', (_source, text) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      window.reportViolation(`${event.effectiveDirective} ${event.blockedURI} ${event.sample} (${event.sourceFile}:${event.lineNumber})`),
    );
  });
  return violations;
}

// Twelve journeys, the drill's eight shoppers among them: about five minutes on a shared machine.
describe('the demo shop and its outage lab, through npm start', { timeout: 540_000 }, () => {
  let demo;
  let browser;
  let context;
  let page;
  let pageErrors;
  let violations;

  const lab = (state) =>
    fetch(`${demo.url}/__lab/state`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(state) })
      .then((response) => assert.equal(response.status, 200, 'the lab took the state'));
  /** The merchant's admin routes, with the token the lab made up for this server start. */
  const admin = async (path) => {
    const { token } = await (await fetch(`${demo.url}/__lab/admin-token`)).json();
    const response = await fetch(`${demo.url}/checkout${path}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200, `GET ${path}`);
    return response;
  };
  const serverOrders = async () => (await admin('/orders')).json();
  /** What the fake providers took for an order: Stripe intents that took money, PayPal captures, Adyen authorisations. */
  const charges = async (orderId) => {
    const ledger = await (await fetch(`${demo.url}/checkout/sandbox/ledger/${orderId}`)).json();
    const tookMoney = (intent) => ['succeeded', 'processing', 'requires_capture'].includes(intent.status);
    return ledger.stripe.filter(tookMoney).length + ledger.paypal.filter((order) => order.captureId).length +
      ledger.adyen.filter((payment) => payment.resultCode === 'Authorised').length;
  };
  const labPanel = () => page.locator('relais-lab');
  /** What the page's checkout said, in order (demo/main.ts keeps it for the drill). */
  const shopEvents = () => page.evaluate(() => window.__shopEvents);
  const eventOf = async (type) => (await shopEvents()).find((event) => event.type === type)?.detail;
  const checkout = () => page.locator('relais-checkout');

  async function openShop(query = 'lang=en') {
    const response = await page.goto(`${demo.url}/?${query}`);
    assert.match(response.headers()['content-security-policy'] ?? '', TRUSTED_TYPES, 'the shop enforces Trusted Types');
    await page.waitForFunction(() => window.__shopEvents?.some((event) => event.type === 'relais-ready'), null, { timeout: 20_000 });
    // The lab and the dashboard load once they come into view (demo/main.ts).
    for (const panel of ['relais-lab', 'relais-dashboard']) await page.locator(panel).scrollIntoViewIfNeeded();
    await page.evaluate(() => Promise.all([customElements.whenDefined('relais-lab'), customElements.whenDefined('relais-dashboard')]));
    await page.evaluate(() => scrollTo(0, 0));
  }

  async function axeViolations() {
    const results = await new AxeBuilder({ page }).analyze();
    return results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`);
  }

  async function typeCard(number, provider = 'stripe') {
    const card = page.frameLocator(`[data-relais-mount="provider-${provider}"] iframe`);
    await card.locator('#number').fill(number);
    await card.locator('#expiry').fill('12/34');
    await card.locator('#cvc').fill('123');
  }

  before(async () => {
    demo = await startDemo();
    console.log(`# npm start served the demo in ${Math.round(demo.startMs)} ms`);
    browser = await chromium.launch(chromiumLaunchOptions);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  beforeEach(async () => {
    await lab({});
    // A fresh browser profile per test: no worker, no queue, no memory of earlier failures.
    await context?.close();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    violations = await recordViolations(context);
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterEach(() => assert.deepEqual(violations, [], 'no Content-Security-Policy or Trusted Types violation'));

  it('Stripe.js blocked (set in the lab): the card is still welcome, paid through Adyen, and nothing was charged twice', async () => {
    await openShop();
    const stripe = labPanel().getByRole('group', { name: 'Stripe (card)' });
    await stripe.getByRole('radio', { name: /^Script blocked \(strict DNS lists/ }).check();
    await Promise.all([page.waitForEvent('load'), labPanel().getByRole('button', { name: 'Apply (reloads the page)' }).click()]);
    await page.waitForFunction(() => window.__shopEvents?.some((event) => event.type === 'relais-ready'), null, { timeout: 20_000 });
    // The lab loads after the checkout is ready, then reads its state: wait for it to show what it applied.
    await labPanel().locator('input[name="stripe"][value="blocked"]:checked').waitFor({ timeout: 10_000 });
    assert.equal((await eventOf('relais-ready')).provider, 'adyen');
    assert.deepEqual((await eventOf('relais-incident')).kind, 'sdk-load-failed');
    await checkout().getByText('Card payment now goes through another provider. Nothing was charged.').first().waitFor();

    await typeCard('4242424242424242', 'adyen');
    await checkout().getByRole('button', { name: /Pay €49.90/ }).click();
    await checkout().getByText('Payment accepted').waitFor();

    const { orderId, provider } = await eventOf('relais-payment-succeeded');
    assert.equal(provider, 'adyen');
    const recorded = (await serverOrders()).filter((order) => order.orderId === orderId);
    assert.deepEqual(recorded.map((order) => [order.method, order.status]), [['adyen', 'paid']]);
    assert.equal(await charges(orderId), 1, 'charged once, by Adyen');
    await page.screenshot({ path: join(SCREENSHOTS, 'stripe-blocked.png') });
    assert.deepEqual(pageErrors, []);
  });

  it('Stripe.js and Adyen Web both blocked: the shopper is told nothing was charged and pays with PayPal', async () => {
    await lab({ stripe: 'blocked', adyen: 'blocked' });
    await openShop();
    assert.equal((await eventOf('relais-ready')).provider, 'paypal');
    await checkout().getByText('Nothing was charged').first().waitFor();
    assert.equal(await checkout().getByRole('radio', { name: 'PayPal' }).isChecked(), true);

    await page.locator('paypal-button').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
    await checkout().getByText('Payment accepted').waitFor();

    const { orderId } = await eventOf('relais-payment-succeeded');
    const recorded = (await serverOrders()).filter((order) => order.orderId === orderId);
    assert.deepEqual(recorded.map((order) => [order.method, order.status]), [['paypal', 'paid']]);
    assert.equal(await charges(orderId), 1, 'charged once, by PayPal');
    assert.deepEqual(pageErrors, []);
  });

  it('Stripe, Adyen and PayPal all down: the shopper places a bank-transfer order', async () => {
    await lab({ stripe: 'no-global', adyen: 'blocked', paypal: 'blocked' });
    await openShop();
    assert.equal((await eventOf('relais-ready')).provider, 'bank-transfer');
    await checkout().getByRole('button', { name: /Place order/ }).click();
    const pending = await page.waitForFunction(() => window.__shopEvents.find((event) => event.type === 'relais-payment-pending')?.detail);
    const { orderId, reference } = await pending.jsonValue();
    assert.match(reference, /^RF\d{2}/);
    await checkout().getByText(reference.replace(/(.{4})/g, '$1 ').trim()).first().waitFor();
    const recorded = (await serverOrders()).filter((order) => order.orderId === orderId);
    assert.deepEqual(recorded.map((order) => [order.method, order.status]), [['bank-transfer', 'pending-payment']]);
    assert.equal(await charges(orderId), 0);
    assert.deepEqual(pageErrors, []);
  });

  it('the merchant server down: the order is queued on the device, then delivered once when the lab restores it', async () => {
    await lab({ merchantDown: true });
    await openShop();
    await checkout().getByRole('radio', { name: 'Bank transfer' }).check();
    await checkout().getByRole('button', { name: /Place order/ }).click();
    await checkout().getByText('Your order is kept on this device').waitFor();
    const { orderId } = await eventOf('relais-order-queued');

    const restoredAt = Date.now();
    await labPanel().getByRole('button', { name: 'Restore everything' }).click();
    await checkout().getByText('Your order has reached the shop').first().waitFor({ timeout: 30_000 });
    const recorded = (await serverOrders()).filter((order) => order.orderId === orderId);
    assert.equal(recorded.length, 1, 'delivered once');
    assert.equal(recorded[0].method, 'bank-transfer');
    assert.ok(Date.parse(recorded[0].queuedAt) < restoredAt, `queued (${recorded[0].queuedAt}) while the server was down`);
    assert.ok(Date.parse(recorded[0].createdAt) >= restoredAt - 1000, 'recorded once the server was back');
    assert.deepEqual(pageErrors, []);
  });

  it('the shopper offline: the order waits on the device and reaches the shop once the connection is back', async () => {
    await openShop();
    await labPanel().getByRole('checkbox', { name: 'Shopper offline' }).check();
    await labPanel().getByRole('button', { name: 'Apply', exact: true }).click();
    await labPanel().getByText('Applied').waitFor();
    await checkout().getByRole('radio', { name: 'Bank transfer' }).check();
    await checkout().getByRole('button', { name: /Place order/ }).click();
    await checkout().getByText('Your order is kept on this device').waitFor();
    const { orderId } = await eventOf('relais-order-queued');
    await labPanel().getByRole('button', { name: 'Restore everything' }).click();
    await checkout().getByText('Your order has reached the shop').first().waitFor({ timeout: 30_000 });
    assert.equal((await serverOrders()).filter((order) => order.orderId === orderId).length, 1, 'delivered once');
    assert.deepEqual(pageErrors, []);
  });

  it('a scheduled Stripe maintenance: the checkout opens on Adyen\'s card form, says the card now goes through another provider, and never requests Stripe.js', async () => {
    await lab({ maintenance: 'stripe-now' });
    const stripeRequests = [];
    page.on('request', (request) => request.url().startsWith('https://js.stripe.com/') && stripeRequests.push(request.url()));
    await openShop();
    assert.equal((await eventOf('relais-ready')).provider, 'adyen');
    await checkout().getByText('Card payment now goes through another provider').waitFor();
    assert.deepEqual(stripeRequests, []);
    assert.deepEqual(pageErrors, []);
  });

  it('a declined card stays on the card form: no other method is pushed, nothing is charged', async () => {
    // No network: every request for another origin (Stripe.js) is answered by the lab's worker.
    // Recorded as sent; a request that escaped and failed has no response and fails the check.
    const outside = [];
    page.on('request', (request) => new URL(request.url()).hostname !== '127.0.0.1' && outside.push(request));
    const servedByWorker = async () =>
      Promise.all(outside.map(async (request) => [request.url(), (await request.response())?.fromServiceWorker() ?? false]));
    await openShop();
    assert.ok(outside.some((request) => request.url().startsWith('https://js.stripe.com/')), 'Stripe.js was requested');
    assert.equal((await eventOf('relais-ready')).provider, 'stripe');
    await typeCard('4000000000000002');
    await checkout().getByRole('button', { name: /Pay €49.90/ }).click();
    await checkout().getByText('Payment declined').waitFor();
    // Stripe and Adyen are one "Card" choice, served by Stripe here.
    const card = checkout().getByRole('radio', { name: 'Card' });
    assert.equal(await card.isChecked(), true);
    assert.equal(await card.getAttribute('value'), 'stripe');
    const events = (await shopEvents()).map((event) => event.type);
    assert.ok(events.includes('relais-payment-declined'));
    assert.ok(!events.includes('relais-provider-change'), `no switch on a decline: ${events.join(', ')}`);
    const { orderId } = await eventOf('relais-payment-declined');
    assert.equal(await charges(orderId), 0);
    // Recorded before the payment (the server prices it), and not paid: a decline moves no money.
    assert.deepEqual((await serverOrders()).filter((order) => order.orderId === orderId).map((order) => order.status), ['pending']);
    assert.deepEqual((await servedByWorker()).filter(([, fromWorker]) => !fromWorker), [], 'nothing reached the network');
    assert.deepEqual(pageErrors, []);
  });

  it('a shop that leaves the page on relais-payment-succeeded still gets the paid order recorded', async () => {
    let orderId;
    await page.exposeFunction('shopHeardPaid', (id) => { orderId = id; });
    await openShop();
    // The shop's own listener, as a thank-you redirect would be, to a page that needs no network:
    // the page is gone right after the task that announced the payment, while the paid record is
    // still on its way to the server.
    await page.evaluate(() => document.querySelector('relais-checkout').addEventListener('relais-payment-succeeded', (event) => {
      window.shopHeardPaid(event.detail.orderId);
      location.assign('about:blank');
    }));
    await typeCard('4242424242424242');
    const left = page.waitForURL('about:blank');
    await checkout().getByRole('button', { name: /Pay €49.90/ }).click();
    await left;
    assert.ok(orderId, 'the shop heard of the payment before leaving');
    let status;
    for (const deadline = Date.now() + 10_000; status !== 'paid' && Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      status = (await serverOrders()).find((order) => order.orderId === orderId)?.status;
    }
    assert.equal(status, 'paid', 'the server verified and recorded the payment the page reported as it left');
    assert.equal(await charges(orderId), 1);
  });

  /** `GET /metrics` as `name{labels}` → value. */
  const metrics = async () => {
    const text = await (await admin('/metrics')).text();
    return new Map(text.split('\n').filter((line) => /^relais_\w+(\{[^}]*\})? /.test(line)).map((line) => {
      const at = line.lastIndexOf(' ');
      return [line.slice(0, at), Number(line.slice(at + 1))];
    }));
  };
  const increase = (before, after, series) => (after.get(series) ?? 0) - (before.get(series) ?? 0);

  it('the drill plays every outage and reports 0 orders lost and 0 charged twice', async () => {
    await openShop();
    const metricsBefore = await metrics();
    const report = page.locator('relais-lab .report');
    await page.getByRole('button', { name: 'Run the drill' }).click();
    await report.waitFor({ timeout: 120_000 }).catch(async (error) => {
      throw new Error(`no drill report; the lab says: ${await page.locator('relais-lab .status').textContent()}`, { cause: error });
    });
    const verdict = await report.locator('.verdict').textContent();
    assert.match(verdict, /8 orders taken, 0 lost, 0 charged twice\. Drill passed\./, await report.innerText());
    const rows = await report.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
    assert.equal(rows.length, 8);
    assert.deepEqual(rows[1].slice(0, 3), ['Stripe blocked: the card is paid through Adyen', 'paid', 'Card (Adyen)']);
    for (const [step, , method, charged] of rows) {
      assert.notEqual(method, 'lost', step);
      assert.ok(Number(charged) <= 1, `${step}: charged ${charged} times`);
    }
    // The merchant's side: the chart, the outages and the orders, from the server's data.
    const dashboard = page.locator('relais-dashboard');
    // Its charting code loads once the dashboard comes into view.
    await dashboard.scrollIntoViewIfNeeded();
    await dashboard.locator('svg[aria-label]').first().waitFor();
    // This journey's merchant outage, and the earlier journeys' own: at least one row.
    await dashboard.getByRole('cell', { name: 'Merchant server' }).first().waitFor();
    assert.deepEqual(await axeViolations(), [], 'the report and the charts pass axe too');
    await page.locator('.lab').screenshot({ path: join(SCREENSHOTS, 'lab.png') });
    await dashboard.screenshot({ path: join(SCREENSHOTS, 'dashboard.png') });
    assert.deepEqual(pageErrors, []);

    // The incident report the merchant downloads, JSON and CSV, from the same data.
    assert.equal((await fetch(`${demo.url}/checkout/report?format=json`)).status, 401, 'the report needs the admin token');
    const json = await admin('/report?format=json');
    assert.match(json.headers.get('content-disposition'), /attachment; filename="relais-incidents-.*\.json"/);
    const { outages } = await json.json();
    assert.ok(outages.some((outage) => outage.provider === 'stripe' && outage.ordersThroughOtherMethod.length > 0), 'Stripe outages kept orders through another method');
    assert.ok(outages.some((outage) => outage.provider === 'merchant-server' && outage.ordersQueued.length > 0), 'the server outage kept orders in the queue');
    const csv = (await (await admin('/report?format=csv')).text()).split('\r\n');
    assert.equal(csv[0], 'provider,cause,start,end,ongoing,incidents,orders_affected,orders_other_method,orders_queued,amount_kept,recovered_at');
    assert.equal(csv.filter((line) => line !== '').length, outages.length + 1, 'one CSV row per outage');
    // The dashboard's own download link sends the token too (a plain link could not).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dashboard.getByRole('link', { name: 'Download as CSV' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^relais-incidents-.*\.csv$/);

    // What a Prometheus scrape saw of the drill: its eight shoppers' payments, by method and outcome.
    const metricsAfter = await metrics();
    const paid = (method, outcome) => increase(metricsBefore, metricsAfter, `relais_payments_total{method="${method}",outcome="${outcome}"}`);
    assert.deepEqual(
      {
        stripePaid: paid('stripe', 'succeeded'), stripeDeclined: paid('stripe', 'declined'), stripeFailed: paid('stripe', 'failed'),
        adyenPaid: paid('adyen', 'succeeded'), adyenFailed: paid('adyen', 'failed'),
        paypalPaid: paid('paypal', 'succeeded'), paypalFailed: paid('paypal', 'failed'),
      },
      { stripePaid: 2, stripeDeclined: 1, stripeFailed: 5, adyenPaid: 1, adyenFailed: 4, paypalPaid: 3, paypalFailed: 1 },
      'cards paid through Stripe in "all up" and "declined, then another card"; Stripe failed when blocked (twice: once with Adyen up, ' +
        'once with Adyen blocked too), hung, without its global and with its API failing; Adyen paid the card in "Stripe blocked" and ' +
        'failed in the four steps that block it so that PayPal or the transfer is reached; PayPal paid in three of those, blocked in "both down"',
    );
  });

  it('a success-rate drop played in the lab: the alert webhook receives one signed alert and one signed resolution', async () => {
    await openShop();
    const report = page.locator('relais-lab .report');
    await page.getByRole('button', { name: 'Play a success-rate alert' }).click();
    await report.waitFor({ timeout: 120_000 }).catch(async (error) => {
      throw new Error(`no alert report; the lab says: ${await page.locator('relais-lab .status').textContent()}`, { cause: error });
    });
    assert.match(await report.locator('[data-alert="firing"]').textContent(),
      /Alert received at .*: stripe: 33% of the last 3 payments succeeded \(alert below 50%\)\. Signature verified\./);
    assert.match(await report.locator('[data-alert="resolved"]').textContent(), /Its resolution received at .*\. Signature verified\./);
    assert.equal(await page.locator('relais-lab .status').textContent(), 'Alert and resolution received, signed.');
    // What reached the webhook, as the lab kept it: exactly one alert and its one resolution.
    const { alerts } = await (await fetch(`${demo.url}/__lab/alerts`)).json();
    const stripe = alerts.filter((alert) => alert.kind === 'success-rate' && alert.subject === 'stripe');
    const last = stripe.at(-1);
    assert.deepEqual(stripe.filter((alert) => alert.id === last.id).map((alert) => [alert.status, alert.signatureVerified, alert.details.successRate]),
      [['firing', true, 0.333], ['resolved', true, 0.667]]);
    assert.deepEqual(await axeViolations(), [], 'the alert report passes axe');
    assert.deepEqual(pageErrors, []);
  });

  it('fits a 375 px phone: no horizontal scroll on the shop, the lab or the dashboard, whose tables scroll in their own box', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await openShop('lang=fr');
    const dashboard = page.locator('relais-dashboard');
    await dashboard.scrollIntoViewIfNeeded();
    await dashboard.locator('h2').waitFor();
    const widths = () => page.evaluate(() => ({ scroll: document.scrollingElement.scrollWidth, inner: innerWidth }));
    const { scroll, inner } = await widths();
    assert.ok(scroll <= inner, `the page is ${scroll} px wide in a ${inner} px window`);
    await page.screenshot({ path: join(SCREENSHOTS, 'shop-375.png') });
    await page.locator('.lab').screenshot({ path: join(SCREENSHOTS, 'lab-375.png') });
    await dashboard.screenshot({ path: join(SCREENSHOTS, 'dashboard-375.png') });
    assert.deepEqual(pageErrors, []);
  });

  for (const lang of ['fr', 'en']) {
    it(`axe finds no violation on the shop, the lab and the dashboard (${lang})`, async () => {
      await openShop(`lang=${lang}`);
      await page.locator('relais-dashboard h2').waitFor();
      assert.deepEqual(await axeViolations(), []);
      if (lang === 'en') await page.locator('.shop').screenshot({ path: join(SCREENSHOTS, 'shop.png') });
    });
  }
});

describe('the built demo through relais-server --demo', { timeout: 120_000 }, () => {
  let server;
  let browser;
  let dataDir;

  before(async () => {
    // What `npm run build` does for the demo, then the production command serving it.
    await build({ logLevel: 'warn' });
    dataDir = mkdtempSync(join(tmpdir(), 'relais-server-demo-'));
    server = await startServer({ demo: true, port: 0, db: join(dataDir, 'relais.sqlite') });
    browser = await chromium.launch(chromiumLaunchOptions);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('on a phone the first paint is final: the prices are in it, the product picture is the largest paint, nothing shifts', async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
    const violations = await recordViolations(context);
    await context.addInitScript(() => {
      window.__paints = { largest: [], shifts: [] };
      new PerformanceObserver((list) => window.__paints.largest.push(...list.getEntries().map((entry) => entry.element?.className ?? null))).observe({ type: 'largest-contentful-paint', buffered: true });
      new PerformanceObserver((list) => window.__paints.shifts.push(...list.getEntries().map((entry) => entry.value))).observe({ type: 'layout-shift', buffered: true });
    });
    const page = await context.newPage();
    const stylesheets = [];
    page.on('request', (request) => request.resourceType() === 'stylesheet' && stylesheets.push(request.url()));
    const response = await page.goto(`${server.url}/`);
    const html = await response.text();
    assert.match(html, /<p class="price" id="unit-price">49,90&nbsp;€<\/p>/, 'the price is served, not written by a script after the first paint');
    await page.waitForFunction(() => window.__shopEvents?.some((event) => event.type === 'relais-ready'), null, { timeout: 20_000 });
    const paints = await page.evaluate(() => window.__paints);
    assert.deepEqual(paints.largest, ['picture'], 'the picture stays the largest paint, the checkout included');
    assert.deepEqual(paints.shifts, [], 'no layout shift');
    assert.deepEqual(stylesheets, [], "the shop's styles are in the page");
    assert.equal(await page.locator('#total').textContent(), '49,90\u00a0€');
    assert.deepEqual(violations, []);
    await context.close();
  });

  it('plays the lab from built files: Stripe and Adyen blocked, the shopper pays with PayPal, the server records it', async () => {
    const put = await fetch(`${server.url}/__lab/state`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"stripe":"blocked","adyen":"blocked"}' });
    assert.equal(put.status, 200);
    const context = await browser.newContext();
    const violations = await recordViolations(context);
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const response = await page.goto(`${server.url}/?lang=en`);
    assert.match(response.headers()['content-security-policy'] ?? '', TRUSTED_TYPES, 'relais-server --demo enforces Trusted Types');
    await page.waitForFunction(() => window.__shopEvents?.some((event) => event.type === 'relais-ready'), null, { timeout: 20_000 });
    const ready = await page.evaluate(() => window.__shopEvents.find((event) => event.type === 'relais-ready').detail);
    assert.equal(ready.provider, 'paypal');
    await page.locator('paypal-button').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
    await page.locator('relais-checkout').getByText('Payment accepted').waitFor();
    const { token } = await (await fetch(`${server.url}/__lab/admin-token`)).json();
    const orders = await (await fetch(`${server.url}/checkout/orders`, { headers: { authorization: `Bearer ${token}` } })).json();
    assert.deepEqual(orders.filter((order) => order.orderId === ready.orderId).map((order) => order.method), ['paypal']);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(violations, []);
    await context.close();
  });
});
