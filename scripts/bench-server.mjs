// `npm run bench -- serverCost`: what the merchant API costs against a bare `http` server doing
// the same insert with the same driver, measured in the same run (the machine is shared: only
// ratios compare), on SQLite and on PostgreSQL. And how long `relais-server` takes to listen.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CONCURRENCY = 64;
/**
 * Measured requests per target and line. A p99 is the 1 % slowest, and one stall of the load
 * generator, of the server or of the machine delays all 64 requests in flight: with 4,000
 * requests (0.1 s of SQLite traffic) those 64 were 1.6 % of them, so one stall of 5–8 ms, on
 * either target by chance, made that target's p99 (seen for the baseline as for Relais in a probe
 * of 16,000). 16,000 in 8 turns: a p99 is 160 requests, the slowest of several stalls.
 */
const REQUESTS = 16_000;
const ROUNDS = 8;
/**
 * Unmeasured requests each target serves first, on keys of their own (a replay's warm-up replays
 * the orders the first warm-up created): what a long-running server pays once (JIT compilation,
 * a module loaded on first use such as the metrics library) is not counted per request. 4,000:
 * after 500, V8 was still optimising the server's functions in the measured window (twice as many
 * compilations as the baseline's), which a server up for hours no longer pays.
 */
const WARMUP = 4000;
const WARMUP_FROM = 1_000_000;
const GOALS = { throughput: 0.6, p99: 2, startMs: 200 };
const TARGET = new URL('./bench-server-target.mjs', import.meta.url).pathname;

async function startTarget(kind, db) {
  const child = spawn(process.execPath, [TARGET, kind, db], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [url] = await once(createInterface({ input: child.stdout }), 'line');
  // One pool of connections per target, opened by the warm-up and kept for every round: the p99
  // is the requests' own. New connections each round made 256 of the 4,000 measured requests
  // (6.4 %, above the 1 % a p99 reads) first requests on a connection, whose wait is the order in
  // which a busy server accepted them (libuv: one per turn of the event loop), a race between the
  // bench's connects and the first answers that fell on either target by chance.
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  return {
    url: new URL(url), pid: child.pid, agent,
    stop: () => { agent.destroy(); child.kill(); return once(child, 'exit'); },
  };
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

/** `count` requests from `first` on, `CONCURRENCY` at a time on the target's kept-alive connections. */
async function load({ url, agent }, makeRequest, first, count, latencies) {
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
  for (const target of Object.values(targets)) await load(target, makeRequest, WARMUP_FROM, WARMUP, []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, target] of Object.entries(targets)) {
      const total = totals[name];
      const cpuBefore = cpuMs(target.pid);
      const { seconds, failures } = await load(target, makeRequest, round * share, share, total.latencies);
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

const START_RUNS = 9;
// The bare server's start-up where the 200 ms goal was set (`node -e` + http.listen, 2 cores):
// what a machine spends before any code of ours runs. Another run's bare time scales the goal.
const GOAL_BARE_MS = 140;

/** Wall and CPU time from spawning `args` to its first line on stdout. */
async function timeToFirstLine(args, env) {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'], env });
  await once(createInterface({ input: child.stdout }), 'line');
  const figures = { wall: performance.now() - t0, cpu: cpuMs(child.pid) };
  child.kill();
  await once(child, 'exit');
  return figures;
}

/** Medians of `START_RUNS` starts of each command, taken in turns so that a burst of load falls on all. */
async function startTimes(commands, env = process.env) {
  const runs = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let run = 0; run < START_RUNS; run++) {
    for (const [name, args] of Object.entries(commands)) runs[name].push(await timeToFirstLine(args, env));
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return Object.fromEntries(Object.entries(runs).map(([name, figures]) => [name, {
    wall: median(figures.map((f) => f.wall)),
    cpu: figures.every((f) => f.cpu !== undefined) ? median(figures.map((f) => f.cpu)) : undefined,
  }]));
}

/**
 * From spawning `relais-server` (the package's bin: the bundle; sandbox, in-memory store) to its
 * listening line, beside a bare `http` server and the unbundled dist/cli.js started the same way.
 * The goal is 200 ms where the bare server took `GOAL_BARE_MS`; a faster or more loaded machine
 * moves both alike, so the goal is that same multiple of the bare server measured in this run.
 * CPU time, which load disturbs less, is printed beside.
 */
export async function serverStartUp() {
  const { bin } = JSON.parse(readFileSync('packages/server/package.json', 'utf8'));
  const flags = ['--port', '0', '--db', ':memory:', '--sandbox'];
  // --sandbox: the bench process runs Vite, which sets NODE_ENV=production for its children too.
  const bareArgs = ['-e', "require('node:http').createServer().listen(0, '127.0.0.1', () => console.log('listening'))"];
  const relaisArgs = [`packages/server/${bin['relais-server']}`, ...flags];
  const { relais, unbundled, bare } = await startTimes({
    relais: relaisArgs,
    unbundled: ['packages/server/dist/cli.js', ...flags],
    bare: bareArgs,
  });
  const budget = GOALS.startMs * (bare.wall / GOAL_BARE_MS);
  const ok = relais.wall <= budget;
  const cpu = (figures) => (figures.cpu === undefined ? '' : ` (${figures.cpu.toFixed(0)} ms CPU)`);
  console.log(`relais-server --sandbox start-up: ${relais.wall.toFixed(0)} ms${cpu(relais)}, median of ${START_RUNS}; `
    + `bare node http ${bare.wall.toFixed(0)} ms${cpu(bare)}; unbundled dist/cli.js ${unbundled.wall.toFixed(0)} ms${cpu(unbundled)}`);
  console.log(`  goal ${GOALS.startMs} ms where bare took ${GOAL_BARE_MS} ms, so ${budget.toFixed(0)} ms in this run`
    + `: ${relais.wall.toFixed(0)} ms = ${(relais.wall / bare.wall).toFixed(2)}× bare, ${(GOALS.startMs / GOAL_BARE_MS).toFixed(2)}× allowed `
    + `(${Math.round((relais.wall / budget) * 100)}%) ${ok ? 'OK' : 'OVER'}`);
  // Node reads the file NODE_EXTRA_CA_CERTS names before any script runs (this machine sets it:
  // most of the bare server's time). The budget above was set with it; without it, for the record.
  if (process.env.NODE_EXTRA_CA_CERTS) {
    const { NODE_EXTRA_CA_CERTS: _, ...env } = process.env;
    const plain = await startTimes({ relais: relaisArgs, bare: bareArgs }, env);
    console.log(`  without NODE_EXTRA_CA_CERTS (${process.env.NODE_EXTRA_CA_CERTS}): relais-server ${plain.relais.wall.toFixed(0)} ms${cpu(plain.relais)}, `
      + `bare ${plain.bare.wall.toFixed(0)} ms${cpu(plain.bare)} (${(plain.relais.wall / plain.bare.wall).toFixed(2)}×; not judged)`);
  }
  return ok;
}

/** The argument that runs the comparison itself, in the process `serverCost` starts. */
const COST = 'serverCost';

/**
 * Both stores, each target against its baseline. The load comes from a process of its own: the
 * bench process has built the bundle with Vite and may have driven Chromium, and the scavenges of
 * its large heap (1.4–21 ms every 70 ms or so, measured) stalled all 64 connections at once,
 * whichever target was being measured then.
 */
export async function serverCost() {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), COST], { stdio: 'inherit' });
  const [code] = await once(child, 'exit');
  return code === 0;
}

async function measureCost() {
  let ok = await measureStore('sqlite', 'sqlite');
  const { startPostgres } = await import('../packages/server/dist/pg-cluster.js');
  const cluster = await startPostgres();
  try {
    ok = (await measureStore('postgres', await cluster.createDatabase())) && ok;
  } finally {
    await cluster.stop();
  }
  return ok;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === COST) process.exit((await measureCost()) ? 0 : 1);
