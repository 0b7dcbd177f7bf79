// The `relais-server` the package ships: its bin, the bundle scripts/bundle-server.mjs writes
// from the compiled files (npm run build:server). What it loads before it listens is the cost
// of its start-up, so the list is checked here, not only the time the bench prints.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('.', import.meta.url));
const manifest = JSON.parse(readFileSync(join(DIST, '..', 'package.json'), 'utf8')) as { bin: Record<string, string> };
const BIN = join(DIST, '..', manifest.bin['relais-server']!);
// The lab's bundle, which the bin loads for --sandbox and --demo (`@relais/lab/bundle`).
const LAB_DIST = join(DIST, '..', '..', 'lab', 'dist');
const LAB_BUNDLE = join(LAB_DIST, 'bundle.js');
const bounded = { timeout: 60_000 };

// Reports every module the loader resolves, from its own thread, one `module <url>` line each.
const RESOLVE_HOOK = `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (!resolved.url.startsWith('node:')) process.stderr.write('module ' + resolved.url + '\\n');
  return resolved;
}`;
// And, when it first writes to stdout (its listening line), every CommonJS file it has loaded,
// one `cjs <path>` line each: the loader's hooks do not see `require`.
const REGISTER = `import { createRequire, register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(RESOLVE_HOOK)}`)});
const { cache } = createRequire(process.cwd() + '/');
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (...args) => {
  process.stdout.write = write;
  for (const file of Object.keys(cache)) process.stderr.write('cjs ' + file + '\\n');
  return write(...args);
};`;

/** Starts the bin in sandbox mode (in-memory store) and answers the modules it loaded until it listened, and its URL. */
async function startWithModuleList(): Promise<{ modules: string[]; required: string[]; url: string; stop(): void }> {
  const args = ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, BIN, '--port', '0', '--db', ':memory:', '--sandbox'];
  const child = spawn(process.execPath, args, { env: { ...process.env, NODE_ENV: 'development' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      const found = /listening on (\S+)/.exec(stdout);
      if (found) resolve(found[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before listening: ${stderr}`)));
  });
  const modules = [...new Set([...stderr.matchAll(/^module (\S+)$/gm)].map((match) => match[1]!))];
  const required = [...stderr.matchAll(/^cjs (\S+)$/gm)].map((match) => match[1]!);
  return { modules, required, url, stop: () => child.kill() };
}

describe('the relais-server bin', () => {
  test('is the bundle the build writes, no older than the compiled server it is made of', () => {
    assert.match(manifest.bin['relais-server']!, /^dist\/relais-server\.js$/);
    const built = statSync(BIN, { throwIfNoEntry: false });
    assert.ok(built, `${BIN} is missing: run npm run build:server`);
    const compiled = readdirSync(DIST, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js') && !/(^|\/)(relais-server[.-]|test-|pg-cluster|fixtures)|\.test\.js$|fake-/.test(file));
    const stale = compiled.filter((file) => statSync(join(DIST, file)).mtimeMs > built.mtimeMs);
    assert.deepEqual(stale, [], 'compiled after the bundle: run npm run build:server');
  });

  test("loads the lab's bundle, no older than the lab's compiled files it is made of", () => {
    const built = statSync(LAB_BUNDLE, { throwIfNoEntry: false });
    assert.ok(built, `${LAB_BUNDLE} is missing: run npm run build:server`);
    const compiled = readdirSync(LAB_DIST, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js') && file !== 'bundle.js' && !/\.test\.js$|fixtures/.test(file));
    assert.ok(compiled.includes('server-lab.js'), `the lab's compiled files are read: ${compiled.join(', ')}`);
    const stale = compiled.filter((file) => statSync(join(LAB_DIST, file)).mtimeMs > built.mtimeMs);
    assert.deepEqual(stale, [], 'compiled after the lab bundle: run npm run build:server');
  });

  test('in sandbox mode loads no provider SDK, database driver or metrics library, and few files, before it listens', bounded, async () => {
    const { modules, stop } = await startWithModuleList();
    stop();
    const packages = modules.filter((url) => /\/node_modules\/(stripe|pg|prom-client|@adyen)\//.test(url));
    assert.deepEqual(packages, []);
    assert.ok(modules.some((url) => url.endsWith('/packages/lab/dist/bundle.js')), 'the list is read (sandbox mode needs the lab)');
    // Was 101 files before the bin was bundled, 36 before the lab and the kit were: one each is
    // most of the start-up on a loaded machine.
    assert.ok(modules.length <= 10, `${modules.length} files:\n${modules.join('\n')}`);
  });

  test("loads the database driver as its one-file copy beside the bundle, with the addon installed beside the driver's package", bounded, async () => {
    const { required, modules, stop } = await startWithModuleList();
    stop();
    const driver = required.filter((file) => /better[-_]sqlite3|relais-server-sqlite/.test(file)).map((file) => file.replace(/.*\/(packages|node_modules)\//, '$1/'));
    assert.deepEqual(driver, ['packages/server/dist/relais-server-sqlite.cjs', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node']);
    assert.deepEqual(modules.filter((url) => url.includes('better-sqlite3')), []);
  });

  test("loads no compiled file of the server: the lab's bundle reads the bin's own provider kit", bounded, async () => {
    const { modules, stop } = await startWithModuleList();
    stop();
    const server = modules.filter((url) => url.includes('/packages/server/dist/')).map((url) => url.replace(/.*\/packages\/server\/dist\//, ''));
    assert.ok(server.length > 0 && server.every((file) => /^relais-server[.-]/.test(file)), server.join(', '));
    const lab = modules.filter((url) => url.includes('/packages/lab/dist/')).map((url) => url.replace(/.*\/packages\/lab\/dist\//, ''));
    assert.deepEqual(lab, ['bundle.js']);
  });

  test('in sandbox mode takes an order and creates its PaymentIntent with the fake Stripe', bounded, async () => {
    const { url, stop } = await startWithModuleList();
    try {
      const order = { orderId: 'bin-1', amount: 4990, currency: 'EUR', method: 'stripe' };
      const headers = { 'content-type': 'application/json', 'idempotency-key': order.orderId };
      const created = await fetch(`${url}/checkout/orders`, { method: 'POST', headers, body: JSON.stringify(order) });
      assert.equal(created.status, 201);
      const { secret } = (await created.json()) as { secret: string };
      const intent = await fetch(`${url}/checkout/stripe/payment-intents`, {
        method: 'POST',
        headers: { ...headers, 'relais-order-secret': secret },
        body: JSON.stringify({ orderId: order.orderId, amount: order.amount, currency: order.currency }),
      });
      assert.equal(intent.status, 200);
      assert.match(((await intent.json()) as { clientSecret: string }).clientSecret, /^pi_\w+_secret_\w+$/);
    } finally {
      stop();
    }
  });
});
