// `npm start`: the demo shop on Vite's dev server, with the reference merchant API
// (@relais/server) mounted at /checkout in sandbox mode and its orders in a SQLite file under .data/.
import { createRelaisHandler, openOrderStore, toNodeListener, withFaults } from '@relais/server';
import { buildStandIn } from '@relais/sandbox/build';
import { defineConfig, type Plugin } from 'vite';

/**
 * The sandbox stand-ins for Stripe.js and PayPal's SDK, as classic scripts the demo page loads
 * before the element: the real loaders then find `window.Stripe` / `window.paypal` and use them
 * instead of requesting js.stripe.com or paypal.com (there is no network here).
 */
function sandboxScripts(): Plugin {
  const scripts: Record<string, 'stripe-js' | 'paypal-v6'> = {
    '/sandbox/stripe-js.js': 'stripe-js',
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

function relaisApi(basePath = '/checkout'): Plugin {
  return {
    name: 'relais-api',
    configureServer(server) {
      const store = openOrderStore(process.env.RELAIS_DB ?? '.data/relais.sqlite');
      // The demo pays the sandbox's fake Stripe and PayPal (`/checkout/sandbox/…`, the stand-ins'
      // default apiBase): no keys, no network, and nothing real can be charged.
      const { handler } = withFaults(createRelaisHandler({ store, basePath, sandbox: true }), { basePath });
      const listener = toNodeListener(handler);
      server.middlewares.use((req, res, next) => {
        if (req.url === basePath || req.url?.startsWith(`${basePath}/`)) listener(req, res, next);
        else next();
      });
      server.httpServer?.on('close', () => store.close());
    },
  };
}

export default defineConfig({
  root: 'demo',
  publicDir: '../public',
  plugins: [relaisApi(), sandboxScripts()],
  define: { 'process.env.NODE_ENV': JSON.stringify('development') },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
});
