// Node-only: bundles a stand-in to ONE classic script (IIFE) that answers an intercepted provider
// URL (tests through Playwright routes, the demo through its dev server). Kept out of src/ so the
// browser entry never pulls esbuild.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ENTRIES = {
  'stripe-js': new URL('./src/stripe-js.ts', import.meta.url),
  'paypal-v6': new URL('./src/paypal-v6.ts', import.meta.url),
  'adyen-web': new URL('./src/adyen-web.ts', import.meta.url),
};

/** @type {Map<string, Promise<string>>} */
const cache = new Map();

/**
 * The stand-in as a classic script string, built once per process (in-flight builds are shared;
 * a failed build is forgotten so the next call tries again).
 * @param {'stripe-js' | 'paypal-v6' | 'adyen-web'} name
 * @returns {Promise<string>}
 */
export function buildStandIn(name) {
  const entry = Object.hasOwn(ENTRIES, name) ? ENTRIES[name] : undefined;
  if (!entry) return Promise.reject(new Error(`Unknown stand-in "${name}": expected one of ${Object.keys(ENTRIES).join(', ')}`));
  let script = cache.get(name);
  if (!script) {
    script = build({
      entryPoints: [fileURLToPath(entry)],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      legalComments: 'none',
      banner: { js: `/* @relais/sandbox ${name} stand-in: not the real provider SDK. */` },
    }).then((result) => {
      const [file] = result.outputFiles;
      if (!file) throw new Error(`esbuild produced no output for ${name}`);
      return file.text;
    });
    cache.set(name, script);
    script.catch(() => cache.delete(name));
  }
  return script;
}
