// The arrows docs/design.md says must never exist, read from the sources' import statements (no
// build needed), and what a shop's production install of @relais/server can reach: its entry
// points, followed through every import that stays in the compiled code (type-only imports are
// erased), must reach no fake, no lab, no sandbox and no build tool.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = resolve(import.meta.dirname, '..');
const rel = (path) => relative(ROOT, path);
const isTest = (file) => /\.test\.|(^|\/)(fixtures|test-[a-z-]+|[a-z-]*-fixtures|pg-cluster)\.ts$|(^|\/)fake-[a-z-]+\.ts$/.test(file);

/** Every `.ts` under a folder (no tests unless asked), as absolute paths. */
function sources(dir, { tests = false } = {}) {
  return readdirSync(join(ROOT, dir), { recursive: true })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && (tests || !isTest(file)))
    .map((file) => join(ROOT, dir, file));
}

// `import … from 'x'`, `export … from 'x'`, `import 'x'`, `import('x')` with a literal specifier.
// `typeOnly` marks `import type` / `export type`, which the compiler erases.
const IMPORT = /(?:^|\n)\s*(import|export)(\s+type)?\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The imports of one file: `{ specifier, typeOnly, dynamic }`. */
function importsOf(file) {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  return [...text.matchAll(IMPORT)].map((m) => ({ specifier: m[3] ?? m[4] ?? m[5], typeOnly: Boolean(m[2]), dynamic: m[5] !== undefined }));
}

/** A relative specifier to the `.ts` file it names; bare ones stay bare. */
function target(file, specifier) {
  if (!specifier.startsWith('.')) return specifier;
  return resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
}

const packageOf = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);

/**
 * The arrows of one part that break a rule: `forbidden(to)` gets the bare package or the
 * repository path imported, and answers true for a forbidden one.
 */
function violations(files, forbidden, { staticOnly = false } = {}) {
  const found = [];
  for (const file of files) {
    for (const { specifier, typeOnly, dynamic } of importsOf(file)) {
      // A type-only import is erased, a dynamic one is a chunk of its own: neither is in the module.
      if (staticOnly && (typeOnly || dynamic)) continue;
      const to = target(file, specifier);
      const name = specifier.startsWith('.') ? rel(to) : specifier;
      if (forbidden(name)) found.push(`${rel(file)} -> ${specifier}`);
    }
  }
  return found;
}

const LAB_OR_SANDBOX = (name) => /^@relais\/(lab|sandbox)(\/|$)|^packages\/(lab|sandbox)\/|^demo\//.test(name);
const SDK = (name) => /^@(stripe|paypal|adyen)\//.test(name);
const BROWSER_PACKAGES = (name) => /^@relais\/(checkout|service-worker|react|sandbox)(\/|$)|^(lit|@lit)(\/|$)|^packages\/(checkout|service-worker|react|sandbox)\//.test(name);

describe("docs/design.md's arrows that must never exist", () => {
  it('a provider adapter never imports the element (adapters get a narrow context)', () => {
    const adapters = sources('packages/checkout/src/providers');
    assert.deepEqual(violations(adapters, (name) => /^packages\/checkout\/src\/(relais-checkout|index)\.ts$|^@relais\/checkout(\/|$)/.test(name)), []);
  });

  it('the checkout never imports a provider adapter statically (each adapter is a lazy chunk)', () => {
    const adapters = /^packages\/checkout\/src\/providers\/(stripe|adyen|paypal|bank-transfer)\.ts$/;
    assert.deepEqual(violations(sources('packages/checkout/src'), (name) => adapters.test(name), { staticOnly: true }), []);
  });

  it('failover never imports an SDK package (verification never loads an SDK)', () => {
    assert.deepEqual(violations(sources('packages/checkout/src/failover'), SDK), []);
  });

  it('the element, the worker and the server never import the sandbox, the lab or the demo outside tests', () => {
    for (const dir of ['packages/checkout/src', 'packages/service-worker/src', 'packages/server/src']) {
      assert.deepEqual(violations(sources(dir), LAB_OR_SANDBOX), [], dir);
    }
  });

  it('@relais/server never imports @relais/lab or @relais/sandbox, tests included (lab-loader.ts loads the lab by a name it is given)', () => {
    assert.deepEqual(violations(sources('packages/server/src', { tests: true }), LAB_OR_SANDBOX), []);
  });

  it('the worker never imports the element', () => {
    assert.deepEqual(violations(sources('packages/service-worker/src'), (name) => /^@relais\/checkout(\/|$)|^packages\/checkout\//.test(name)), []);
  });

  it('the server never imports a browser package', () => {
    assert.deepEqual(violations(sources('packages/server/src'), BROWSER_PACKAGES), []);
  });

  it('the contracts import nothing of the packages that speak them', () => {
    for (const dir of ['packages/contracts/src', 'packages/card-data/src']) {
      assert.deepEqual(violations(sources(dir), (name) => /^@relais\/(?!card-data$|contracts$)|^packages\/(?!card-data\/|contracts\/)/.test(name)), [], dir);
    }
  });

  it('the lab reaches the server only through its package (index and provider-kit), never its files', () => {
    const lab = sources('packages/lab/src', { tests: false });
    assert.deepEqual(violations(lab, (name) => /^packages\/server\/|^@relais\/server\/(?!provider-kit$)./.test(name)), []);
  });
});

describe("a production install of @relais/server", () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'packages/server/package.json'), 'utf8'));
  const dependencies = new Set(Object.keys(manifest.dependencies ?? {}));
  const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

  /** Every file and bare package the entry points reach through imports that stay at run time. */
  function reachable() {
    const entries = ['index.ts', 'cli.ts', 'provider-kit.ts', 'incident.ts'].map((file) => join(ROOT, 'packages/server/src', file));
    const files = new Set();
    const packages = new Map();
    const queue = [...entries];
    while (queue.length > 0) {
      const file = queue.pop();
      if (files.has(file)) continue;
      files.add(file);
      for (const { specifier, typeOnly } of importsOf(file)) {
        if (typeOnly) continue;
        const to = target(file, specifier);
        if (specifier.startsWith('.')) queue.push(to);
        else if (!builtins.has(specifier)) packages.set(packageOf(specifier), `${rel(file)} -> ${specifier}`);
      }
    }
    return { files: [...files].map(rel), packages };
  }

  it('declares no lab, sandbox, SDK stand-in or build tool as a dependency', () => {
    const unwanted = [...dependencies].filter((name) => /^@relais\/(lab|sandbox)$|^(esbuild|vite|typescript|rollup|webpack)$|^@(stripe|paypal)\//.test(name));
    assert.deepEqual(unwanted, []);
  });

  it('reaches, from its entry points, no test, fixture or fake file and only its declared dependencies', () => {
    const { files, packages } = reachable();
    assert.ok(files.includes('packages/server/src/start-server.ts'), 'the walk follows relative imports');
    assert.deepEqual(files.filter((file) => isTest(file) || /sandbox|lab-state|outage-lab|faults/.test(file)), []);
    const undeclared = [...packages].filter(([name]) => !dependencies.has(name)).map(([, arrow]) => arrow);
    assert.deepEqual(undeclared, []);
  });

  it('its tarball (npm pack) holds no fake, lab, fixture or test file', () => {
    const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '-w', 'packages/server'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    const files = report.files.map((file) => file.path);
    assert.ok(files.includes('dist/index.js'), 'packed after a build (npm run build:server)');
    assert.deepEqual(files.filter((file) => /fake|sandbox|lab-state|outage-lab|faults|fixtures|test-|\.test\./.test(file)), []);
  });
});
