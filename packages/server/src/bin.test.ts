// The `relais-server` the package ships: its bin, the bundle scripts/bundle-server.mjs writes
// from the compiled files (npm run build:server). What it loads before it listens is the cost
// of its start-up, so the list is checked here, not only the time the bench prints.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('.', import.meta.url));
const manifest = JSON.parse(readFileSync(join(DIST, '..', 'package.json'), 'utf8')) as { bin: Record<string, string> };
const BIN = join(DIST, '..', manifest.bin['relais-server']!);
// What the bin runs (scripts/relais-server-bin.cjs).
const BUNDLE = join(DIST, 'relais-server-main.cjs');
// The lab's bundle, which the bin loads for --sandbox and --demo (`@relais/lab/bundle`).
const LAB_DIST = join(DIST, '..', '..', 'lab', 'dist');
const LAB_BUNDLE = join(LAB_DIST, 'bundle.cjs');
const bounded = { timeout: 60_000 };

// When the bin first writes to stdout (its listening line): every CommonJS file it has loaded,
// one `cjs <path>` line each, and every module of Node's own, one `builtin <id>` line each. A
// --require preload, not an --import: with --import, Node runs even a CommonJS main through its
// ES module loader.
const PRELOAD = `const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (...args) => {
  process.stdout.write = write;
  for (const file of Object.keys(require.cache)) process.stderr.write('cjs ' + file + '\\n');
  for (const id of process.moduleLoadList) process.stderr.write('builtin ' + id + '\\n');
  return write(...args);
};`;
// What Node loads of its own to link and run an ES module (the rest of its ES module loader
// also serves `require` of a package with an `exports` map).
const ES_MODULE_LOADER = /^NativeModule internal\/modules\/esm\/(module_job|translators)$/;

interface Loaded {
  /** The CommonJS files, by path. */
  required: string[];
  /** The parts of the ES module loader that only an ES module needs. */
  esModuleLoader: string[];
  url: string;
  stop(): void;
}

/** Starts the bin in sandbox mode (in-memory store) and answers what it loaded until it listened, and its URL. */
async function startWithModuleList(): Promise<Loaded> {
  const dir = mkdtempSync(join(tmpdir(), 'relais-bin-test-'));
  const preload = join(dir, 'list-modules.cjs');
  writeFileSync(preload, PRELOAD);
  const args = ['--require', preload, BIN, '--port', '0', '--db', ':memory:', '--sandbox'];
  const child = spawn(process.execPath, args, { env: { ...process.env, NODE_ENV: 'development' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk;
        const found = /listening on (\S+)/.exec(stdout);
        if (found) resolve(found[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code} before listening: ${stderr}`)));
    });
    const required = [...stderr.matchAll(/^cjs (\S+)$/gm)].map((match) => match[1]!).filter((file) => file !== preload);
    const esModuleLoader = [...stderr.matchAll(/^builtin (.+)$/gm)].map((match) => match[1]!).filter((id) => ES_MODULE_LOADER.test(id));
    return { required, esModuleLoader, url, stop: () => child.kill() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the relais-server bin', () => {
  test('is the bundle the build writes, no older than the compiled server it is made of', () => {
    assert.match(manifest.bin['relais-server']!, /^dist\/relais-server\.cjs$/);
    const built = statSync(BUNDLE, { throwIfNoEntry: false });
    assert.ok(built, `${BUNDLE} is missing: run npm run build:server`);
    const compiled = readdirSync(DIST, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js') && !/(^|\/)(relais-server[.-]|test-|pg-cluster|fixtures)|\.test\.js$|fake-/.test(file));
    const stale = compiled.filter((file) => statSync(join(DIST, file)).mtimeMs > built.mtimeMs);
    assert.deepEqual(stale, [], 'compiled after the bundle: run npm run build:server');
  });

  test("loads the lab's bundle, no older than the lab's compiled files it is made of", () => {
    const built = statSync(LAB_BUNDLE, { throwIfNoEntry: false });
    assert.ok(built, `${LAB_BUNDLE} is missing: run npm run build:server`);
    const compiled = readdirSync(LAB_DIST, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js') && !/\.test\.js$|fixtures/.test(file));
    assert.ok(compiled.includes('server-lab.js'), `the lab's compiled files are read: ${compiled.join(', ')}`);
    const stale = compiled.filter((file) => statSync(join(LAB_DIST, file)).mtimeMs > built.mtimeMs);
    assert.deepEqual(stale, [], 'compiled after the lab bundle: run npm run build:server');
  });

  test('in sandbox mode loads no provider SDK, database driver or metrics library, and few files, before it listens', bounded, async () => {
    const { required: files, stop } = await startWithModuleList();
    stop();
    const packages = files.filter((file) => /\/node_modules\/(stripe|pg|prom-client|@adyen)\//.test(file));
    assert.deepEqual(packages, []);
    assert.ok(files.includes(LAB_BUNDLE), 'the list is read (sandbox mode needs the lab)');
    // Was 101 files before the bin was bundled, 36 before the lab and the kit were: one each is
    // most of the start-up on a loaded machine. Now the bin and its bundle, the driver's copy, its
    // addon, the lab.
    assert.ok(files.length <= 5, `${files.length} files:\n${files.join('\n')}`);
  });

  test("is CommonJS through and through: Node's ES module loader loads no file of it before it listens", bounded, async () => {
    const { esModuleLoader, required, stop } = await startWithModuleList();
    stop();
    assert.deepEqual(esModuleLoader, []);
    assert.ok(required.includes(BIN) && required.includes(BUNDLE), `the bin and its bundle are required, not imported: ${required.join(', ')}`);
  });

  test("loads the database driver as its one-file copy beside the bundle, with the addon installed beside the driver's package", bounded, async () => {
    const { required, stop } = await startWithModuleList();
    stop();
    const driver = required.filter((file) => /better[-_]sqlite3|relais-server-sqlite/.test(file)).map((file) => file.replace(/.*\/(packages|node_modules)\//, '$1/'));
    assert.deepEqual(driver, ['packages/server/dist/relais-server-sqlite.cjs', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node']);
  });

  test("loads no compiled file of the server: the lab's bundle reads the bin's own provider kit", bounded, async () => {
    const { required, stop } = await startWithModuleList();
    stop();
    const server = required.filter((file) => file.includes('/packages/server/dist/')).map((file) => file.replace(/.*\/packages\/server\/dist\//, ''));
    assert.deepEqual(server.sort(), ['relais-server-main.cjs', 'relais-server-sqlite.cjs', 'relais-server.cjs']);
    const lab = required.filter((file) => file.includes('/packages/lab/dist/')).map((file) => file.replace(/.*\/packages\/lab\/dist\//, ''));
    assert.deepEqual(lab, ['bundle.cjs']);
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
