// `npm start`: the demo shop and its outage lab on Vite's dev server, with the reference merchant
// API (@relais/server) mounted at /checkout in sandbox mode and its orders in a SQLite file under .data/.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRelaisHandler, openOrderStore, toNodeListener, withFaults } from '@relais/server';
import { buildStandIn } from '@relais/sandbox/build';
import { defineConfig, type Plugin } from 'vite';
import { createLab } from './demo/lab/server.js';

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

/** A Node request as a Web `Request` (the lab's routes are small JSON documents). */
async function toRequest(req: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  return new Request(new URL(req.url ?? '/', 'http://demo.localhost'), { method: req.method, headers: req.headers as HeadersInit, body });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

function relaisApi(basePath = '/checkout'): Plugin {
  return {
    name: 'relais-api',
    configureServer(server) {
      const store = openOrderStore(process.env.RELAIS_DB ?? '.data/relais.sqlite');
      // The lab's health feed and "merchant server down" switch act on the real handler; the demo
      // pays the sandbox's fake Stripe and PayPal (`/checkout/sandbox/…`, the stand-ins' default
      // apiBase): no keys, no network, and nothing real can be charged.
      const lab = createLab({ merchantDown: (on) => faults.down(on) });
      const relais = createRelaisHandler({ store, basePath, sandbox: true, health: lab.health });
      const { handler, faults } = withFaults(relais, { basePath });
      const listener = toNodeListener(handler);
      server.middlewares.use((req, res, next) => {
        const url = req.url ?? '';
        if (url === basePath || url.startsWith(`${basePath}/`)) {
          // The shopper offline: nothing reaches the merchant, the connection just fails.
          if (lab.state.offline) return req.socket.destroy();
          return listener(req, res, next);
        }
        if (!url.startsWith('/__lab/')) return next();
        toRequest(req)
          .then((request) => lab.handle(request) ?? new Response(null, { status: 404 }))
          .then((response) => send(res, response), next);
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
