// The `relais-server` command as one CommonJS file (packages/server/dist/relais-server-main.cjs,
// which the bin, dist/relais-server.cjs, runs with its V8 code cache: src/code-cache.ts), bundled
// by esbuild from the compiled dist/ after `tsc -b packages/server`. Node's ES module loader costs
// about a millisecond per file on an idle machine and several on a loaded one, and even one ES
// module brings the loader's own modules and its resolve, read and link steps: the bin, the lab
// it loads and the driver's copy are CommonJS, so that none of it runs before the bin listens. The
// library entry points (`@relais/server`, its provider kit) and the tests keep the compiled ES
// modules.
//
// The npm dependencies stay out of the bundle (stripe, pg, prom-client, the Adyen library load on
// first need). better-sqlite3's JavaScript (thirteen files, the largest single cost of the
// start-up once the server's own were bundled) gets one CommonJS file beside the bundle,
// dist/relais-server-sqlite.cjs: the server pins the driver exactly, this build refuses a range or
// another installed version, and sqlite-driver.ts uses the copy only beside the addon of that
// very version (the installed package otherwise).
//
// The lab (`@relais/lab`: 22 files, loaded for --sandbox and --demo) gets a bundle of its own in
// its own dist/ (`@relais/lab/bundle`, CommonJS too), which only the bin loads: the lab stays out
// of the server's package, and the compiled server and the tests keep loading the lab's compiled
// files, so a `tsc -b` alone never leaves them running a stale lab. The lab is written against
// `@relais/server/provider-kit`, whose classes and records must be the server's own
// (`instanceof ProviderError`, the response bodies `json()` records): in the lab's bundle that
// import reads the kit the bin hands over when it loads the lab (lab-loader.ts), so the kit is
// in the bin's bundle once and no compiled file of the server is loaded.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER = resolve(ROOT, 'packages/server');
const DIST = resolve(SERVER, 'dist');
/** The package's bin, which runs the bundle with its code cache (code-cache.ts). */
export const BIN = resolve(DIST, 'relais-server.cjs');
export const BUNDLE = resolve(DIST, 'relais-server-main.cjs');
const LAB_DIST = resolve(ROOT, 'packages/lab/dist');
/** What `@relais/lab/bundle` names (packages/lab/package.json). */
export const LAB_BUNDLE = resolve(LAB_DIST, 'bundle.cjs');
export const LAB_BUNDLE_SPECIFIER = '@relais/lab/bundle';
const KIT = '@relais/server/provider-kit';
/** The key lab-loader.ts hands the kit over under (`PROVIDER_KIT_HANDOFF`). */
const HANDOFF = `Symbol.for(${JSON.stringify(KIT)})`;

/** The names `dist/provider-kit.js` exports (its types are gone from the compiled file). */
async function kitExports() {
  const { metafile } = await build({
    entryPoints: [resolve(DIST, 'provider-kit.js')],
    bundle: true,
    write: false,
    outdir: DIST,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
  });
  const [output] = Object.values(metafile.outputs);
  return output.exports;
}

/** In the lab's bundle, `@relais/server/provider-kit` is the kit the bin handed over. */
function kitFromTheBin(names) {
  return {
    name: 'kit-from-the-bin',
    setup(builder) {
      builder.onResolve({ filter: /^@relais\/server(\/|$)/ }, ({ path, importer }) => {
        if (path === KIT) return { path: KIT, namespace: 'kit-from-the-bin' };
        // Anything else of the server would be a second copy of it beside the bin's.
        return { errors: [{ text: `${importer} imports ${path}: the lab's bundle reaches the server only through ${KIT}` }] };
      });
      builder.onLoad({ filter: /.*/, namespace: 'kit-from-the-bin' }, () => ({
        loader: 'js',
        contents: `const kit = globalThis[${HANDOFF}];
if (!kit) throw new Error(${JSON.stringify(`${LAB_BUNDLE_SPECIFIER} is the relais-server bin's own: import @relais/lab`)});
export const { ${names.join(', ')} } = kit;
`,
      }));
    },
  };
}

const SQLITE = 'better-sqlite3';
const SQLITE_COPY = 'relais-server-sqlite.cjs';

/** One CommonJS file of the driver's JavaScript, and what sqlite-driver.ts is told of it. */
async function copySqliteDriver(pinned) {
  const manifest = resolve(ROOT, 'node_modules', SQLITE, 'package.json');
  const { version, main } = JSON.parse(readFileSync(manifest, 'utf8'));
  // The copy must be the JavaScript of the addon installed beside it: one version, no range.
  if (pinned !== version) throw new Error(`@relais/server must pin ${SQLITE} exactly to the installed ${version}, not "${pinned}"`);
  await build({
    entryPoints: [resolve(dirname(manifest), main)],
    outfile: resolve(DIST, SQLITE_COPY),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Reached only without the addon's path, which the copy is never used without.
    external: ['bindings'],
    logLevel: 'warning',
  });
  // Wrapped as the bin runs it, with a code cache (code-cache.ts).
  writeFileSync(resolve(DIST, SQLITE_COPY), Module.wrap(asciiOnly(readFileSync(resolve(DIST, SQLITE_COPY), 'utf8'))));
  return { file: `./${SQLITE_COPY}`, version };
}

/**
 * What a CommonJS bundle has instead of `import.meta.url` (esbuild leaves `import.meta` empty in
 * one): the URL of the bundle's own file, which the compiled files' paths are relative to (the
 * bundle sits in the same dist/ directory as they do).
 */
const IMPORT_META_URL = '__relaisImportMetaUrl';
const commonJs = {
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  define: { 'import.meta.url': IMPORT_META_URL },
  // First, or the directive esbuild writes after the banner would not make the file strict, as
  // the ES modules it is made of were.
  banner: { js: `"use strict";\nvar ${IMPORT_META_URL} = require("node:url").pathToFileURL(__filename).href;` },
};

export async function bundleServer() {
  const { dependencies } = JSON.parse(readFileSync(resolve(SERVER, 'package.json'), 'utf8'));
  // Workspace packages (contracts, card-data) are bundled: their files are as many to load.
  const external = Object.keys(dependencies).filter((name) => !name.startsWith('@relais/'));
  // Earlier builds' files (chunks with a hash, the ES module bundle) would stay behind and be packed.
  for (const file of readdirSync(DIST)) if (/^relais-server[.-]/.test(file)) rmSync(resolve(DIST, file));
  const sqliteCopy = await copySqliteDriver(dependencies[SQLITE]);
  await build({
    ...commonJs,
    // The bin calls `main`: the bundle is not the process's main module, so cli.js does not start itself.
    stdin: { contents: "export { main } from './cli.js';", resolveDir: DIST, sourcefile: 'relais-server-main.js' },
    outfile: BUNDLE,
    // The server's own lazy imports (the PostgreSQL store, the live gateways) are in the file,
    // compiled only when first called; the npm dependencies are still loaded on first need.
    bundle: true,
    external,
    // lab-loader.ts requires this name instead of importing the package's compiled entry (see above).
    define: { ...commonJs.define, RELAIS_LAB_ENTRY: JSON.stringify(LAB_BUNDLE_SPECIFIER), RELAIS_SQLITE_COPY: JSON.stringify(sqliteCopy) },
    logLevel: 'warning',
  });
  // Wrapped as the bin compiles it (a CommonJS module's function): read and compiled as it is.
  writeFileSync(BUNDLE, Module.wrap(asciiOnly(readFileSync(BUNDLE, 'utf8'))));
  await build({
    ...commonJs,
    stdin: {
      contents: `import { join } from 'node:path';
import { runWithCodeCache } from './code-cache.js';
const { main } = runWithCodeCache(join(__dirname, ${JSON.stringify(basename(BUNDLE))}));
void main(process.argv.slice(2), process.env);`,
      resolveDir: DIST,
      sourcefile: 'relais-server.js',
    },
    outfile: BIN,
    bundle: true,
    banner: { js: `#!/usr/bin/env node\n${commonJs.banner.js}` },
    logLevel: 'warning',
  });
  chmodSync(BIN, 0o755);
  await bundleLab(await kitExports());
  await makeCodeCaches();
}

/**
 * The code caches the bin runs its bundle, the lab's and the driver's copy with (code-cache.ts): V8's compiled code
 * of each once the bin has started in sandbox mode (the functions its start-up calls, not only the
 * top level), after a copy of the file (code-cache.ts, `codeCacheFor`). Made by a start of the bin itself, whose `vm.Script`s
 * a preload wraps to keep them, without the environment (keys; NODE_OPTIONS, as V8 accepts a cache
 * only under the flags it was made with).
 */
async function makeCodeCaches() {
  const files = [BUNDLE, LAB_BUNDLE, resolve(DIST, SQLITE_COPY)];
  const dir = mkdtempSync(resolve(tmpdir(), 'relais-code-cache-'));
  const preload = resolve(dir, 'make-code-cache.cjs');
  writeFileSync(preload, `const vm = require('node:vm');
const { writeFileSync } = require('node:fs');
const files = ${JSON.stringify(files)};
const made = new Map();
vm.Script = class extends vm.Script {
  constructor(code, options) {
    super(code, options);
    if (files.includes(options?.filename)) made.set(options.filename, this);
  }
};
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  if (!String(chunk).includes('listening on')) return write(chunk, ...rest);
  files.forEach((file, index) => {
    if (!made.has(file)) throw new Error(file + ' was not compiled by the bin');
    writeFileSync(${JSON.stringify(dir)} + '/' + index + '.v8', made.get(file).createCachedData());
  });
  process.exit(0);
};
`);
  try {
    const child = spawn(process.execPath, ['--require', preload, BIN, '--port', '0', '--db', ':memory:', '--sandbox'], { env: {}, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // It exits once listening; a start that hangs fails the build instead of holding it.
    const timer = setTimeout(() => child.kill(), 60_000);
    const [code, signal] = await once(child, 'exit');
    clearTimeout(timer);
    if (code !== 0) throw new Error(`relais-server did not start to make its code caches (${signal ?? `exit ${code}`}): ${stderr}`);
    // The compiled server's own format (there after `tsc -b`, which runs before this script).
    const { codeCacheFile, codeCacheFor } = await import('../packages/server/dist/code-cache.js');
    files.forEach((file, index) => writeFileSync(codeCacheFile(file), codeCacheFor(readFileSync(file), readFileSync(resolve(dir, `${index}.v8`)))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `@relais/lab` as one CommonJS file beside its compiled ones (the same depth in packages/lab, so
 * that its `import.meta.url` paths hold). Other packages stay imports: `@relais/sandbox/build`
 * loads on the first stand-in request.
 */
async function bundleLab(kitNames) {
  // The ES module bundle earlier builds wrote, which nothing loads any more.
  rmSync(resolve(LAB_DIST, 'bundle.js'), { force: true });
  await build({
    ...commonJs,
    entryPoints: [resolve(LAB_DIST, 'index.js')],
    outfile: LAB_BUNDLE,
    bundle: true,
    packages: 'external',
    plugins: [kitFromTheBin(kitNames)],
    logLevel: 'warning',
  });
  // Wrapped as the bin runs it (lab-loader.ts, code-cache.ts).
  writeFileSync(LAB_BUNDLE, Module.wrap(asciiOnly(readFileSync(LAB_BUNDLE, 'utf8'))));
}

/**
 * esbuild escapes what is not ASCII in strings, templates, regular expressions and names, not in
 * the comments it keeps (an ellipsis, a dash): those are escaped here, so that Node reads the
 * file into a string of one byte a character, not two (half the memory the start-up allocates
 * for it, and a copy less when the bin reads its bundle as latin1).
 */
function asciiOnly(code) {
  return code.replace(/[^\0-\x7f]/gu, (character) => `\\u{${character.codePointAt(0).toString(16)}}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleServer();
