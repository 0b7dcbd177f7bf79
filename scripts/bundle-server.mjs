// The `relais-server` command as one file (packages/server/dist/relais-server.js), bundled by
// esbuild from the compiled dist/ after `tsc -b packages/server`. Node's ES module loader costs
// about a millisecond per file on an idle machine and several on a loaded one; the command loads
// some eighty of them before it listens. The library entry points (`@relais/server`, its
// provider kit) and the tests keep the compiled files.
//
// Two kinds of import stay out of the bundle:
// - the npm dependencies (better-sqlite3 is native; stripe, pg, prom-client, the Adyen library
//   load on first need, in chunks of their own beside the bundle);
// - the provider kit's modules (dist/provider-kit.js and what it imports): `@relais/lab`, loaded
//   for --sandbox and --demo, imports them through `@relais/server/provider-kit`, and they must
//   be the same module instances as the server's (`instanceof ProviderError`, the response
//   bodies `json()` records), so the bundle imports those few files instead of copying them.
//
// The lab itself (22 files, a third of the sandbox's start-up) gets a bundle of its own in its
// own dist/ (`@relais/lab/bundle`), which the bin loads: the lab stays out of the server's
// package, and the kit stays shared (the lab bundle imports `@relais/server/provider-kit`,
// those same compiled files). Only the bin loads it; the compiled server and the tests load
// the lab's compiled files, so a `tsc -b` alone never leaves them running a stale lab.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER = resolve(ROOT, 'packages/server');
const DIST = resolve(SERVER, 'dist');
export const BUNDLE = resolve(DIST, 'relais-server.js');
const LAB_DIST = resolve(ROOT, 'packages/lab/dist');
/** What `@relais/lab/bundle` names (packages/lab/package.json). */
export const LAB_BUNDLE = resolve(LAB_DIST, 'bundle.js');
export const LAB_BUNDLE_SPECIFIER = '@relais/lab/bundle';

/** Every compiled file the provider kit reaches, found by esbuild's own resolution. */
async function kitFiles() {
  const { metafile } = await build({
    entryPoints: [resolve(DIST, 'provider-kit.js')],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
  });
  return new Set(Object.keys(metafile.inputs).map((input) => resolve(ROOT, input)));
}

/** Imports of kit files become imports of the compiled file, relative to the bundle (in dist/ too). */
function shareKit(files) {
  return {
    name: 'share-provider-kit',
    setup(builder) {
      builder.onResolve({ filter: /^\.\.?\// }, ({ path, resolveDir }) => {
        const file = resolve(resolveDir, path);
        if (!files.has(file)) return undefined;
        return { path: `./${relative(DIST, file).split('\\').join('/')}`, external: true };
      });
    },
  };
}

export async function bundleServer() {
  const { dependencies } = JSON.parse(readFileSync(resolve(SERVER, 'package.json'), 'utf8'));
  // Workspace packages (contracts, card-data) are bundled: their files are as many to load.
  const external = Object.keys(dependencies).filter((name) => !name.startsWith('@relais/'));
  // Chunk names carry a hash: an earlier build's would stay behind (and be packed).
  for (const file of readdirSync(DIST)) if (/^relais-server[.-]/.test(file)) rmSync(resolve(DIST, file));
  await build({
    entryPoints: { 'relais-server': resolve(DIST, 'cli.js') },
    outdir: DIST,
    // Lazy imports stay lazy: each one is a chunk, beside the bundle so that the relative
    // imports of kit files hold from every output file.
    splitting: true,
    chunkNames: 'relais-server-[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external,
    plugins: [shareKit(await kitFiles())],
    // lab-loader.ts loads this name instead of the package's compiled entry (see above).
    define: { RELAIS_LAB_ENTRY: JSON.stringify(LAB_BUNDLE_SPECIFIER) },
    // Keeps the `#!/usr/bin/env node` line of cli.js.
    logLevel: 'warning',
  });
  await bundleLab();
}

/**
 * `@relais/lab` as one file beside its compiled ones (the same depth in packages/lab, so that
 * its `import.meta.url` paths hold). Every package stays an import: `@relais/server/provider-kit`
 * must be the server's own files, `@relais/sandbox/build` loads on the first stand-in request.
 */
async function bundleLab() {
  await build({
    entryPoints: [resolve(LAB_DIST, 'index.js')],
    outfile: LAB_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleServer();
