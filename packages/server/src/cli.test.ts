import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from './cli.js';
import { startServer, type RunningServer, type ServerOptions } from './start-server.js';
import { anOrder } from './fixtures.js';
import { openOrderStore } from './order-store.js';

const CLI = fileURLToPath(new URL('./cli.js', import.meta.url));
const SECRET = 'the contents of a file outside every served directory';
const bounded = { timeout: 15_000 };

/**
 * A checkout-like layout in a temp dir: `dist/` (a fake built element), `public/` (a fake
 * worker), `site/`, and a `package.json` beside them that no request may reach.
 */
function layout() {
  const root = mkdtempSync(join(tmpdir(), 'relais-cli-'));
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('package.json', JSON.stringify({ secret: SECRET }));
  write('dist/relais-checkout.js', 'import("./stripe-AbCd1234.js");\n');
  write('dist/stripe-AbCd1234.js', 'export const stripe = 1;\n');
  write('public/relais-sw.js', 'self.addEventListener("fetch", () => {});\n');
  write('public/secret.txt', SECRET);
  write('site/index.html', '<!doctype html><title>Shop</title>\n');
  write('site/docs/index.html', '<!doctype html><title>Docs</title>\n');
  write('site/style.css', 'body { margin: 0 }\n');
  write('site/.env', `STRIPE_SECRET_KEY=${SECRET}\n`);
  return {
    root,
    db: join(root, 'data', 'relais.sqlite'),
    elementDir: join(root, 'dist'),
    publicDir: join(root, 'public'),
    site: join(root, 'site'),
  };
}

const servers: RunningServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

async function serve(options: ServerOptions = {}) {
  const dirs = layout();
  const server = await startServer({ port: 0, ...dirs, ...options, onError: () => {} });
  servers.push(server);
  return { ...dirs, server, url: server.url };
}

/** GET with the path sent byte for byte (`fetch` would normalise `/../` away first). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: 'GET', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function postOrder(url: string, body: unknown, key = 'ord-1'): Promise<Response> {
  return fetch(`${url}/checkout/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
}

describe('startServer', () => {
  test('GET /checkout/health answers the health document as JSON', bounded, async () => {
    const { url } = await serve();
    const response = await fetch(`${url}/checkout/health`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const health = (await response.json()) as { providers: Record<string, { status: string }> };
    assert.equal(health.providers['stripe']?.status, 'up');
  });

  test('POST /checkout/orders records once per Idempotency-Key', bounded, async () => {
    const { url, db, server } = await serve();
    const created = await postOrder(url, anOrder());
    assert.equal(created.status, 201);
    const replay = await postOrder(url, anOrder());
    assert.equal(replay.status, 200);
    assert.equal(await replay.text(), await created.text());
    assert.equal((await postOrder(url, anOrder({ amount: 1 }))).status, 422);
    await server.close();
    const store = openOrderStore(db);
    assert.equal(store.list().length, 1, 'the order is in the SQLite file');
    store.close();
  });

  test('the element is JavaScript: the entry revalidated, hashed chunks immutable', bounded, async () => {
    const { url } = await serve();
    const entry = await fetch(`${url}/relais-checkout.js`);
    assert.equal(entry.status, 200);
    assert.equal(entry.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(entry.headers.get('cache-control'), 'no-cache');
    assert.equal(await entry.text(), 'import("./stripe-AbCd1234.js");\n');
    const chunk = await fetch(`${url}/stripe-AbCd1234.js`);
    assert.equal(chunk.status, 200);
    assert.equal(chunk.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    await chunk.body?.cancel();
  });

  test('an unchanged file answers 304 to its ETag; HEAD answers headers only', bounded, async () => {
    const { url } = await serve();
    const first = await fetch(`${url}/relais-checkout.js`);
    await first.body?.cancel();
    const etag = first.headers.get('etag');
    assert.ok(etag);
    const again = await fetch(`${url}/relais-checkout.js`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    const head = await fetch(`${url}/relais-checkout.js`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String('import("./stripe-AbCd1234.js");\n'.length));
    assert.equal(await head.text(), '');
  });

  test('the worker is served at /relais-sw.js with Service-Worker-Allowed: /', bounded, async () => {
    const { url } = await serve();
    const worker = await fetch(`${url}/relais-sw.js`);
    assert.equal(worker.status, 200);
    assert.equal(worker.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(worker.headers.get('service-worker-allowed'), '/');
    assert.equal(worker.headers.get('cache-control'), 'no-cache');
    assert.match(await worker.text(), /addEventListener/);
    assert.equal((await fetch(`${url}/secret.txt`)).status, 404, 'nothing else of public/ is served');
  });

  test('the site answers index.html for a directory and redirects /docs to /docs/', bounded, async () => {
    const { url } = await serve();
    const home = await fetch(`${url}/`);
    assert.equal(home.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(await home.text(), /<title>Shop/);
    const css = await fetch(`${url}/style.css`);
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    await css.body?.cancel();
    const bare = await fetch(`${url}/docs?x=1`, { redirect: 'manual' });
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.get('location'), '/docs/?x=1');
    assert.match(await (await fetch(`${url}/docs/`)).text(), /<title>Docs/);
  });

  test('path traversal is refused, however it is spelled', bounded, async () => {
    const { url } = await serve();
    const attempts = [
      '/../package.json',
      '/docs/../../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E/package.json',
      '/..%2fpackage.json',
      '/%2e%2e%2fpackage.json',
      '/docs%2f..%2f..%2fpackage.json',
      '/..%5cpackage.json',
      '/%252e%252e%252fpackage.json',
      '/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
      '//etc/passwd',
      '/.env',
      '/%2eenv',
      '/relais-checkout.js%00.html',
      '/%c0%ae%c0%ae/package.json',
    ];
    for (const path of attempts) {
      const { status, body } = await rawGet(url, path);
      assert.ok(status === 400 || status === 404, `${path}: ${status}`); // 400 when the URL parser would rewrite the path
      assert.ok(!body.includes(SECRET), path);
    }
  });

  test('an unknown path is 404, an unknown API route a JSON 404, a POST to a file 405', bounded, async () => {
    const { url } = await serve();
    assert.equal((await fetch(`${url}/nope.js`)).status, 404);
    const api = await fetch(`${url}/checkout/nope`);
    assert.equal(api.status, 404);
    assert.deepEqual(await api.json(), { error: 'not-found' });
    const post = await fetch(`${url}/relais-checkout.js`, { method: 'POST', body: 'x' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
  });

  test('sandbox mode serves the SDK stand-ins and the outage lab fault control', { timeout: 60_000 }, async () => {
    const { url, server } = await serve();
    assert.deepEqual(server.modes, { stripe: 'sandbox', paypal: 'sandbox' });
    const down = await fetch(`${url}/checkout/__faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'down', on: true }),
    });
    assert.equal(down.status, 204);
    assert.equal((await postOrder(url, anOrder())).status, 503);
    const standIn = await fetch(`${url}/sandbox/stripe-js.js`);
    assert.equal(standIn.status, 200);
    assert.equal(standIn.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(await standIn.text(), /stand-in/);
  });

  test('with keys the providers are live: no fault control, no stand-ins', bounded, async () => {
    const { url, server } = await serve({
      stripe: { secretKey: 'sk_test_not_a_real_key' },
      paypal: { clientId: 'id', clientSecret: 'not-a-real-secret', environment: 'sandbox' },
    });
    assert.deepEqual(server.modes, { stripe: 'live', paypal: 'live' });
    const faults = await fetch(`${url}/checkout/__faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action":"reset"}' });
    assert.equal(faults.status, 404);
    assert.equal((await fetch(`${url}/sandbox/stripe-js.js`)).status, 404);
    assert.equal((await fetch(`${url}/checkout/sandbox/ledger/ord-1`)).status, 404);
  });

  test('close() stops listening and closes the store', bounded, async () => {
    const { url, db, server } = await serve();
    assert.equal((await postOrder(url, anOrder())).status, 201);
    await server.close();
    await assert.rejects(fetch(`${url}/checkout/health`), TypeError);
    // SQLite removes the write-ahead log when the last connection closes cleanly.
    assert.equal(existsSync(`${db}-wal`), false);
    await server.close(); // twice is fine
  });

  test('the API cannot be mounted at /', bounded, async () => {
    await assert.rejects(startServer({ port: 0, db: ':memory:', basePath: '/' }), /cannot be mounted at \//);
  });
});

describe('parseCommandLine', () => {
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const command = parseCommandLine(args, env);
    assert.ok(command.ok && !command.help, JSON.stringify(command));
    return command.options;
  };
  const failure = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const command = parseCommandLine(args, env);
    assert.ok(!command.ok, JSON.stringify(command));
    return command.error;
  };

  test('defaults: port 8787 on 127.0.0.1, .data/relais.sqlite, sandbox', () => {
    const options = run([]);
    assert.equal(options.port, 8787);
    assert.equal(options.host, '127.0.0.1');
    assert.equal(options.db, '.data/relais.sqlite');
    assert.equal(options.stripe, undefined);
    assert.equal(options.paypal, undefined);
  });

  test('--status-page is repeated per page, components after #; a bad one names the flag', () => {
    const options = run([
      '--status-page', 'paypal=https://status.test/api/v2/summary.json#Payments API, Checkout',
      '--status-page=paypal=https://other.test/api/v2/summary.json',
    ]);
    assert.deepEqual(options.statusPages, { paypal: [
      { url: 'https://status.test/api/v2/summary.json', components: ['Payments API', 'Checkout'] },
      { url: 'https://other.test/api/v2/summary.json' },
    ] });
    assert.match(failure(['--status-page', 'klarna=https://x.test']), /^--status-page klarna is not a provider/);
    assert.match(failure(['--status-page', 'paypal=ftp://x.test']), /^--status-page paypal url must be an http\(s\) URL/);
    assert.match(failure(['--status-page', 'https://x.test']), /^--status-page it needs <method>=<url>/);
  });

  test('--alert-webhook needs RELAIS_ALERT_SECRET, never quoted', () => {
    const secret = 'alert-secret-0123456789';
    assert.deepEqual(run(['--alert-webhook', 'https://hooks.test/relais'], { RELAIS_ALERT_SECRET: secret }).alerts, { url: 'https://hooks.test/relais', secret });
    assert.match(failure(['--alert-webhook', 'https://hooks.test/relais']), /needs RELAIS_ALERT_SECRET/);
    const short = failure(['--alert-webhook', 'https://hooks.test/relais'], { RELAIS_ALERT_SECRET: 'tiny-secret' });
    assert.match(short, /RELAIS_ALERT_SECRET must be at least 16 characters/);
    assert.ok(!short.includes('tiny-secret'));
    assert.match(failure(['--alert-webhook', 'hooks.test'], { RELAIS_ALERT_SECRET: secret }), /--alert-webhook must be an http\(s\) URL/);
  });

  test('PORT and RELAIS_DB are read; flags win over them', () => {
    assert.equal(run([], { PORT: '9000' }).port, 9000);
    assert.equal(run(['--port', '9001'], { PORT: '9000' }).port, 9001);
    assert.equal(run(['--port=0']).port, 0);
    assert.equal(run([], { RELAIS_DB: '/tmp/a.sqlite' }).db, '/tmp/a.sqlite');
    assert.equal(run(['--db', 'b.sqlite'], { RELAIS_DB: '/tmp/a.sqlite' }).db, 'b.sqlite');
    assert.equal(run(['--host', '0.0.0.0', '--base', '/api/checkout/']).basePath, '/api/checkout/');
  });

  test('keys in the environment configure the live providers', () => {
    const options = run([], {
      STRIPE_SECRET_KEY: 'sk_live_x',
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
      PAYPAL_CLIENT_ID: 'id',
      PAYPAL_CLIENT_SECRET: 'secret',
    });
    assert.deepEqual(options.stripe, { secretKey: 'sk_live_x', webhookSecret: 'whsec_x' });
    assert.deepEqual(options.paypal, { clientId: 'id', clientSecret: 'secret', environment: 'sandbox' });
    assert.equal(run([], { PAYPAL_CLIENT_ID: 'i', PAYPAL_CLIENT_SECRET: 's', PAYPAL_ENVIRONMENT: 'production' }).paypal?.environment, 'production');
    assert.equal(run([], { STRIPE_SECRET_KEY: '' }).stripe, undefined, 'an empty variable is unset');
  });

  test('bad flags and half-configured providers are one sentence that names no secret', () => {
    assert.match(failure(['--port', 'x']), /^--port must be a whole number from 0 to 65535, got "x"$/);
    assert.match(failure(['--port', '70000']), /--port/);
    assert.match(failure([], { PORT: 'abc' }), /^PORT must be/);
    assert.match(failure(['--nope']), /^unknown flag --nope/);
    assert.match(failure(['--port']), /^--port needs a value/);
    assert.match(failure(['--db', '--port', '1']), /^--db needs a value/);
    assert.match(failure(['serve']), /^unexpected argument "serve"/);
    assert.match(failure(['--base', '/']), /^--base must be a path below \//);
    assert.match(failure(['--site', '/definitely/not/here']), /^--site \/definitely\/not\/here: no such directory$/);
    assert.match(failure(['--sandbox=yes']), /takes no value/);
    const secrets = { PAYPAL_CLIENT_ID: 'id-7f3a', STRIPE_WEBHOOK_SECRET: 'whsec_9b2c' };
    for (const env of [{ PAYPAL_CLIENT_ID: secrets.PAYPAL_CLIENT_ID }, { STRIPE_WEBHOOK_SECRET: secrets.STRIPE_WEBHOOK_SECRET }]) {
      const error = failure([], env);
      assert.ok(!error.includes('7f3a') && !error.includes('9b2c'), error);
    }
    assert.match(failure([], { PAYPAL_CLIENT_ID: 'a', PAYPAL_CLIENT_SECRET: 'b', PAYPAL_ENVIRONMENT: 'live' }), /PAYPAL_ENVIRONMENT must be sandbox or production/);
    assert.match(failure(['--sandbox'], { STRIPE_SECRET_KEY: 'sk_test_x' }), /--sandbox cannot be combined/);
  });

  test('NODE_ENV=production without keys refuses to take fake payments unless --sandbox', () => {
    assert.match(failure([], { NODE_ENV: 'production' }), /pass --sandbox/);
    assert.equal(run(['--sandbox'], { NODE_ENV: 'production' }).sandbox, true);
  });

  test('-h and --help ask for the usage', () => {
    assert.deepEqual(parseCommandLine(['--port', '1', '-h'], {}), { ok: true, help: true });
    assert.deepEqual(parseCommandLine(['--help'], {}), { ok: true, help: true });
  });
});

// ---------------------------------------------------------------------------------------------
// The compiled command, as a merchant runs it.

const PROVIDER_VARIABLES = /^(PORT|RELAIS_DB|RELAIS_ADMIN_TOKEN|NODE_ENV|STRIPE_.*|PAYPAL_.*)$/;

function envWith(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !PROVIDER_VARIABLES.test(name)));
  return { ...env, ...extra };
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env = envWith()): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Starts the command, resolves with its first stdout line, then stops it with `signal`. */
async function firstLineThenStop(args: string[], env: NodeJS.ProcessEnv, signal: NodeJS.Signals) {
  const child = spawn(process.execPath, [CLI, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve) =>
    child.on('close', (code, sig) => resolve({ code, signal: sig, stdout, stderr })),
  );
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
    });
    void exited.then((exit) => reject(new Error(`exited ${exit.code} before listening: ${exit.stderr}`)));
  });
  const url = /listening on (\S+)/.exec(line)?.[1];
  assert.ok(url, line);
  assert.equal((await fetch(`${url}/checkout/health`)).status, 200);
  child.kill(signal);
  return { line, exit: await exited };
}

describe('relais-server command', () => {
  test('--help prints the usage and exits 0', bounded, async () => {
    const { code, stdout, stderr } = await runCli(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: relais-server \[options\]/);
    for (const flag of ['--port', '--host', '--base', '--db', '--site', '--element-dir', '--public-dir', 'STRIPE_SECRET_KEY', 'PAYPAL_ENVIRONMENT']) {
      assert.ok(stdout.includes(flag), flag);
    }
    assert.equal(stderr, '');
  });

  test('a bad --port exits 2 with one line and no stack trace', bounded, async () => {
    const { code, stdout, stderr } = await runCli(['--port', 'x']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, 'relais-server: --port must be a whole number from 0 to 65535, got "x"\n');
  });

  test('an unknown flag exits 2 with one line', bounded, async () => {
    const { code, stderr } = await runCli(['--prot', '8787']);
    assert.equal(code, 2);
    assert.equal(stderr, 'relais-server: unknown flag --prot (see --help)\n');
  });

  test('keys in the environment: the line says live and names no secret; SIGTERM closes cleanly', bounded, async () => {
    const { db, elementDir, publicDir } = layout();
    const secrets = {
      STRIPE_SECRET_KEY: 'sk_test_51SECRETstripe',
      STRIPE_WEBHOOK_SECRET: 'whsec_SECRETwebhook',
      PAYPAL_CLIENT_ID: 'SECRETpaypalId',
      PAYPAL_CLIENT_SECRET: 'SECRETpaypalSecret',
    };
    const args = ['--port', '0', '--db', db, '--element-dir', elementDir, '--public-dir', publicDir];
    const { line, exit } = await firstLineThenStop(args, envWith(secrets), 'SIGTERM');
    assert.match(line, /^relais-server listening on http:\/\/127\.0\.0\.1:\d+ \(API at \/checkout\): /);
    assert.match(line, /stripe live \(test key, webhooks on\), paypal live \(sandbox environment\)$/);
    assert.ok(!line.includes('SECRET') && !exit.stderr.includes('SECRET'), 'a secret was printed');
    assert.equal(exit.code, 0);
    assert.equal(exit.stdout.trim().split('\n').length, 1, 'one line');
    assert.equal(existsSync(`${db}-wal`), false, 'the store was closed');
  });

  test('no keys: the line says sandbox; SIGINT closes cleanly', bounded, async () => {
    const { db, elementDir, publicDir } = layout();
    const args = ['--port', '0', '--db', db, '--element-dir', elementDir, '--public-dir', publicDir];
    const { line, exit } = await firstLineThenStop(args, envWith(), 'SIGINT');
    assert.match(line, /: stripe sandbox, paypal sandbox$/);
    assert.equal(exit.code, 0);
    assert.equal(exit.stderr, 'relais-server: warning: RELAIS_ADMIN_TOKEN is not set: GET /checkout/orders, /events, /report and /metrics answer 403\n');
    assert.equal(existsSync(`${db}-wal`), false, 'the store was closed');
  });

  test('a port in use exits 1 with one line', bounded, async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const { db } = layout();
      const { code, stderr } = await runCli(['--port', String(port), '--db', db]);
      assert.equal(code, 1);
      assert.match(stderr, /^relais-server: .*EADDRINUSE.*\n$/);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

describe('relais-server --demo: the demo shop and its outage lab', () => {
  const putLab = (url: string, state: object) =>
    fetch(`${url}/__lab/state`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(state) });

  test('serves the site with the lab: its state, the API down, maintenance in the health feed', bounded, async () => {
    const { url } = await serve({ demo: true });
    assert.match(await (await fetch(`${url}/`)).text(), /<title>Shop<\/title>/);
    assert.deepEqual(await (await fetch(`${url}/__lab/state`)).json(), {
      stripe: 'up', adyen: 'up', paypal: 'up', merchantDown: false, offline: false, trackersBlocked: false, maintenance: 'none',
    });

    assert.equal((await putLab(url, { merchantDown: true })).status, 200);
    const down = await fetch(`${url}/checkout/health`);
    assert.equal(down.status, 503);
    assert.deepEqual(await down.json(), { error: 'merchant-server-down' });

    const before = Date.now();
    assert.equal((await putLab(url, { maintenance: 'stripe-now' })).status, 200);
    const health = (await (await fetch(`${url}/checkout/health`)).json()) as {
      providers: { stripe: { maintenance?: Array<{ from: string; until: string }> }; paypal: { maintenance?: unknown } };
    };
    const window = health.providers.stripe.maintenance?.[0];
    assert.ok(window && Date.parse(window.from) <= before && Date.parse(window.until) > before, JSON.stringify(health));
    assert.equal(health.providers.paypal.maintenance, undefined);
  });

  test('the shopper offline: no connection reaches the API, the lab itself still answers', bounded, async () => {
    const { url } = await serve({ demo: true });
    assert.equal((await putLab(url, { offline: true })).status, 200);
    await assert.rejects(fetch(`${url}/checkout/health`), TypeError);
    assert.equal((await fetch(`${url}/`)).status, 200, 'the shop page is not the API');
    assert.equal((await putLab(url, {})).status, 200);
    assert.equal((await fetch(`${url}/checkout/health`)).status, 200);
  });

  test('refuses a lab state it does not know, naming the field', bounded, async () => {
    const { url } = await serve({ demo: true });
    const answer = await putLab(url, { stripe: 'on-fire' });
    assert.equal(answer.status, 400);
    assert.deepEqual(await answer.json(), { error: 'invalid-lab-state', field: 'stripe' });
  });

  test('has no lab without --demo: /__lab/state is just a missing file', bounded, async () => {
    const { url } = await serve();
    assert.equal((await fetch(`${url}/__lab/state`)).status, 404);
  });

  test('runs on the sandbox only: with provider keys it refuses to start', bounded, async () => {
    await assert.rejects(serve({ demo: true, stripe: { secretKey: 'sk_test_123' } }), /sandbox only/);
    const command = parseCommandLine(['--demo'], { STRIPE_SECRET_KEY: 'sk_test_123' });
    assert.ok(!command.ok && /--demo runs on the sandbox only/.test(command.error), JSON.stringify(command));
  });

  test('--demo with --site serves that site with the lab on, in the sandbox', () => {
    const { site } = layout();
    const command = parseCommandLine(['--demo', '--site', site], {});
    assert.ok(command.ok && !command.help, JSON.stringify(command));
    assert.equal(command.options.demo, true);
    assert.equal(command.options.sandbox, true);
    assert.equal(command.options.site, site);
  });
});

describe('the admin token', () => {
  const TOKEN = 'cli-test-admin-token-0123456789';
  const bearer = { authorization: `Bearer ${TOKEN}` };

  test('RELAIS_ADMIN_TOKEN becomes the adminToken option', () => {
    const command = parseCommandLine([], { RELAIS_ADMIN_TOKEN: TOKEN });
    assert.ok(command.ok && !command.help && command.options.adminToken === TOKEN, 'the token is taken');
  });

  test('a short RELAIS_ADMIN_TOKEN is refused, naming the variable and not quoting it', () => {
    const command = parseCommandLine([], { RELAIS_ADMIN_TOKEN: 'tooShortSecret' });
    assert.ok(!command.ok);
    assert.equal(command.error, 'RELAIS_ADMIN_TOKEN must be at least 16 characters');
  });

  test('--demo refuses RELAIS_ADMIN_TOKEN: its lab hands its token to its pages', async () => {
    const command = parseCommandLine(['--demo'], { RELAIS_ADMIN_TOKEN: TOKEN });
    assert.ok(!command.ok && /unset RELAIS_ADMIN_TOKEN/.test(command.error), JSON.stringify(command));
    await assert.rejects(serve({ demo: true, adminToken: TOKEN }), /makes up its own admin token/);
  });

  test('with a token the merchant-data routes answer only to it; without one they answer 403', bounded, async () => {
    const { url } = await serve({ adminToken: TOKEN });
    for (const path of ['/checkout/orders', '/checkout/events', '/checkout/report']) {
      assert.equal((await fetch(`${url}${path}`)).status, 401, path);
      assert.equal((await fetch(`${url}${path}`, { headers: bearer })).status, 200, path);
    }
    const open = await serve();
    const refused = await fetch(`${open.url}/checkout/orders`, { headers: bearer });
    assert.equal(refused.status, 403);
    assert.equal((await refused.json()).error, 'admin-token-not-configured');
  });

  test('--demo makes one up per start and its lab hands it to its own pages', bounded, async () => {
    const tokenOf = async (url: string) => {
      const response = await fetch(`${url}/__lab/admin-token`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(response.headers.get('access-control-allow-origin'), null, 'no other origin may read it');
      return ((await response.json()) as { token: string }).token;
    };
    const { url } = await serve({ demo: true });
    const token = await tokenOf(url);
    assert.ok(token.length >= 16);
    assert.equal((await fetch(`${url}/checkout/orders`)).status, 401);
    assert.equal((await fetch(`${url}/checkout/orders`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
    assert.notEqual(await tokenOf((await serve({ demo: true })).url), token, 'another start, another token');
    assert.equal((await fetch(`${url}/__lab/admin-token`, { method: 'POST' })).status, 405);
  });

  test('without --demo there is no token to be had', bounded, async () => {
    const { url } = await serve({ adminToken: TOKEN });
    assert.equal((await fetch(`${url}/__lab/admin-token`)).status, 404);
  });
});
