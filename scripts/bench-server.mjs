// `npm run bench -- serverCost`: what the merchant API costs against a bare `http` server doing
// the same insert with the same driver, measured in the same run (the machine is shared: only
// ratios compare), on SQLite and on PostgreSQL. And how long `relais-server` takes to listen.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';

const CONCURRENCY = 64;
const REQUESTS = 4000;
const GOALS = { throughput: 0.6, p99: 2, startMs: 200 };
const TARGET = new URL('./bench-server-target.mjs', import.meta.url).pathname;

async function startTarget(kind, db) {
  const child = spawn(process.execPath, [TARGET, kind, db], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [url] = await once(createInterface({ input: child.stdout }), 'line');
  return { url: new URL(url), stop: () => { child.kill(); return once(child, 'exit'); } };
}

function send(agent, url, method, path, body, headers) {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: url.hostname, port: url.port, method, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `REQUESTS` requests, `CONCURRENCY` at a time on kept-alive connections: requests/s and p99 (ms). */
async function load(url, makeRequest) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < REQUESTS) {
      const { method, path, body, headers } = makeRequest(next++);
      const t0 = performance.now();
      const status = await send(agent, url, method, path, body, headers);
      latencies.push(performance.now() - t0);
      if (status >= 300) failures++;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { rps: REQUESTS / seconds, p99: latencies[Math.ceil(latencies.length * 0.99) - 1], failures };
}

const orderBody = (index) => JSON.stringify({ orderId: `bench-${index}`, amount: 4990, currency: 'EUR', method: 'stripe' });
const SCENARIOS = {
  'POST /orders': (index) => ({
    method: 'POST', path: '/api/orders', body: orderBody(index),
    headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${index}` },
  }),
  // The same orders again: what a queue replays after an outage.
  replay: (index) => ({
    method: 'POST', path: '/api/orders', body: orderBody(index),
    headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${index}` },
  }),
  'GET /health': () => ({ method: 'GET', path: '/api/health' }),
};

async function measureStore(label, db) {
  const targets = { relais: await startTarget('relais', db), baseline: await startTarget('baseline', db) };
  let ok = true;
  try {
    for (const [name, makeRequest] of Object.entries(SCENARIOS)) {
      const relais = await load(targets.relais.url, makeRequest);
      const baseline = await load(targets.baseline.url, makeRequest);
      const ratio = relais.rps / baseline.rps;
      const p99Ratio = relais.p99 / baseline.p99;
      const within = ratio >= GOALS.throughput && p99Ratio <= GOALS.p99 && relais.failures === 0;
      ok &&= within;
      console.log(`${label} ${name}: ${relais.rps.toFixed(0)} req/s vs baseline ${baseline.rps.toFixed(0)} (${ratio.toFixed(2)}×, goal ≥ ${GOALS.throughput}×); `
        + `p99 ${relais.p99.toFixed(1)} ms vs ${baseline.p99.toFixed(1)} ms (${p99Ratio.toFixed(2)}×, goal ≤ ${GOALS.p99}×)`
        + `${relais.failures ? `; ${relais.failures} failed` : ''} ${within ? 'OK' : 'OVER'}`);
    }
  } finally {
    await Promise.all(Object.values(targets).map((target) => target.stop()));
  }
  return ok;
}

/** From spawning `relais-server` (sandbox, in-memory store) to its listening line, median of 5. */
async function startUp() {
  const times = [];
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    // --sandbox: the bench process runs Vite, which sets NODE_ENV=production for its children too.
    const child = spawn(process.execPath, ['packages/server/dist/cli.js', '--port', '0', '--db', ':memory:', '--sandbox'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await once(createInterface({ input: child.stdout }), 'line');
    times.push(performance.now() - t0);
    child.kill();
    await once(child, 'exit');
  }
  const median = times.sort((a, b) => a - b)[2];
  const ok = median <= GOALS.startMs;
  console.log(`relais-server start-up (sandbox): ${median.toFixed(0)} ms median of 5 (goal ≤ ${GOALS.startMs} ms) ${ok ? 'OK' : 'OVER'}`);
  return ok;
}

export async function serverCost() {
  let ok = await startUp();
  ok = (await measureStore('sqlite', 'sqlite')) && ok;
  const { startPostgres } = await import('../packages/server/dist/pg-cluster.js');
  const cluster = await startPostgres();
  try {
    ok = (await measureStore('postgres', await cluster.createDatabase())) && ok;
  } finally {
    await cluster.stop();
  }
  return ok;
}
