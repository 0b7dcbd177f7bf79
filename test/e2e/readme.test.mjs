// The README's "Use it" snippet, copied verbatim into a page that `relais-server --site` serves:
// it must work as written (the endpoint and the server's base agree, nothing undefined is
// called). Without network here, Stripe.js and PayPal's SDK cannot load: the shopper ends on the
// bank transfer and the order reaches the server. Run after `npm run build`.
import { startServer } from '@relais/server';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from './harness.mjs';

/** The first ```html block of the README's "Use it" section, as a reader would copy it. */
function snippet() {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Use it'));
  const match = /```html\n([\s\S]*?)```/.exec(section);
  assert.ok(match, 'the README has an html snippet under "Use it"');
  return match[1];
}

describe('the README "Use it" snippet, served by relais-server --site', { timeout: 120_000 }, () => {
  let dir;
  let server;
  let browser;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relais-readme-'));
    writeFileSync(join(dir, 'index.html'), `<!doctype html>\n<html lang="fr"><head><meta charset="utf-8"><title>Boutique</title></head>\n<body>\n${snippet()}</body></html>\n`);
    server = await startServer({ port: 0, site: dir, db: join(dir, 'orders.sqlite'), sandbox: true, adminToken: 'readme-test-admin-token' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('works as written: no error, the shopper lands on the bank transfer, the order is recorded', async () => {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      // The snippet's own incident log is expected (the SDKs cannot load here); nothing else may fail.
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    // No network: the providers' real URLs fail at once, as a strict DNS list would make them.
    await page.route(/^https:\/\/(js\.stripe\.com|www\.(sandbox\.)?paypal\.com)\//, (route) => route.abort('blockedbyclient'));
    await page.goto(`${server.url}/`);
    const checkout = page.locator('relais-checkout');
    const place = checkout.getByRole('button', { name: /Valider la commande/ });
    await place.waitFor({ timeout: 30_000 });
    await place.click();
    await checkout.getByText('FR14 2004 1010 0505 0001 3M02 606').first().waitFor({ timeout: 15_000 });
    const orders = await (await fetch(`${server.url}/checkout/orders`, { headers: { authorization: 'Bearer readme-test-admin-token' } })).json();
    assert.equal(orders.length, 1);
    assert.deepEqual({ method: orders[0].method, status: orders[0].status, amount: orders[0].amount }, { method: 'bank-transfer', status: 'pending-payment', amount: 4990 });
    assert.deepEqual(problems.filter((problem) => !problem.includes('Failed to load resource')), []);
  });
});
