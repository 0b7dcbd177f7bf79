// `npm test`: everything CI checks, in the order that fails cheapest first. Setup steps stop
// the run at the first problem; the test suites all run, and the last line is the plain
// `N passed, N failed` that CI reads (Web Test Runner's own closing line is not that line).
//
//   npm test                      the whole thing, the 200 chaos journeys last (`--chaos`: the same, kept for old scripts)
//   npm test -- 'packages/checkout/src/**/config.test.ts'
//                                 quick local run: only those browser tests (after typecheck)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const RESULTS = '.test-results';
const bin = (name) => join('node_modules', '.bin', name);
// `--chaos` once added the chaos journeys; they are a default step now, and the flag changes nothing.
const wtrGlobs = process.argv.slice(2).filter((arg) => arg !== '--chaos');

function announce(title) {
  console.log(`\n» ${title}`);
}

/** Stops the run for an expected problem: one clear line, no stack trace. */
function fail(message) {
  console.error(`\n✗ ${message}`);
  process.exit(1);
}

/** Runs a command with its output streamed; returns its exit status. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  if (result.signal) console.error(`✗ ${command} was stopped by ${result.signal}`);
  return result.status ?? 1;
}

function readCounts(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

// a. Browser tests and the bundle test drive Debian's Chromium; no npm package may download one.
function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  announce(`Chromium at ${path}`);
  if (existsSync(path)) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && path === '/usr/bin/chromium' && existsSync('/usr/bin/apt-get')) {
    console.log('not found: installing Debian\'s chromium package');
    const status = run('sh', ['-c', 'apt-get update && apt-get install -y chromium'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (status === 0 && existsSync(path)) return;
    fail('installing chromium with apt-get failed (see above)');
  }
  fail(process.env.CHROMIUM_PATH
    ? `CHROMIUM_PATH=${path} does not exist: point it at a Chromium binary, or unset it and run \`sudo apt-get install -y chromium\``
    : `Chromium not found at ${path}: run \`sudo apt-get install -y chromium\` (or set CHROMIUM_PATH to a Chromium binary)`);
}

// a'. The server's store suites and the two-instance test run a throwaway PostgreSQL cluster
// from Debian's binaries (packages/server/src/pg-cluster.ts): installed here like Chromium.
function postgresInstalled() {
  const root = '/usr/lib/postgresql';
  return existsSync(root) && readdirSync(root).some((version) => existsSync(join(root, version, 'bin', 'initdb')));
}

function ensurePostgres() {
  announce('PostgreSQL server binaries (/usr/lib/postgresql/*/bin)');
  if (postgresInstalled()) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('not found: installing Debian\'s postgresql package');
    const status = run('sh', ['-c', 'apt-get update && apt-get install -y postgresql'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (status === 0 && postgresInstalled()) return;
    fail('installing postgresql with apt-get failed (see above)');
  }
  fail('PostgreSQL not found: run `sudo apt-get install -y postgresql` (the tests start their own throwaway cluster)');
}

// b. Builds and types, before any browser starts: a locale missing a message key fails here.
function buildAndCheck({ bundle }) {
  // Built first: vite.config.ts and the browser tests' merchant API (test/test-api.mjs) import
  // @relais/server, whose types and code are its dist/, absent from a fresh clone.
  // A full run builds every published package (clean), which test/packages.test.mjs packs.
  if (bundle) {
    announce('Build the packages (node scripts/build-packages.mjs: tsc -b tsconfig.build.json)');
    if (run(process.execPath, ['scripts/build-packages.mjs']) !== 0) fail('building the packages failed (see above)');
  } else {
    announce('Build @relais/server and @relais/lab (tsc -b packages/server packages/lab)');
    if (run(bin('tsc'), ['-b', 'packages/server', 'packages/lab']) !== 0) fail('building packages/server and packages/lab failed (see above)');
    announce('Bundle the relais-server command (node scripts/bundle-server.mjs)');
    if (run(process.execPath, ['scripts/bundle-server.mjs']) !== 0) fail('bundling relais-server failed (see above)');
  }

  announce('Typecheck (tsc -p tsconfig.json --noEmit)');
  if (run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']) !== 0) fail('typecheck failed (see above)');
  // The worker side on its own: WebWorker types, no DOM (packages/service-worker/tsconfig.json).
  announce('Typecheck the service worker (tsc -p packages/service-worker/tsconfig.json --noEmit)');
  if (run(bin('tsc'), ['-p', 'packages/service-worker/tsconfig.json', '--noEmit']) !== 0) fail('service worker typecheck failed (see above)');

  announce('README API tables match the element\'s JSDoc (npm run docs -- --check)');
  if (run(process.execPath, ['scripts/docs.mjs', '--check']) !== 0) fail('the README API tables are not generated from the current JSDoc (see above)');

  // Always, even for a quick run: the queue's browser tests register the built worker
  // (public/relais-sw.js, served at /relais-sw.js), never a stale one.
  announce('Build the service worker (vite build --config vite.sw.config.ts)');
  if (run(bin('vite'), ['build', '--config', 'vite.sw.config.ts', '--logLevel', 'warn']) !== 0) fail('building public/relais-sw.js failed (see above)');

  if (!bundle) return;
  announce('Build the drop-in bundle (vite build --config vite.build.config.ts)');
  if (run(bin('vite'), ['build', '--config', 'vite.build.config.ts']) !== 0) fail('vite build failed (see above)');
  announce('README sizes are the build\'s (node scripts/sizes.mjs --check)');
  if (run(process.execPath, ['scripts/sizes.mjs', '--check']) !== 0) fail('the README sizes are not the build\'s (see above)');
}

/** Node test files: the server's compiled tests, card-data's tests and the bundle test. */
function nodeTestFiles() {
  // Derived from the sources, so a test deleted in src/ does not live on in a stale dist/.
  const server = ['server', 'lab'].flatMap((name) => readdirSync(`packages/${name}/src`, { recursive: true })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(`packages/${name}/dist`, file.replace(/\.ts$/, '.js'))));
  // Plain ESM on the shared packages' dist/, which the server build above compiles (project references).
  const shared = ['card-data', 'contracts'].flatMap((name) =>
    readdirSync(`packages/${name}/test`).filter((file) => file.endsWith('.test.mjs')).map((file) => join(`packages/${name}/test`, file)));
  // What npm would publish (npm publish --dry-run), once everything above is built; the arrows
  // docs/design.md forbids, and what a production install of @relais/server reaches.
  const packages = ['test/packages.test.mjs', 'test/import-graph.test.mjs'];
  const e2e = readdirSync('test/e2e').filter((file) => file.endsWith('.test.mjs')).map((file) => join('test/e2e', file));
  return [...server, ...shared, ...packages, ...e2e];
}

// c + d. One node:test run: spec output for people, counts for the closing line.
function nodeTests() {
  announce('Node tests (server, card-data, contracts, the npm packages, the bundle and the demo in Chromium)');
  const counts = join(RESULTS, 'node.json');
  const status = run(process.execPath, [
    '--test',
    // Not --test-force-exit: it can end a file while later describe() blocks have not run yet,
    // silently (seen: 4 tests missing from a green run). A file that leaves a socket open is
    // stopped by the process timeout below instead, and that counts as a failure.
    // Node 20 applies --test-timeout to each test FILE as a whole too: a file whose describe
    // blocks set their own limits (the e2e journeys: 5 min) must not be cut at a smaller one.
    // Tests without a limit of their own still stop here, and the process timeout guards the rest.
    '--test-timeout=600000',
    // Two files at a time (Node's default is one fewer than the cores: one here). Most of these
    // files wait on sockets, PostgreSQL or Chromium; the demo's journeys (a minute and a half)
    // then no longer hold the rest back. One busy core: 181 s for the step instead of 208–243 s.
    '--test-concurrency=2',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/node-test-counter.mjs', '--test-reporter-destination=/dev/null',
    ...nodeTestFiles(),
  ], { env: { ...process.env, NODE_TEST_COUNTS: counts }, timeout: 15 * 60_000, killSignal: 'SIGKILL' });
  return settle('node --test', status, readCounts(counts));
}

// e. Browser tests; test/summary-reporter.mjs writes the counts.
function browserTests() {
  announce(`Browser tests (web-test-runner${wtrGlobs.length ? ` ${wtrGlobs.join(' ')}` : ''})`);
  const counts = join(RESULTS, 'wtr.json');
  const status = run(bin('web-test-runner'), ['--config', 'web-test-runner.config.mjs', ...wtrGlobs]);
  return settle('web-test-runner', status, readCounts(counts));
}

// f. The chaos journeys (test/chaos/): 200 random outages of a fixed seed through the real element,
// on their own Web Test Runner page set-up so their summary prints; a failure is shrunk for 45 s at
// most and printed with its seed and the command that replays it (scripts/chaos.mjs --suite).
// Its pass/fail line is printed just above the closing line.
let chaosLine;
function chaosJourneys() {
  announce('Chaos journeys (node scripts/chaos.mjs --suite: 200 journeys, seed 20261206)');
  const status = run(process.execPath, ['scripts/chaos.mjs', '--suite']);
  const counts = readCounts(join(RESULTS, 'chaos.json'));
  if (!counts) chaosLine = '✗ chaos journeys: no result (see the runner\'s output above)';
  else if (counts.failed > 0) {
    chaosLine = [`✗ chaos journeys: ${counts.failed} of ${counts.passed + counts.failed} shards failed (suite seed ${counts.seed}); replay:`,
      ...counts.replays.map((command) => `    ${command}`)].join('\n');
  } else if (status !== 0) chaosLine = `✗ chaos journeys: the runner exited ${status} although every shard passed (see above)`;
  else chaosLine = `✓ chaos journeys: ${counts.journeys} passed (seed ${counts.seed}, ${counts.seconds} s)`;
  return settle('chaos journeys', status, counts);
}

/** A runner that failed without a failing test to show for it (crash, no results) fails once. */
function settle(name, status, counts) {
  if (!counts) {
    console.error(`✗ ${name} exited ${status} and reported no results`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  if (status !== 0 && counts.failed === 0) {
    console.error(`✗ ${name} exited ${status} although no test failed`);
    return { ...counts, failed: 1 };
  }
  return counts;
}

rmSync(RESULTS, { recursive: true, force: true }); // never read an earlier run's counts
mkdirSync(RESULTS, { recursive: true });

ensureChromium();
ensurePostgres();
buildAndCheck({ bundle: wtrGlobs.length === 0 });
const suites = wtrGlobs.length ? [browserTests()] : [nodeTests(), browserTests(), chaosJourneys()];

const total = { passed: 0, failed: 0, skipped: 0 };
for (const counts of suites) for (const key of Object.keys(total)) total[key] += counts[key] ?? 0;
if (total.passed + total.failed === 0) console.error('\n✗ no test ran');
if (chaosLine) console.log(`\n${chaosLine}`);
console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
