// `npm start`: the demo shop and its outage lab on Vite's dev server, with the reference merchant
// API (@relais/server) mounted at /checkout in sandbox mode and its orders in a SQLite file under .data/.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRelaisHandler, openOrderStore, toNodeListener, withFaults } from '@relais/server';
import { buildStandIn } from '@relais/sandbox/build';
import { defineConfig, type Plugin } from 'vite';
import { createLab } from './demo/lab/server.js';

/**
 * The sandbox stand-ins for Stripe.js and PayPal's SDK, as classic scripts: the lab's service
 * worker answers the real SDK URLs with them (or with an outage), so the real loaders run unchanged.
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

const LAB_STATE_MAX_BYTES = 16_384;

/** A Node request as a Web `Request` (the lab's routes are small JSON documents). */
async function toRequest(req: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > LAB_STATE_MAX_BYTES) throw new Error('lab request too large');
    chunks.push(chunk as Buffer);
  }
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  return new Request(new URL(req.url ?? '/', 'http://demo.localhost'), { method: req.method, headers: req.headers as HeadersInit, body });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * The reference merchant API at `basePath` in sandbox mode, and the outage lab: its state at
 * `/__lab/state`, its service worker at `/relais-lab-sw.js` (dev server only, never in `public/`:
 * a merchant copying the demo serves relais-sw.js).
 */
function relaisApi(basePath = '/checkout'): Plugin {
  return {
    name: 'relais-api',
    configureServer(server) {
      const store = openOrderStore(process.env.RELAIS_DB ?? '.data/relais.sqlite');
      const lab = createLab();
      // The demo pays the sandbox's fake Stripe and PayPal (`/checkout/sandbox/…`, the stand-ins'
      // default apiBase): no keys, no network, and nothing real can be charged.
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
        if (url === '/relais-lab-sw.js') {
          readFile(new URL('./demo/lab/lab-sw.js', import.meta.url)).then((body) => {
            res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
            res.end(body);
          }, next);
          return;
        }
        if (!url.startsWith('/__lab/')) return next();
        toRequest(req)
          .then(async (request) => {
            const response = (await lab.handle(request)) ?? new Response(null, { status: 404 });
            faults.down(lab.state.merchantDown);
            await send(res, response);
          })
          .catch(next);
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
