// `npm run test:consumers`: the published packages as a frontend developer gets them. Packs every
// public package (npm pack), installs the tarballs (never the workspace) into four fresh apps
// beside the frameworks from the npm registry, imports them in Node, builds the apps (Vite,
// webpack 5 without a TypeScript loader, Next.js App Router, Vue 3), then smoke-tests each built
// app in Chromium (smoke.test.mjs). Needs `npm run build` first.
//
// The apps live outside the repository (RELAIS_CONSUMERS_DIR, default <tmp>/relais-consumers) so
// that nothing resolves from the workspace's node_modules by accident. They share one install:
// one `npm install`, and its node_modules is kept between runs (npm's cache does the rest).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APPS = fileURLToPath(new URL('./apps/', import.meta.url));
const PACKS = join(ROOT, '.packs');
const WORK = resolve(process.env.RELAIS_CONSUMERS_DIR ?? join(tmpdir(), 'relais-consumers'));
// What the apps install: the element, its React wrapper and what they depend on. The server is
// not installed (better-sqlite3 compiles); the smoke test runs the workspace's relais-server.
const INSTALLED = ['card-data', 'contracts', 'service-worker', 'checkout', 'react'];
const PACKED = [...INSTALLED, 'server'];
const FRAMEWORKS = {
  '@vitejs/plugin-vue': '^6.1.1',
  next: '^16.5.0',
  react: '^19.2.0',
  'react-dom': '^19.2.0',
  vite: '^8.4.1',
  vue: '^3.5.0',
  webpack: '^5.101.0',
};
const times = [];

function fail(message) {
  console.error(`\n✗ ${message}`);
  process.exit(1);
}

/** Runs a command, output streamed; stops the run when it fails. Returns the time it took. */
function step(title, command, args, options = {}) {
  console.log(`\n» ${title}`);
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: 'inherit', ...options, env: { ...process.env, ...options.env } });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) fail(`${title} failed (exit ${result.status ?? result.signal})`);
  times.push([title, seconds]);
  console.log(`  (${seconds.toFixed(1)} s)`);
  return seconds;
}

const needed = [
  ...PACKED.map((name) => `packages/${name}/dist/index.js`),
  'packages/checkout/cdn/relais-checkout.js',
  'packages/checkout/custom-elements.json',
  'packages/service-worker/dist/relais-sw.js',
];
const missing = needed.filter((file) => !existsSync(join(ROOT, file)));
if (missing.length) fail(`not built: ${missing.join(', ')}: run \`npm run build\` first`);

// 1. The tarballs, as `npm publish` would upload them.
rmSync(PACKS, { recursive: true, force: true });
mkdirSync(PACKS, { recursive: true });
step('npm pack (every public package)', 'npm', ['pack', '--silent', '--pack-destination', PACKS, ...PACKED.flatMap((name) => ['-w', `packages/${name}`])], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
const tarball = (name) => {
  const file = readdirSync(PACKS).find((entry) => entry.startsWith(`relais-${name}-`) && entry.endsWith('.tgz'));
  if (!file) fail(`npm pack wrote no tarball for @relais/${name}`);
  return join(PACKS, file);
};

// 2. The apps, fresh; node_modules kept. The tarballs' own entries are removed so that npm
// unpacks this build's files, not an earlier run's of the same version.
mkdirSync(WORK, { recursive: true });
for (const entry of readdirSync(WORK)) if (entry !== 'node_modules') rmSync(join(WORK, entry), { recursive: true, force: true });
rmSync(join(WORK, 'node_modules', '@relais'), { recursive: true, force: true });
rmSync(join(WORK, 'node_modules', '.package-lock.json'), { force: true });
cpSync(APPS, WORK, { recursive: true });
const relais = Object.fromEntries(INSTALLED.map((name) => [`@relais/${name}`, `file:${tarball(name)}`]));
writeFileSync(join(WORK, 'package.json'), `${JSON.stringify({
  name: 'relais-consumers',
  private: true,
  type: 'module',
  dependencies: { ...relais, ...FRAMEWORKS },
  // The tarballs depend on each other by version (0.1.0), which the registry does not have.
  overrides: relais,
}, null, 2)}\n`);
step('npm install (the tarballs, Vite, webpack, Next.js, Vue, React)', 'npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], { cwd: WORK });

// 3. Node imports the packages and nothing throws (Next.js, Nuxt, Astro… import on the server).
for (const name of ['@relais/checkout', '@relais/react']) {
  console.log(`\n» node -e "import('${name}')"`);
  const result = spawnSync(process.execPath, ['-e', `import('${name}').then((module) => console.log('  exports:', Object.keys(module).join(', ')))`], { cwd: WORK, encoding: 'utf8' });
  process.stdout.write(result.stdout);
  if (result.status !== 0 || result.stderr) fail(`import('${name}') in Node: exit ${result.status}\n${result.stderr}`);
}

// 4. Each app's production build.
const bin = (name) => join(WORK, 'node_modules', '.bin', name);
step('build the Vite app (vite build)', bin('vite'), ['build', '--logLevel', 'warn'], { cwd: join(WORK, 'vite') });
step('build the webpack 5 app (webpack Node API, no loaders)', process.execPath, ['build.mjs'], { cwd: join(WORK, 'webpack') });
step('build the Next.js app (next build)', bin('next'), ['build'], { cwd: join(WORK, 'next'), env: { NEXT_TELEMETRY_DISABLED: '1' } });
step('build the Vue 3 app (vite build)', bin('vite'), ['build', '--logLevel', 'warn'], { cwd: join(WORK, 'vue') });

// 5. A shopper on each built app: a bank-transfer order, then a sandbox card payment.
step('smoke tests (node --test test/consumers/smoke.test.mjs)', process.execPath,
  ['--test', '--test-timeout=300000', '--test-reporter=spec', fileURLToPath(new URL('./smoke.test.mjs', import.meta.url))],
  { cwd: ROOT, env: { RELAIS_CONSUMERS_DIR: WORK } });

console.log('\nConsumer apps: times');
for (const [title, seconds] of times) console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${title}`);
console.log(`  ${times.reduce((sum, [, seconds]) => sum + seconds, 0).toFixed(1).padStart(6)} s  in all`);
