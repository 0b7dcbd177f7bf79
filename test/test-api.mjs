// The merchant API seen by browser tests: the real @relais/server handler, one namespace per
// test so test files running in parallel never share orders. `/api/<ns>/…` is the endpoint;
// `/api/<ns>/__faults` scripts failures; `/api/<ns>/__orders` lists what the server stored.
import { createRelaisHandler, openOrderStore, toNodeListener, withFaults } from '@relais/server';

const namespaces = new Map();

function namespace(ns) {
  let entry = namespaces.get(ns);
  if (!entry) {
    const basePath = `/api/${ns}`;
    const store = openOrderStore(':memory:');
    // sandbox: each namespace gets its own fake Stripe and PayPal (in its own store), served at
    // `/api/<ns>/sandbox/…` for the stand-ins: set `__relaisSandbox.apiBase` to that.
    const { handler, faults } = withFaults(createRelaisHandler({ store, basePath, sandbox: true }), { basePath });
    const inspect = async (request) => {
      if (new URL(request.url).pathname === `${basePath}/__orders`) {
        return Response.json(store.list());
      }
      return handler(request);
    };
    entry = { listener: toNodeListener(inspect), faults };
    namespaces.set(ns, entry);
  }
  return entry;
}

export function testApiMiddleware() {
  return async function testApi(ctx, next) {
    const match = /^\/api\/([\w-]+)\//.exec(ctx.path);
    if (!match) return next();
    // The handler writes the response itself; the status only keeps WTR from logging a 404.
    ctx.respond = false;
    ctx.status = 200;
    await new Promise((resolve) => {
      ctx.res.on('close', resolve);
      namespace(match[1]).listener(ctx.req, ctx.res);
    });
  };
}
