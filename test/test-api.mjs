// The merchant API seen by browser tests: the real @relais/server handler, one namespace per
// test so test files running in parallel never share orders. `/api/<ns>/…` is the endpoint;
// `/api/<ns>/__faults` scripts failures; `/api/<ns>/__orders` lists what the server stored;
// `/api/<ns>/__requests` lists every request the API answered (method, path, idempotency key,
// status; 0 for a network error), to count deliveries rather than only what was stored;
// `/api/<ns>/__observe?order=<id>…` answers both and the sandbox ledgers of those orders at once;
// `POST /api/<ns>/__health` (body: the handler's `health` options) configures `GET /health`,
// before the namespace's first other request (409 after). `POST /api/<ns>/__status-page` (body:
// {provider, components, summary}) does the same with a status page instead: the namespace's
// handler polls `GET /api/<ns>/__status-page/summary.json`, which answers that summary. The admin routes (`GET /orders`,
// `/events`, `/report`) answer to `TEST_ADMIN_TOKEN`, which test/api.ts sends.
import { createRelaisHandler, openOrderStore, toNodeListener } from '@relais/server';
import { sandbox, withFaults } from '@relais/lab';

const namespaces = new Map();

/** The same literal is in test/api.ts (browser code cannot import this Node module). */
export const TEST_ADMIN_TOKEN = 'relais-browser-tests-admin-token';

const statusSummaries = new Map();

function namespace(ns, health, statusPages) {
  let entry = namespaces.get(ns);
  if (!entry) {
    const basePath = `/api/${ns}`;
    const store = openOrderStore(':memory:');
    // sandbox: each namespace gets its own fake Stripe and PayPal (in its own store), served at
    // `/api/<ns>/sandbox/…` for the stand-ins: set `__relaisSandbox.apiBase` to that.
    const options = {
      store, basePath, sandbox, adminToken: TEST_ADMIN_TOKEN, ...(health ? { health } : {}), ...(statusPages ? { statusPages } : {}),
    };
    const { handler, faults } = withFaults(createRelaisHandler(options), { basePath });
    const requests = [];
    /**
     * `GET /api/<ns>/__observe?order=<id>…`: what a chaos journey's invariants read, in one answer
     * instead of one request each: the orders stored, then the sandbox ledger of every order named
     * or stored, then the requests answered (read in that order, as the separate reads were).
     */
    const observe = async (request) => {
      const orders = store.list();
      const ids = new Set([...new URL(request.url).searchParams.getAll('order'), ...orders.map((order) => order.orderId)]);
      const ledgers = {};
      for (const id of ids) {
        const answer = await handler(new Request(new URL(`${basePath}/sandbox/ledger/${encodeURIComponent(id)}`, request.url)));
        if (!answer.ok) return Response.json({ error: 'ledger-unreadable', orderId: id, status: answer.status }, { status: 502 });
        ledgers[id] = await answer.json();
      }
      return Response.json({ orders, ledgers, requests });
    };
    const inspect = async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname === `${basePath}/__orders`) return Response.json(store.list());
      if (pathname === `${basePath}/__requests`) return Response.json(requests);
      if (pathname === `${basePath}/__observe`) return observe(request);
      const response = await handler(request);
      if (!pathname.startsWith(`${basePath}/__`)) {
        requests.push({
          method: request.method,
          path: pathname.slice(basePath.length),
          key: request.headers.get('idempotency-key'),
          status: response.type === 'error' ? 0 : response.status,
        });
      }
      return response;
    };
    entry = { listener: toNodeListener(inspect), faults };
    namespaces.set(ns, entry);
  }
  return entry;
}

/** `POST /api/<ns>/__health` or `__status-page`: creates the namespace with these health options or this status page. */
async function configureHealth(ctx, ns, kind = 'health') {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  const send = (status, body) => {
    ctx.status = status;
    if (body) ctx.body = body;
  };
  if (ctx.method !== 'POST') return send(405);
  if (namespaces.has(ns)) return send(409, { error: 'namespace-in-use' });
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (kind === 'health') namespace(ns, body);
    else {
      statusSummaries.set(ns, body.summary);
      const url = `${ctx.origin}/api/${ns}/__status-page/summary.json`;
      namespace(ns, undefined, { [body.provider]: [{ url, components: body.components }] });
    }
  } catch (error) {
    return send(400, { error: 'invalid-health-options', message: String(error?.message ?? error) });
  }
  return send(204);
}

export function testApiMiddleware() {
  return async function testApi(ctx, next) {
    const match = /^\/api\/([\w-]+)\//.exec(ctx.path);
    if (!match) return next();
    if (ctx.path === `/api/${match[1]}/__health`) return configureHealth(ctx, match[1]);
    if (ctx.path === `/api/${match[1]}/__status-page`) return configureHealth(ctx, match[1], 'status-page');
    if (ctx.path === `/api/${match[1]}/__status-page/summary.json`) {
      ctx.body = statusSummaries.get(match[1]) ?? { components: [] };
      return undefined;
    }
    // The handler writes the response itself; the status only keeps WTR from logging a 404.
    ctx.respond = false;
    ctx.status = 200;
    await new Promise((resolve) => {
      ctx.res.on('close', resolve);
      namespace(match[1]).listener(ctx.req, ctx.res);
    });
  };
}
