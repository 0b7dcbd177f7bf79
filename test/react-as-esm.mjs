// Web Test Runner plugin: React's CommonJS packages served as ES modules (for packages/react).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { build } from 'esbuild';

/**
 * React's npm package is CommonJS only, and the dev server serves ES modules. `react`,
 * `react-dom` and `react-dom/client` are bundled with esbuild into ES modules that share their
 * chunks (one React instance, as hooks require), on the first request for one: suites that do
 * not import React never pay for it.
 */
export function reactAsEsm(specifiers = ['react', 'react-dom', 'react-dom/client']) {
  const base = '/__react-esm__/';
  const fileName = (specifier) => `${specifier.replace('/', '-')}.js`;
  let files;
  const bundle = () => (files ??= bundleAsEsm(specifiers, fileName).catch((error) => {
    files = undefined; // a failed build is tried again on the next request, never memoised
    throw error;
  }));
  return {
    name: 'react-as-esm',
    resolveImport({ source }) {
      if (specifiers.includes(source)) return base + fileName(source);
    },
    async serve({ path }) {
      if (!path.startsWith(base)) return undefined;
      const body = (await bundle()).get(path.slice(base.length));
      return body === undefined ? undefined : { body, type: 'js' };
    },
  };
}

/** Bundles CommonJS packages as ES modules with named exports; answers file name → code. */
async function bundleAsEsm(specifiers, fileName) {
  const names = await exportNames(specifiers);
  const { outputFiles } = await build({
    entryPoints: Object.fromEntries(specifiers.map((specifier) => [fileName(specifier).slice(0, -3), `esm:${specifier}`])),
    bundle: true,
    format: 'esm',
    splitting: true,
    write: false,
    outdir: 'react-esm',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'silent',
    plugins: [{
      name: 'esm-entry',
      setup(esbuild) {
        esbuild.onResolve({ filter: /^esm:/ }, ({ path }) => ({ path: path.slice(4), namespace: 'esm-entry' }));
        // esbuild turns a CommonJS entry into a default export only: the names are spelled out.
        esbuild.onLoad({ filter: /.*/, namespace: 'esm-entry' }, ({ path }) => ({
          contents: `import m from '${path}';\nexport default m;\nexport const { ${names[path].join(', ')} } = m;`,
          resolveDir: process.cwd(),
        }));
      },
    }],
  });
  return new Map(outputFiles.map((file) => [file.path.split('/').pop(), file.text]));
}

/**
 * The named exports of CommonJS modules cannot be known statically (`module.exports =
 * require(…)`): Node loads them and lists their keys, in a child process because React's
 * development build does not load inside the test runner (its console has no `createTask`).
 */
async function exportNames(specifiers) {
  const script = `const names = (s) => Object.keys(require(s)).filter((n) => n !== 'default' && /^[A-Za-z_$][\\w$]*$/.test(n));
console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(specifiers)}.map((s) => [s, names(s)]))));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=commonjs', '-e', script]);
  return JSON.parse(stdout);
}
