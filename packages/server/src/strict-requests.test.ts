// Requests as an attacker with a raw socket sends them, through the Node adapter.
import assert from 'node:assert/strict';
import { Agent, createServer, request as httpRequest, type RequestListener } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import express from 'express';
import Koa from 'koa';
import { createRelaisHandler, openOrderStore, toNodeListener, type SqliteOrderStore } from './index.js';
import { anOrder } from './fixtures.js';

const quiet = { onError: () => {} };
const bounded = { timeout: 10_000 };

async function serving(listener: RequestListener, use: (port: number) => Promise<void>): Promise<void> {
  const server = createServer(listener);
  server.unref();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await use(port);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Sends `text` as is and resolves with everything the server sent until it closed. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
}

const statusOf = (answer: string) => Number(answer.split(' ')[1]);
/** The body of a raw answer, its chunked framing removed. */
function bodyOf(answer: string): string {
  const split = answer.indexOf('\r\n\r\n');
  let rest = answer.slice(split + 4);
  if (!/^transfer-encoding: chunked\r?$/im.test(answer.slice(0, split))) return rest;
  let body = '';
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!(size > 0)) return body;
    body += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

/** The API at /checkout and, beside it, what a shop serves at / (its files). */
function shop(store: SqliteOrderStore = openOrderStore()) {
  const api = toNodeListener(createRelaisHandler({ store, basePath: '/checkout', adminToken: ADMIN_TOKEN }), quiet);
  const listener: RequestListener = (req, res) => api(req, res, () => res.end('a static file'));
  return { store, api, listener };
}

const ADMIN_TOKEN = 'strict-requests-admin-token';
const admin = { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } };

// What a merchant guarding `/checkout/orders` (its admin listing) by path lets through.
const REROUTE = 'GET /relais-checkout.js HTTP/1.1\r\nHost: x/checkout/orders?\r\nConnection: close\r\n\r\n';

describe('the routed URL is the request path, whatever the Host header says', () => {
  test('a Host header carrying a path is refused 400, not routed to the orders list', bounded, async () => {
    const { listener } = shop();
    await serving(listener, async (port) => {
      const created = await fetch(`http://127.0.0.1:${port}/checkout/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'ord-1' },
        body: JSON.stringify(anOrder()),
      });
      assert.equal(created.status, 201);
      const answer = await raw(port, REROUTE);
      assert.equal(statusOf(answer), 400);
      assert.deepEqual(JSON.parse(bodyOf(answer)), { error: 'bad-request' });
      assert.ok(!answer.includes('ord-1'));
      // The same path with a real Host is the file; the list is at its own path only.
      const file = await raw(port, 'GET /relais-checkout.js HTTP/1.1\r\nHost: shop.test:8080\r\nConnection: close\r\n\r\n');
      assert.equal(bodyOf(file), 'a static file');
      const list = await raw(port, `GET /checkout/orders HTTP/1.1\r\nHost: shop.test\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\nConnection: close\r\n\r\n`);
      assert.equal(statusOf(list), 200);
      assert.ok(list.includes('ord-1'));
    });
  });

  test('absolute-form targets, *, and paths the URL parser would rewrite are refused 400', bounded, async () => {
    await serving(shop().listener, async (port) => {
      for (const target of ['http://shop.test/checkout/orders', '*', '/x/%2e%2e/checkout/orders', '/x/../checkout/orders', '/x/%2E./checkout/orders']) {
        const answer = await raw(port, `GET ${target} HTTP/1.1\r\nHost: shop.test\r\nConnection: close\r\n\r\n`);
        assert.equal(statusOf(answer), 400, target);
        assert.deepEqual(JSON.parse(bodyOf(answer)), { error: 'bad-request' }, target);
      }
    });
  });

  test('the Host header still names the origin of request.url', bounded, async () => {
    let seen = '';
    const listener = toNodeListener(async (request) => {
      seen = request.url;
      return new Response(null, { status: 204 });
    }, quiet);
    await serving(listener, async (port) => {
      await raw(port, 'GET /a/b?c=%2F HTTP/1.1\r\nHost: shop.test:8080\r\nConnection: close\r\n\r\n');
      assert.equal(seen, 'http://shop.test:8080/a/b?c=%2F');
      await raw(port, 'GET /a HTTP/1.0\r\n\r\n');
      assert.equal(seen, 'http://localhost/a');
    });
  });

  test('inside Express, mounted at its path or not: the reroute fails, the API works', bounded, async () => {
    for (const mounted of [true, false]) {
      const { store, api } = shop();
      const app = express();
      if (mounted) app.use('/checkout', api);
      else app.use(api);
      app.use((_req, res) => {
        res.send('a static file');
      });
      await serving(app as unknown as RequestListener, async (port) => {
        const answer = await raw(port, REROUTE);
        assert.ok(!answer.includes('"orders"') && !answer.startsWith('HTTP/1.1 200 OK\r\nContent-Type: application/json'), answer);
        assert.ok(statusOf(answer) === 400 || bodyOf(answer) === 'a static file', answer);
        const origin = `http://127.0.0.1:${port}`;
        const created = await fetch(`${origin}/checkout/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'ord-1' },
          body: JSON.stringify(anOrder()),
        });
        assert.equal(created.status, 201, `mounted: ${mounted}`);
        assert.equal((await (await fetch(`${origin}/checkout/orders`, admin)).json()).length, 1);
        assert.equal(await (await fetch(`${origin}/index.html`)).text(), 'a static file');
      });
      assert.equal(store.list().length, 1);
    }
  });

  test('inside Koa (ctx.respond = false, the rest to the next middleware): the reroute fails, the API works', bounded, async () => {
    const { store, api } = shop();
    const app = new Koa();
    // Every request goes through the API's listener first, as `app.use(toNodeListener(...))` does in Express.
    app.use(
      (ctx, next) =>
        new Promise<void>((resolve, reject) => {
          ctx.respond = false;
          ctx.res.once('close', () => resolve());
          api(ctx.req, ctx.res, () => {
            ctx.respond = true;
            next().then(resolve, reject);
          });
        }),
    );
    app.use((ctx) => {
      ctx.body = 'a static file';
    });
    await serving(app.callback(), async (port) => {
      const answer = await raw(port, REROUTE);
      assert.equal(statusOf(answer), 400, answer);
      assert.deepEqual(JSON.parse(bodyOf(answer)), { error: 'bad-request' });
      const origin = `http://127.0.0.1:${port}`;
      const created = await fetch(`${origin}/checkout/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'ord-1' },
        body: JSON.stringify(anOrder()),
      });
      assert.equal(created.status, 201);
      assert.equal((await (await fetch(`${origin}/checkout/orders`, admin)).json()).length, 1);
      assert.equal(await (await fetch(`${origin}/index.html`)).text(), 'a static file');
    });
    assert.equal(store.list().length, 1);
  });
});

describe('bodies that come slowly or are too large', () => {
  // Served directly, a small body takes the adapter's fast path (node-fast.ts); as middleware, its general one.
  for (const mode of ['served directly', 'as middleware'] as const) {
    test(`${mode}: a body dribbled past the time limit is answered 408 request-timeout and the connection closed`, bounded, async () => {
      const store = openOrderStore();
      const api = toNodeListener(createRelaisHandler({ store }), { ...quiet, bodyTimeoutMs: 300 });
      const listener: RequestListener = mode === 'served directly' ? api : (req, res) => api(req, res, () => res.writeHead(404).end());
      await serving(listener, async (port) => {
        const order = JSON.stringify(anOrder());
        const started = Date.now();
        const answer = await new Promise<string>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () => {
            socket.write(
              `POST /orders HTTP/1.1\r\nHost: shop.test\r\nContent-Type: application/json\r\nIdempotency-Key: ord-1\r\nContent-Length: ${order.length}\r\n\r\n`,
            );
            let sent = 0;
            const dribble = setInterval(() => {
              if (socket.destroyed || sent >= order.length - 1) return clearInterval(dribble);
              socket.write(order[sent++]!);
            }, 50);
            socket.on('close', () => clearInterval(dribble));
          });
          let received = '';
          socket.setEncoding('latin1');
          socket.on('data', (chunk: string) => (received += chunk));
          socket.on('close', () => resolve(received));
          socket.on('error', () => resolve(received));
          setTimeout(() => reject(new Error('the connection stayed open')), 5000).unref();
        });
        assert.equal(statusOf(answer), 408, answer);
        assert.match(answer, /connection: close/i);
        assert.deepEqual(JSON.parse(bodyOf(answer)), { error: 'request-timeout' });
        assert.ok(Date.now() - started < 3000);
      });
      assert.equal(store.list().length, 0);
    });
  }

  test('a body that arrives in time is read whole, even when sent in pieces', bounded, async () => {
    const store = openOrderStore();
    const listener = toNodeListener(createRelaisHandler({ store }), { ...quiet, bodyTimeoutMs: 2000 });
    await serving(listener, async (port) => {
      const order = JSON.stringify(anOrder());
      const head = `POST /orders HTTP/1.1\r\nHost: shop.test\r\nContent-Type: application/json\r\nIdempotency-Key: ord-1\r\nContent-Length: ${order.length}\r\nConnection: close\r\n\r\n`;
      const answer = await new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(head + order.slice(0, 10));
          setTimeout(() => socket.write(order.slice(10)), 200);
        });
        let received = '';
        socket.on('data', (chunk) => (received += chunk.toString('latin1')));
        socket.on('close', () => resolve(received));
      });
      assert.equal(statusOf(answer), 201, answer);
    });
    assert.equal(store.list().length, 1);
  });

  /** One request through `agent`; resolves with the status, the body and whether the socket was reused. */
  function send(agent: Agent, port: number, body: string | Buffer, chunked = false) {
    return new Promise<{ status: number; body: string; reused: boolean }>((resolve, reject) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': 'ord-1' };
      if (!chunked) headers['content-length'] = String(Buffer.byteLength(body));
      const req = httpRequest({ agent, port, host: '127.0.0.1', method: 'POST', path: '/orders', headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: text, reused: req.reusedSocket }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  test('a 100 kB body is answered 413 and the keep-alive connection takes the next order', bounded, async () => {
    const store = openOrderStore();
    await serving(toNodeListener(createRelaisHandler({ store }), quiet), async (port) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const big = JSON.stringify(anOrder({ note: 'x'.repeat(100_000) }));
        const refused = await send(agent, port, big);
        assert.deepEqual([refused.status, JSON.parse(refused.body)], [413, { error: 'body-too-large' }]);
        const next = await send(agent, port, JSON.stringify(anOrder()));
        assert.equal(next.status, 201, next.body);
        assert.equal(next.reused, true, 'the same connection');
      } finally {
        agent.destroy();
      }
    });
    assert.equal(store.list().length, 1);
  });

  test('a 5 MB body is answered 413 with Connection: close, read by the client, and the next order goes through', bounded, async () => {
    const store = openOrderStore();
    await serving(toNodeListener(createRelaisHandler({ store }), quiet), async (port) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const refused = await send(agent, port, Buffer.alloc(5_000_000, 'x'));
        assert.deepEqual([refused.status, JSON.parse(refused.body)], [413, { error: 'body-too-large' }]);
        const next = await send(agent, port, JSON.stringify(anOrder()));
        assert.equal(next.status, 201, next.body);
      } finally {
        agent.destroy();
      }
    });
    assert.equal(store.list().length, 1);
  });

  test('a 100 kB chunked body (no length) is answered 413, the connection closed cleanly, and the next order goes through', bounded, async () => {
    const store = openOrderStore();
    await serving(toNodeListener(createRelaisHandler({ store }), quiet), async (port) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const refused = await send(agent, port, JSON.stringify(anOrder({ note: 'x'.repeat(100_000) })), true);
        assert.deepEqual([refused.status, JSON.parse(refused.body)], [413, { error: 'body-too-large' }]);
        const next = await send(agent, port, JSON.stringify(anOrder()));
        assert.equal(next.status, 201, next.body);
      } finally {
        agent.destroy();
      }
    });
    assert.equal(store.list().length, 1);
  });

  test('API answers carry X-Content-Type-Options: nosniff, the adapter own errors too', bounded, async () => {
    const listener = toNodeListener(async () => new Response('plain', { headers: { 'content-type': 'text/plain' } }), quiet);
    await serving(listener, async (port) => {
      const answer = await raw(port, 'GET / HTTP/1.1\r\nHost: shop.test\r\nConnection: close\r\n\r\n');
      assert.match(answer, /x-content-type-options: nosniff/i);
      const refused = await raw(port, 'GET * HTTP/1.1\r\nHost: shop.test\r\nConnection: close\r\n\r\n');
      assert.match(refused, /x-content-type-options: nosniff/i);
    });
    const api = createRelaisHandler({ store: openOrderStore() });
    assert.equal((await api(new Request('http://shop.test/nope'))).headers.get('x-content-type-options'), 'nosniff');
  });
});
