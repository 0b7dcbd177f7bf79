// The built bundle as a merchant uses it: a plain page with one <script type="module"> and the
// element, no bundler, no import map. Run after `vite build --config vite.build.config.ts`.
import { createRelaisHandler, openOrderStore, toNodeListener } from '@relais/server';
import { sandbox } from '@relais/lab';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium, merchantPage, serve } from './harness.mjs';

const dist = resolve('packages/checkout/cdn');
const ELEMENT = `<relais-checkout amount="4990" currency="EUR" bank-iban="FR1420041010050500013M02606"
  bank-beneficiary="Relais Demo SARL" lang="fr"></relais-checkout>`;
const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'";
// The same, enforcing Trusted Types with the policies Relais documents and no default policy.
const TRUSTED_TYPES_CSP = `${STRICT_CSP}; require-trusted-types-for 'script'; trusted-types relais lit-html`;

describe('the relais-checkout.js bundle on a plain page', () => {
  let server;
  let browser;

  before(async () => {
    assert.ok(existsSync(resolve(dist, 'relais-checkout.js')), 'no bundle: run `npm run build` first');
    const body = merchantPage(ELEMENT);
    // The merchant API beside the page, as in production: the element asks it for /health.
    const handler = createRelaisHandler({ store: openOrderStore(':memory:'), basePath: '/checkout', sandbox });
    server = await serve({
      dist,
      api: toNodeListener(handler),
      pages: {
        '/index.html': { body },
        '/strict.html': { body, headers: { 'content-security-policy': STRICT_CSP } },
        '/trusted-types.html': { body, headers: { 'content-security-policy': TRUSTED_TYPES_CSP } },
      },
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens a page and records every CSP violation, console error and uncaught exception. */
  async function open(path) {
    const page = await browser.newPage();
    const problems = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    await page.exposeFunction('reportViolation', (text) => problems.push(`CSP violation: ${text}`));
    // Registered before any page script runs, so no violation escapes it.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) =>
        window.reportViolation(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`),
      );
    });
    await page.goto(`${server.origin}${path}`);
    return { page, problems };
  }

  /** What the shopper must see: the element upgraded, its shadow content, a pay button, and once the order is placed the IBAN. */
  async function assertRendered(page) {
    const upgraded = await page.evaluate(async () => {
      await customElements.whenDefined('relais-checkout');
      const element = document.querySelector('relais-checkout');
      await element.updateComplete;
      return element instanceof customElements.get('relais-checkout') && element.shadowRoot !== null;
    });
    assert.equal(upgraded, true, '<relais-checkout> was not upgraded into a shadow-rooted element');

    // Playwright's CSS locators pierce open shadow roots.
    const element = page.locator('relais-checkout');
    const payButton = element.locator('[part~="pay-button"]');
    await payButton.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await payButton.innerText(), /49,90/, 'the pay button names the amount in French');
    await payButton.click();
    const detailsBox = element.locator('[part~="bank-details"]');
    await detailsBox.waitFor({ state: 'visible', timeout: 10_000 });
    const details = await detailsBox.innerText();
    assert.ok(details.includes('FR14 2004 1010 0505 0001 3M02 606'), `IBAN not grouped by 4 in:\n${details}`);
    assert.ok(details.includes('Relais Demo SARL'), 'the beneficiary is shown');
  }

  it('is one module: nothing else is fetched before the element can render', () => {
    const code = readFileSync(resolve(dist, 'relais-checkout.js'), 'utf8');
    // A static `import … from "./chunk.js"` (dynamic import() has a parenthesis) would be one
    // more round trip before anything renders, and one more file for a merchant to host.
    const staticImports = code.match(/\bimport\s*(?:[\w*{][^();]*?from\s*)?["'][^"']+["']/g) ?? [];
    assert.deepEqual(staticImports, []);
  });

  it('upgrades the element and renders bank-transfer instructions with a pay button', async () => {
    const { page, problems } = await open('/index.html');
    await assertRendered(page);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('works under a strict CSP without violations or console errors', async () => {
    const { page, problems } = await open('/strict.html');
    await assertRendered(page);
    // Lit's styles reach the shadow root as constructed stylesheets, which style-src does not
    // govern; a <style> fallback would be blocked here and the element would render unstyled.
    const sheets = await page.evaluate(() => document.querySelector('relais-checkout').shadowRoot.adoptedStyleSheets.length);
    assert.ok(sheets > 0, 'the element is styled through adoptedStyleSheets');
    // Violations are reported asynchronously; give the last ones a moment to arrive.
    await page.waitForTimeout(200);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('works under enforced Trusted Types (trusted-types relais lit-html) without violations or console errors', async () => {
    const { page, problems } = await open('/trusted-types.html');
    await assertRendered(page);
    await page.waitForTimeout(200);
    assert.deepEqual(problems, []);
    // And the policy was in force: a string at a script sink is refused.
    const refused = await page.evaluate(() => {
      try {
        document.createElement('script').src = '/never-loaded.js';
        return false;
      } catch {
        return true;
      }
    });
    assert.equal(refused, true);
    await page.close();
  });
});
