// A shopper on each consumer app built by run.mjs (RELAIS_CONSUMERS_DIR): the element, installed
// from the packed tarballs and bundled by the app's own tool, places a bank-transfer order and
// pays a sandbox card against relais-server in sandbox mode. Run through `npm run test:consumers`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer } from '@relais/server';
import { buildStandIn } from '@relais/sandbox/build';
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from '../e2e/harness.mjs';

const WORK = process.env.RELAIS_CONSUMERS_DIR;
const ADMIN_TOKEN = 'consumer-smoke-admin-token';

/** relais-server in sandbox mode, serving `site` (a built app) when given. */
function relaisServer(db, site) {
  // No periodic re-check of verifying orders: its timer outlives close() (the store is closed
  // under it) and these servers live a minute at most.
  return startServer({ port: 0, sandbox: true, db, adminToken: ADMIN_TOKEN, recheckIntervalMs: 0, onError: (error) => console.error(error), ...(site ? { site } : {}) });
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `next start` for the built Next.js app, forwarding /checkout/* to `api`. Resolves once it answers. */
async function nextStart(api) {
  const port = await freePort();
  const child = spawn(join(WORK, 'node_modules', '.bin', 'next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: join(WORK, 'next'),
    env: { ...process.env, RELAIS_API: api, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`next start exited ${code}`)));
    child.stdout.on('data', (chunk) => {
      if (/Ready|started server/i.test(String(chunk))) resolve();
    });
  });
  return { url, stop: () => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); }) };
}

// The four apps at once: each has its own servers and browser context, and most of the time is
// spent waiting on pages.
describe('consumer apps built from the packed tarballs', { concurrency: true, skip: !WORK && 'run through `npm run test:consumers`' }, () => {
  let browser;
  let dataDir;

  before(async () => {
    browser = await chromium.launch(chromiumLaunchOptions);
    dataDir = mkdtempSync(join(tmpdir(), 'relais-consumer-db-'));
  });

  after(async () => {
    await browser?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A fresh shopper on `url`: no worker, no stored order, the sandbox Stripe.js behind js.stripe.com. */
  async function shopper(url) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // The real @stripe/stripe-js loader asks js.stripe.com; this network has none: the stand-in answers.
    await page.route('https://js.stripe.com/**', async (route) =>
      route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: await buildStandIn('stripe-js') }));
    await page.goto(url);
    await page.waitForFunction(() => window.__relaisEvents?.some((event) => event.type === 'relais-ready'), null, { timeout: 30_000 });
    const eventDetail = async (type) =>
      (await page.waitForFunction((wanted) => window.__relaisEvents.find((event) => event.type === wanted)?.detail, type, { timeout: 30_000 })).jsonValue();
    return { context, page, errors, checkout: page.locator('relais-checkout'), eventDetail };
  }

  /** Both journeys on one app; returns the orders relais-server recorded. */
  async function payBoth(url, api) {
    const bank = await shopper(url);
    await bank.checkout.getByRole('radio', { name: 'Bank transfer' }).check();
    await bank.checkout.getByRole('button', { name: /Place order/ }).click();
    const pending = await bank.eventDetail('relais-payment-pending');
    assert.match(pending.reference, /^RF\d{2}/, 'a bank-transfer reference is shown');
    assert.deepEqual(bank.errors, []);
    await bank.context.close();

    const card = await shopper(url);
    assert.equal(await card.checkout.getByRole('radio', { name: 'Card' }).isChecked(), true, 'the card is the first method');
    const fields = card.page.frameLocator('[data-relais-mount="provider-stripe"] iframe');
    await fields.locator('#number').fill('4242 4242 4242 4242');
    await fields.locator('#expiry').fill('12/34');
    await fields.locator('#cvc').fill('123');
    await card.checkout.getByRole('button', { name: /Pay €49.90/ }).click();
    const paid = await card.eventDetail('relais-payment-succeeded');
    assert.deepEqual(card.errors, []);

    // The paid record left the page before the event, but the server verifies it with the provider
    // before writing it (behind Next's route handler, a few hops more): read until it is written,
    // bounded. The page stays open meanwhile: closing the browser context cancels a request still
    // on its way (the shop leaving the page on the event is its own test, in test/e2e).
    let orders = [];
    const status = (orderId) => orders.find((order) => order.orderId === orderId)?.status;
    for (const deadline = Date.now() + 10_000; ; ) {
      orders = await (await fetch(`${api}/checkout/orders`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json();
      if (status(paid.orderId) === 'paid' || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await card.context.close();
    assert.equal(status(pending.orderId), 'pending-payment', 'the bank-transfer order is recorded, awaiting the transfer');
    assert.equal(status(paid.orderId), 'paid', 'the card order is paid, as the server verified');
  }

  for (const app of ['vite', 'webpack', 'vue']) {
    it(`${app}: the built app places a bank-transfer order and pays a sandbox card`, async () => {
      const started = performance.now();
      const server = await relaisServer(join(dataDir, `${app}.sqlite`), join(WORK, app, 'dist'));
      try {
        await payBoth(`${server.url}/`, server.url);
      } finally {
        await server.close();
      }
      console.log(`# ${app} smoke: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    });
  }

  it('next: the App Router page is rendered on the server with <relais-checkout>, comes alive in the browser and takes both payments', async () => {
    const started = performance.now();
    const api = await relaisServer(join(dataDir, 'next.sqlite'));
    const next = await nextStart(api.url);
    try {
      const html = await (await fetch(`${next.url}/`)).text();
      assert.match(html, /<h1>Next\.js shop<\/h1>/, 'the page itself was rendered on the server');
      assert.match(html, /<relais-checkout[\s>]/, 'the element is in the server-rendered HTML');
      await payBoth(`${next.url}/`, api.url);
    } finally {
      await next.stop();
      await api.close();
    }
    console.log(`# next smoke: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
});
