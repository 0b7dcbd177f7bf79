// What `npm publish` would upload, for every public package: compiled ES modules, their `.d.ts`,
// README and LICENSE (and the element's CDN build and manifest), nothing else; every `exports`
// entry resolvable inside the tarball. Runs on the built packages (`npm run build`; `npm test`
// builds them first). The consumer apps (`npm run test:consumers`) install these tarballs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const PUBLIC = ['card-data', 'contracts', 'service-worker', 'checkout', 'react', 'server'];
const PRIVATE = ['sandbox', 'lab'];
// Only the workspace's own tools ask for this condition (sources, no build): never shipped.
const SOURCE_CONDITION = '@relais/source';
const SHIPPED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^dist\/.+\.(js|d\.ts)$/];
const EXTRA = {
  checkout: [/^cdn\/[\w-]+\.js$/, /^custom-elements\.json$/],
  // The bin (CommonJS: no ES module loader before it listens), the bundle it runs and its one-file
  // copy of the SQLite driver's JavaScript, each with the V8 code cache made of it (scripts/bundle-server.mjs).
  server: [/^dist\/relais-server(-main|-sqlite)?\.cjs$/, /^dist\/relais-server-(main|sqlite)\.cache$/],
};
// Without credentials npm says so even for a dry run; any other warning is a packaging problem.
const EXPECTED_WARNING = /requires you to be logged in/;

const manifest = (name) => JSON.parse(readFileSync(`packages/${name}/package.json`, 'utf8'));

/** `npm publish --dry-run` of one workspace package: its file list and npm's warnings. */
async function dryRun(name) {
  const { stdout, stderr } = await promisify(execFile)('npm', ['publish', '--dry-run', '--json', '-w', `packages/${name}`], { maxBuffer: 16 << 20 });
  const [report] = Object.values(JSON.parse(stdout));
  const warnings = stderr.split('\n').filter((line) => line.startsWith('npm warn') && !EXPECTED_WARNING.test(line));
  return { files: report.files.map((file) => file.path), size: report.size, warnings };
}

/** Every file an `exports` map can lead to, with the conditions on the way (source condition left out). */
function exportTargets(exports, conditions = []) {
  if (typeof exports === 'string') return [{ target: exports, conditions }];
  return Object.entries(exports)
    .filter(([key]) => key !== SOURCE_CONDITION)
    .flatMap(([key, value]) => exportTargets(value, key.startsWith('.') ? conditions : [...conditions, key]));
}

const matches = (files, target) => {
  const pattern = new RegExp(`^${target.replace(/^\.\//, '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace('\\*', '.+').replace('*', '.+')}$`);
  return files.some((file) => pattern.test(file));
};

describe('the npm packages', () => {
  const runs = Object.fromEntries(PUBLIC.map((name) => [name, dryRun(name)]));

  for (const name of PUBLIC) {
    it(`@relais/${name}: npm publish --dry-run is clean and ships only modules, types, README and LICENSE`, async () => {
      const { files, size, warnings } = await runs[name];
      console.log(`# @relais/${name}: ${files.length} files, ${(size / 1024).toFixed(1)} kB packed`);
      assert.deepEqual(warnings, []);
      const allowed = [...SHIPPED, ...(EXTRA[name] ?? [])];
      assert.deepEqual(files.filter((file) => !allowed.some((pattern) => pattern.test(file))), [], 'files outside the whitelist');
      assert.deepEqual(files.filter((file) => /\.test\.|(^|\/)src\/|\.tsbuildinfo$|fixtures|(^|\/)fake-|test-stores|pg-cluster/.test(file)), [], 'tests or sources in the tarball');
      for (const required of ['README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']) assert.ok(files.includes(required), `${required} is missing`);
    });

    it(`@relais/${name}: every exports entry is in the tarball, each JavaScript entry with its types`, async () => {
      const { files } = await runs[name];
      const pkg = manifest(name);
      assert.equal(pkg.type, 'module');
      assert.equal(pkg.private, undefined);
      for (const { target } of exportTargets(pkg.exports)) assert.ok(matches(files, target), `${target} is not in the tarball`);
      for (const [subpath, entry] of Object.entries(pkg.exports)) {
        const js = typeof entry === 'string' ? entry : entry.default;
        if (typeof entry === 'string' && !js.endsWith('.js')) continue;
        if (js.startsWith('./cdn/') || js.endsWith('/relais-sw.js')) continue; // scripts for <script> and workers, not modules to import
        assert.equal(typeof entry, 'object', `${subpath} has no conditions`);
        assert.equal(Object.keys(entry).filter((key) => key !== SOURCE_CONDITION)[0], 'types', `${subpath}: "types" must come first`);
        assert.ok(files.includes(entry.types.replace(/^\.\//, '')), `${subpath}: ${entry.types} missing`);
      }
      for (const target of [pkg.sideEffects].flat().filter((entry) => typeof entry === 'string' && !entry.startsWith('./src/'))) {
        assert.ok(matches(files, target), `sideEffects names ${target}, which is not shipped`);
      }
      for (const bin of Object.values(pkg.bin ?? {})) assert.ok(files.includes(bin.replace(/^\.\//, '')), `bin ${bin} missing`);
      // Dependencies on each other are exact versions of this workspace's packages.
      for (const [dependency, range] of Object.entries(pkg.dependencies ?? {})) {
        if (dependency.startsWith('@relais/')) assert.equal(range, manifest(dependency.slice('@relais/'.length)).version, `${dependency}@${range}`);
      }
    });
  }

  it('@relais/checkout: customElements names the shipped custom-elements.json, whose modules are shipped too', async () => {
    const { files } = await runs.checkout;
    const pkg = manifest('checkout');
    assert.equal(pkg.customElements, 'custom-elements.json');
    assert.ok(files.includes(pkg.customElements));
    const elements = JSON.parse(readFileSync('packages/checkout/custom-elements.json', 'utf8'));
    const paths = elements.modules.map((module) => module.path);
    assert.ok(paths.includes('dist/relais-checkout.js'), 'the element class is described');
    assert.deepEqual(paths.filter((path) => !files.includes(path)), [], 'manifest modules that are not in the tarball');
  });

  it('the sandbox, the lab and the demo stay private', () => {
    for (const name of PRIVATE) assert.equal(manifest(name).private, true, `@relais/${name}`);
    assert.equal(JSON.parse(readFileSync('package.json', 'utf8')).private, true, 'the workspace root (the demo)');
  });
});
