// `npm run bench -- serverCost`: what the merchant API costs against a bare `http` server doing
// the same insert with the same driver, measured in the same run (the machine is shared: only
// ratios compare), on SQLite and on PostgreSQL. And how long `relais-server` takes to listen.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const CONCURRENCY = 64;
const REQUESTS = 4000;
const ROUNDS = 4;
/**
 * Unmeasured requests each target serves first, on keys of their own (a replay's warm-up replays
 * the orders the first warm-up created): what a long-running server pays once (JIT compilation,
 * a module loaded on first use such as the metrics library) is not counted per request.
 */
const WARMUP = 500;
const WARMUP_FROM = 1_000_000;
const GOALS = { throughput: 0.6, p99: 2, startMs: 200 };
const TARGET = new URL('./bench-server-target.mjs', import.meta.url).pathname;

async function startTarget(kind, db) {
  const child = spawn(process.execPath, [TARGET, kind, db], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [url] = await once(createInterface({ input: child.stdout }), 'line');
  return { url: new URL(url), pid: child.pid, stop: () => { child.kill(); return once(child, 'exit'); } };
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

/** `count` requests from `first` on, `CONCURRENCY` at a time on kept-alive connections. */
async function load(url, makeRequest, first, count, latencies) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = first;
  let failures = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < first + count) {
      const { method, path, body, headers } = makeRequest(next++);
      const t0 = performance.now();
      const status = await send(agent, url, method, path, body, headers);
      latencies.push(performance.now() - t0);
      if (status >= 300) failures++;
    }
  }));
  agent.destroy();
  return { seconds: (performance.now() - started) / 1000, failures };
}

/**
 * `REQUESTS` requests to each target, in `ROUNDS` turns that alternate between them, so that a
 * burst of load from elsewhere on a shared machine falls on both: requests/s, p99 (ms), and the
 * server process's CPU time per request (µs), which such bursts disturb much less.
 */
async function compare(targets, makeRequest) {
  const totals = Object.fromEntries(Object.keys(targets).map((name) => [name, { seconds: 0, failures: 0, cpu: 0, latencies: [] }]));
  const share = REQUESTS / ROUNDS;
  for (const target of Object.values(targets)) await load(target.url, makeRequest, WARMUP_FROM, WARMUP, []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, target] of Object.entries(targets)) {
      const total = totals[name];
      const cpuBefore = cpuMs(target.pid);
      const { seconds, failures } = await load(target.url, makeRequest, round * share, share, total.latencies);
      total.cpu += (cpuMs(target.pid) ?? Number.NaN) - (cpuBefore ?? Number.NaN);
      total.seconds += seconds;
      total.failures += failures;
    }
  }
  return Object.fromEntries(Object.entries(totals).map(([name, total]) => {
    total.latencies.sort((a, b) => a - b);
    return [name, {
      rps: REQUESTS / total.seconds,
      p99: total.latencies[Math.ceil(total.latencies.length * 0.99) - 1],
      cpuUs: (total.cpu * 1000) / REQUESTS,
      failures: total.failures,
    }];
  }));
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
      const { relais, baseline } = await compare(targets, makeRequest);
      const ratio = relais.rps / baseline.rps;
      const p99Ratio = relais.p99 / baseline.p99;
      const within = ratio >= GOALS.throughput && p99Ratio <= GOALS.p99 && relais.failures === 0;
      ok &&= within;
      console.log(`${label} ${name}: ${relais.rps.toFixed(0)} req/s vs baseline ${baseline.rps.toFixed(0)} (${ratio.toFixed(2)}×, goal ≥ ${GOALS.throughput}×); `
        + `p99 ${relais.p99.toFixed(1)} ms vs ${baseline.p99.toFixed(1)} ms (${p99Ratio.toFixed(2)}×, goal ≤ ${GOALS.p99}×)`
        + `; CPU ${relais.cpuUs.toFixed(0)} µs/request vs ${baseline.cpuUs.toFixed(0)} (${(baseline.cpuUs / relais.cpuUs).toFixed(2)}×)`
        + `${relais.failures ? `; ${relais.failures} failed` : ''} ${within ? 'OK' : 'OVER'}`);
    }
  } finally {
    await Promise.all(Object.values(targets).map((target) => target.stop()));
  }
  return ok;
}

/** CPU time (user + system, ms) a live process has used so far, from /proc; undefined elsewhere. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return undefined;
  }
}

/** Median wall and CPU time from spawning `args` to its first line on stdout, of 5 runs. */
async function timeToFirstLine(args) {
  const runs = [];
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    await once(createInterface({ input: child.stdout }), 'line');
    runs.push({ wall: performance.now() - t0, cpu: cpuMs(child.pid) });
    child.kill();
    await once(child, 'exit');
  }
  const median = (values) => values.sort((a, b) => a - b)[2];
  return { wall: median(runs.map((r) => r.wall)), cpu: runs.every((r) => r.cpu !== undefined) ? median(runs.map((r) => r.cpu)) : undefined };
}

/**
 * From spawning `relais-server` (sandbox, in-memory store) to its listening line, median of 5,
 * beside a bare `http` server started the same way: on a loaded machine the wall time of both
 * grows, their CPU time much less.
 */
async function startUp() {
  // --sandbox: the bench process runs Vite, which sets NODE_ENV=production for its children too.
  const relais = await timeToFirstLine(['packages/server/dist/cli.js', '--port', '0', '--db', ':memory:', '--sandbox']);
  const bare = await timeToFirstLine(['-e', "require('node:http').createServer().listen(0, '127.0.0.1', () => console.log('listening'))"]);
  const ok = relais.wall <= GOALS.startMs;
  const cpu = (figures) => (figures.cpu === undefined ? '' : `, ${figures.cpu.toFixed(0)} ms CPU`);
  console.log(`relais-server start-up (sandbox): ${relais.wall.toFixed(0)} ms${cpu(relais)} median of 5 (goal ≤ ${GOALS.startMs} ms); `
    + `bare node http ${bare.wall.toFixed(0)} ms${cpu(bare)} ${ok ? 'OK' : 'OVER'}`);
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
