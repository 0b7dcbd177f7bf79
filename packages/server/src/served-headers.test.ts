// What relais-server's answers say to a browser, pages and API alike.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PAGE_POLICY, startServer } from './start-server.js';
import { DEMO_PAGE_POLICY } from './test-lab.js';

const root = mkdtempSync(join(tmpdir(), 'relais-headers-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Each directive of a policy, by name: `{'script-src': ["'self'", ...]}`. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(policy.split(';').map((part) => {
    const [name = '', ...sources] = part.trim().split(/\s+/);
    return [name, sources];
  }));
}

test('relais-server: pages carry the page policy, every answer nosniff', { timeout: 30_000 }, async () => {
  for (const dir of ['site', 'dist', 'public']) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'site', 'index.html'), '<!doctype html><title>Shop</title>\n');
  writeFileSync(join(root, 'dist', 'relais-checkout.js'), 'export {};\n');
  const server = await startServer({
    port: 0, db: ':memory:', site: join(root, 'site'), elementDir: join(root, 'dist'), publicDir: join(root, 'public'), onError: () => {},
  });
  try {
    const page = await fetch(`${server.url}/`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-security-policy'), PAGE_POLICY);
    const answers = [
      page,
      await fetch(`${server.url}/relais-checkout.js`),
      await fetch(`${server.url}/missing.html`),
      await fetch(`${server.url}/checkout/health`),
      await fetch(`${server.url}/checkout/nope`),
      await fetch(`${server.url}/checkout/orders`, { method: 'POST', body: '{}' }),
    ];
    assert.deepEqual(answers.map((answer) => answer.status), [200, 200, 404, 200, 404, 400]);
    for (const answer of answers) assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', answer.url);
    assert.equal(answers[1]!.headers.get('content-security-policy'), null, 'a script needs no page policy');
  } finally {
    await server.close();
  }
});

test('the page policy is the strict one plus named provider origins, never a wildcard', () => {
  const policy = directives(PAGE_POLICY);
  assert.deepEqual(policy['default-src'], ["'self'"]);
  assert.deepEqual(policy['object-src'], ["'none'"]);
  assert.deepEqual(policy['base-uri'], ["'none'"]);
  assert.deepEqual(policy['frame-ancestors'], ["'self'"]);
  assert.deepEqual(policy['script-src'], ["'self'", 'https://js.stripe.com', 'https://checkoutshopper-test.cdn.adyen.com', 'https://www.paypal.com', 'https://www.sandbox.paypal.com']);
  assert.ok(!PAGE_POLICY.includes('*'));
  assert.ok(!policy['script-src']!.includes("'unsafe-inline'") && !policy['script-src']!.includes("'unsafe-eval'"));
});

test('the demo\'s pages enforce Trusted Types with named policies only, no default and no inline script', async () => {
  const site = join(root, 'demo-site');
  for (const dir of [site, join(root, 'dist'), join(root, 'public')]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>Demo</title>\n');
  const server = await startServer({ demo: true, port: 0, db: ':memory:', site, elementDir: join(root, 'dist'), publicDir: join(root, 'public'), onError: () => {} });
  try {
    assert.equal((await fetch(`${server.url}/`)).headers.get('content-security-policy'), DEMO_PAGE_POLICY);
  } finally {
    await server.close();
  }
  const policy = directives(DEMO_PAGE_POLICY);
  assert.deepEqual(policy['require-trusted-types-for'], ["'script'"]);
  assert.deepEqual(policy['trusted-types'], ['relais', 'lit-html', 'relais-lab']);
  assert.deepEqual(policy['script-src'], directives(PAGE_POLICY)['script-src']);
  assert.ok(!policy['script-src']!.includes("'unsafe-inline'"));
});
