// `npm start`: the demo shop and its outage lab on Vite's dev server, with the reference merchant
// API (@relais/server) mounted at /checkout with the fake providers of @relais/lab and its orders in a SQLite file under
// .data/. `npm run build` also builds the demo to demo/dist, which `relais-server --demo` serves.
import { readFile } from 'node:fs/promises';
import { createRelaisHandler, DEMO_DB, openOrderStore, toNodeListener } from '@relais/server';
import { createOutageLab, DEMO_PAGE_POLICY, sandbox, withFaults } from '@relais/lab';
import { buildStandIn } from '@relais/sandbox/build';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import { sourceCondition } from './scripts/vite-workspace.ts';

/**
 * The sandbox stand-ins for Stripe.js and PayPal's SDK, as classic scripts: the lab's service
 * worker answers the real SDK URLs with them (or with an outage), so the real loaders run unchanged.
 */
function sandboxScripts(): Plugin {
  const scripts: Record<string, 'stripe-js' | 'paypal-v6' | 'adyen-web'> = {
    '/sandbox/stripe-js.js': 'stripe-js',
    '/sandbox/adyen-web.js': 'adyen-web',
    '/sandbox/paypal-v6.js': 'paypal-v6',
  };
  return {
    name: 'relais-sandbox-scripts',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = scripts[req.url ?? ''];
        if (!name) return next();
        buildStandIn(name).then(
          (body) => {
            res.setHeader('content-type', 'text/javascript; charset=utf-8');
            res.end(body);
          },
          (error: unknown) => next(error),
        );
      });
    },
  };
}

/**
 * Classic scripts the demo starts as workers, at fixed URLs (the page's Trusted Types policy
 * lists them): the lab's service worker, `/relais-lab-sw.js`, and the shop's `/intl-warm-up.js`.
 * Served by the dev server, and written beside the built demo. Never in `public/`: a merchant
 * copying the demo serves relais-sw.js.
 */
function demoWorkers(): Plugin {
  const files: Record<string, string> = { '/relais-lab-sw.js': './demo/lab/lab-sw.js', '/intl-warm-up.js': './demo/intl-warm-up.js' };
  const source = (file: string) => readFile(new URL(file, import.meta.url), 'utf8');
  return {
    name: 'relais-demo-workers',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = files[req.url ?? ''];
        if (!file) return next();
        source(file).then((body) => {
          res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
          res.end(body);
        }, next);
      });
    },
    async generateBundle() {
      for (const [url, file] of Object.entries(files)) this.emitFile({ type: 'asset', fileName: url.slice(1), source: await source(file) });
    },
  };
}

/**
 * The built shop imports the element only once the lab's worker controls the page (main.ts), but
 * its code need not wait: a `modulepreload` of the element's chunk and of the chunks it imports
 * lets the browser fetch and compile it while the worker starts, without running it.
 */
function preloadElement(): Plugin {
  return {
    name: 'relais-preload-element',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
        const element = chunks.find((chunk) => chunk.isDynamicEntry && /packages\/checkout\/src\/relais-checkout\.ts$/.test(chunk.facadeModuleId ?? ''));
        if (!element) throw new Error('relais-preload-element: no chunk for @relais/checkout in the build');
        const files = new Set<string>();
        const visit = (fileName: string) => {
          if (files.has(fileName)) return;
          files.add(fileName);
          const chunk = chunks.find((candidate) => candidate.fileName === fileName);
          for (const imported of chunk?.imports ?? []) visit(imported);
        };
        visit(element.fileName);
        // Those the entry already preloads are left out.
        return [...files].filter((fileName) => !html.includes(`/${fileName}`)).map((fileName) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: '', href: `/${fileName}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

/**
 * The shop's stylesheet (under 1 kB compressed) is written into the page: its first paint waits
 * for no second request. The page policy allows inline styles (the dashboard's charts need them).
 */
function inlineStyles(): Plugin {
  return {
    name: 'relais-inline-styles',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        if (!bundle) return html;
        let page = html;
        for (const file of Object.values(bundle)) {
          if (file.type !== 'asset' || !file.fileName.endsWith('.css')) continue;
          const link = new RegExp(`<link rel="stylesheet"[^>]*href="/${file.fileName.replace(/[.]/g, '[.]')}"[^>]*>`);
          page = page.replace(link, () => `<style>${String(file.source).trim()}</style>`);
        }
        return page;
      },
    },
  };
}

/** The reference merchant API at `basePath` in sandbox mode, behind the outage lab. */
function relaisApi(basePath = '/checkout'): Plugin {
  return {
    name: 'relais-api',
    configureServer(server) {
      const store = openOrderStore(process.env.RELAIS_DB ?? DEMO_DB);
      const lab = createOutageLab();
      // The demo pays the sandbox's fake Stripe and PayPal (`/checkout/sandbox/…`, the stand-ins'
      // default apiBase): no keys, no network, and nothing real can be charged. The admin token
      // is the lab's, made up for this start and handed to the demo's dashboard (/__lab/admin-token).
      const api = createRelaisHandler({ store, basePath, sandbox, health: lab.health, adminToken: lab.adminToken, priceOrder: lab.priceOrder, alerts: lab.alerts });
      const { handler, faults } = withFaults(api, { basePath });
      const listener = toNodeListener(lab.around(handler, faults, basePath));
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0]!;
        if (path === basePath || path.startsWith(`${basePath}/`) || path.startsWith('/__lab/')) listener(req, res, next);
        else next();
      });
      server.httpServer?.on('close', () => store.close());
    },
  };
}

/**
 * The pages `npm start` serves carry the policy `relais-server --demo` gives the built demo (strict
 * CSP, enforced Trusted Types, no default policy): the demo's journeys run under it either way.
 * On documents only: a policy on the worker's script would apply inside the worker.
 */
function pagePolicy(): Plugin {
  return {
    name: 'relais-page-policy',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const destination = req.headers['sec-fetch-dest'];
        if (destination === 'document' || destination === 'iframe') res.setHeader('content-security-policy', DEMO_PAGE_POLICY);
        next();
      });
    },
  };
}

export default defineConfig(({ command }) => ({
  root: 'demo',
  publicDir: '../public',
  plugins: [pagePolicy(), relaisApi(), sandboxScripts(), demoWorkers(), preloadElement(), inlineStyles()],
  // The shop runs on the packages' sources (hot reload, no build step), not their dist/.
  resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
  define: { 'process.env.NODE_ENV': JSON.stringify(command === 'serve' ? 'development' : 'production') },
  // The page's own modulepreload links stay; a dynamic import adds none. Vite's helper appends a
  // <link rel=modulepreload> per dependency of each import() at run time, and on the element's
  // first render those dozens of insertions were most of its main-thread time on a phone.
  build: { modulePreload: { resolveDependencies: (_file, deps, { hostType }) => (hostType === 'html' ? deps : []) } },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
}));
