// `npm run chaos -- --runs N [--seed S]`: N random checkout journeys (test/chaos/) through faults
// in Chromium, then a summary: journeys, faults injected by kind, the shopper's actions,
// invariant checks, time per journey. A failure is shrunk to a small journey and printed with
// the command that replays it: `npm run chaos -- --replay <seed>:<path>`.
// `--keep-going` notes every failing batch with its replay command and plays on (no shrinking).
// `--suite`: the suite's 200 journeys of a fixed seed, a failure shrunk for 45 s at most, and the
// counts written as npm test's runners write theirs (npm test's last step).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '200' },
    seed: { type: 'string' },
    replay: { type: 'string' },
    'no-shrink': { type: 'boolean', default: false },
    suite: { type: 'boolean', default: false },
    'keep-going': { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
  },
});

const SHARDS = 4;
/** The suite's journeys (test/chaos/suite.ts plays this seed when none is given). */
const SUITE = { runs: 200, seed: 20261206 };
const bin = (name) => join('node_modules', '.bin', name);
const runs = values.suite ? SUITE.runs : Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('--runs must be a positive integer');
  process.exit(2);
}
let seed = values.suite ? SUITE.seed : values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
let path;
if (values.replay) {
  const match = /^(-?\d+):([\d:]+)$/.exec(values.replay);
  if (!match) {
    console.error('--replay takes <seed>:<path>, as a failure prints it');
    process.exit(2);
  }
  seed = Number(match[1]);
  path = match[2];
}
if (!Number.isInteger(seed)) {
  console.error('--seed must be an integer');
  process.exit(2);
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

// The merchant API of the browser tests is @relais/server's dist/ (with @relais/lab's fakes); the queue's worker is built.
if (run(bin('tsc'), ['-b', 'packages/server', 'packages/lab']) !== 0) process.exit(1);
if (run(bin('vite'), ['build', '--config', 'vite.sw.config.ts', '--logLevel', 'warn']) !== 0) process.exit(1);

const runId = `${process.pid}`;
const resultFile = (shard) => `.test-results/chaos-${runId}-${shard}.json`;
mkdirSync('.test-results', { recursive: true });
for (let shard = 1; shard <= SHARDS; shard += 1) rmSync(resultFile(shard), { force: true });
console.log(path ? `\n» replaying seed ${seed}, path ${path}` : `\n» ${runs} journeys, seed ${seed} (shards use ${seed + 1}…${seed + SHARDS})`);
const started = Date.now();
const files = path ? ['test/chaos/journeys-1.test.ts'] : Array.from({ length: SHARDS }, (_, i) => `test/chaos/journeys-${i + 1}.test.ts`);
const status = run(bin('web-test-runner'), ['--config', 'test/chaos/web-test-runner.chaos.mjs', ...files], {
  CHAOS_RUNS: String(runs),
  CHAOS_SEED: String(seed),
  CHAOS_SHRINK_MS: String(values['no-shrink'] ? 0 : values.suite ? 45_000 : 3_600_000),
  CHAOS_TRACE: values.trace ? '1' : '0',
  CHAOS_KEEP_GOING: values['keep-going'] ? '1' : '0',
  CHAOS_RUN_ID: runId,
  ...(path ? { CHAOS_PATH: path } : {}),
});
const wall = (Date.now() - started) / 1000;

const shards = [];
for (let shard = 1; shard <= SHARDS; shard += 1) {
  const file = resultFile(shard);
  if (existsSync(file)) shards.push(JSON.parse(readFileSync(file, 'utf8')));
}
const sum = (key) => shards.reduce((total, stats) => total + stats[key], 0);
const merge = (key) => {
  const all = {};
  for (const stats of shards) for (const [name, n] of Object.entries(stats[key])) all[name] = (all[name] ?? 0) + n;
  return Object.entries(all).sort((a, b) => b[1] - a[1]);
};
const times = shards.flatMap((stats) => stats.msPerJourney).sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
const mean = times.length ? Math.round(times.reduce((a, b) => a + b, 0) / times.length) : 0;

console.log('\n── chaos summary ──');
console.log(`seed ${seed}${path ? `, path ${path}` : ''}; wall time ${wall.toFixed(1)} s (${path ? 'its ten journeys side by side' : 'the four shards at once, sharing one queue of journeys, five side by side in each'})`);
console.log(`journeys: ${sum('journeys')}   invariant checks: ${sum('checks')}   failed shards: ${shards.filter((s) => s.failed).length}`);
console.log(`time per journey: mean ${mean} ms, median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${times.at(-1) ?? 0} ms`);
console.log('faults injected, by kind:');
for (const [name, n] of merge('faults')) console.log(`  ${String(n).padStart(6)}  ${name}`);
console.log('what the shoppers did:');
for (const [name, n] of merge('actions')) console.log(`  ${String(n).padStart(6)}  ${name}`);
// A page plays any shard's journeys (one shared queue): its report names each failure's seed.
for (const stats of shards.filter((s) => s.failed)) console.log(`\nthe page of shard ${stats.shard} failed:\n${stats.report}`);
if (shards.length === 0) console.log('no shard reported (see the runner\'s output above)');
const failed = files.length - shards.filter((stats) => !stats.failed).length;
if (values.suite) {
  // One test per shard for npm test's closing line (a shard that never reported failed), and what
  // its chaos line says: the journeys, the seed, and the command that replays each failure.
  const replays = shards.filter((s) => s.failed).flatMap((stats) => stats.report.match(/npm run chaos -- --replay \S+/g) ?? ['npm run chaos -- --suite']);
  if (failed > shards.filter((s) => s.failed).length) replays.push(`npm run chaos -- --suite   (a shard never reported: see the runner's output above)`);
  writeFileSync('.test-results/chaos.json', JSON.stringify({ passed: files.length - failed, failed, skipped: 0, journeys: sum('journeys'), seed, seconds: Math.round(wall), replays }));
}
process.exit(status !== 0 ? status : failed > 0 ? 1 : 0);
