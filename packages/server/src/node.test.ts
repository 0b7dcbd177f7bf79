import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, toNodeListener, type Handler } from './index.js';
import { withFaults } from './test-lab.js';
import { anOrder } from './fixtures.js';

/** Serves `listener` on 127.0.0.1 for the duration of `use`. */
async function serving(listener: RequestListener, use: (origin: string) => Promise<void>): Promise<void> {
  const server = createServer(listener);
  // Unreferenced: a test that fails by timing out must not keep the file's process alive.
  server.unref();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await use(`http://127.0.0.1:${port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

function postOrder(origin: string, path = '/orders', signal?: AbortSignal): Promise<Response> {
  const init: RequestInit = {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'ord-1' },
    body: JSON.stringify(anOrder()),
  };
  if (signal) init.signal = signal;
  return fetch(`${origin}${path}`, init);
}

const quiet = { onError: () => {} };
// Each test bounds itself: a broken abort path would otherwise hang rather than fail.
const bounded = { timeout: 5000 };

describe('toNodeListener', () => {
  test('a real HTTP order is recorded, then replayed with the header', bounded, async () => {
    const store = openOrderStore();
    await serving(toNodeListener(createRelaisHandler({ store }), quiet), async (origin) => {
      const created = await postOrder(origin);
      assert.equal(created.status, 201);
      assert.match(created.headers.get('content-type') ?? '', /^application\/json/);
      const replay = await postOrder(origin);
      assert.equal(replay.status, 200);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.equal(await replay.text(), await created.text());
    });
    assert.equal(store.list().length, 1);
  });

  test('a network fault destroys the socket: fetch rejects', bounded, async () => {
    const { handler, faults } = withFaults(createRelaisHandler({ store: openOrderStore() }));
    faults.script({ method: 'POST', path: '/orders', responses: [{ network: true }] });
    await serving(toNodeListener(handler, quiet), async (origin) => {
      await assert.rejects(postOrder(origin), TypeError);
      assert.equal((await postOrder(origin)).status, 201);
    });
  });

  test('a client that gives up aborts the request signal and ends a hang', bounded, async () => {
    const { handler: faulty, faults } = withFaults(createRelaisHandler({ store: openOrderStore() }));
    faults.script({ method: 'POST', path: '/orders', responses: [{ hang: true }] });
    let hungRequest: Request | undefined;
    let resolveHang: (response: Response) => void = () => {};
    const hangEnded = new Promise<Response>((resolve) => (resolveHang = resolve));
    let resolveArrived: () => void = () => {};
    const arrived = new Promise<void>((resolve) => (resolveArrived = resolve));
    const observed: Handler = (request) => {
      hungRequest = request;
      resolveArrived();
      const answer = faulty(request);
      void answer.then(resolveHang);
      return answer;
    };
    await serving(toNodeListener(observed, quiet), async (origin) => {
      const abort = new AbortController();
      const pending = postOrder(origin, '/orders', abort.signal);
      await arrived;
      assert.equal(hungRequest?.signal.aborted, false);
      abort.abort();
      await assert.rejects(pending);
      assert.equal((await hangEnded).type, 'error');
      assert.equal(hungRequest?.signal.aborted, true);
    });
  });

  test('a handler that throws answers 500 JSON, is reported once, and the server keeps serving', bounded, async () => {
    const reported: Error[] = [];
    let fail = true;
    const handler: Handler = async (request) => {
      if (fail) throw new Error('boom');
      return Response.json({ path: new URL(request.url).pathname });
    };
    await serving(toNodeListener(handler, { onError: (error) => reported.push(error) }), async (origin) => {
      const failed = await fetch(`${origin}/orders`);
      assert.equal(failed.status, 500);
      assert.deepEqual(await failed.json(), { error: 'internal' });
      fail = false;
      assert.deepEqual(await (await fetch(`${origin}/x`)).json(), { path: '/x' });
    });
    assert.equal(reported.length, 1);
    assert.equal((reported[0]?.cause as Error).message, 'boom');
  });

  test('the request carries the absolute URL, method, headers and streamed body', bounded, async () => {
    let seen: { url: string; method: string; header: string | null; body: string } | undefined;
    const handler: Handler = async (request) => {
      seen = { url: request.url, method: request.method, header: request.headers.get('x-test'), body: await request.text() };
      return new Response(null, { status: 204 });
    };
    await serving(toNodeListener(handler, quiet), async (origin) => {
      const response = await fetch(`${origin}/a/b?c=1`, { method: 'PUT', headers: { 'x-test': 'yes' }, body: 'hello' });
      assert.equal(response.status, 204);
      assert.deepEqual(seen, { url: `${origin}/a/b?c=1`, method: 'PUT', header: 'yes', body: 'hello' });
    });
  });

  test('as middleware, requests outside the base path go to next', bounded, async () => {
    const listener = toNodeListener(createRelaisHandler({ store: openOrderStore(), basePath: '/api' }), quiet);
    const app = (req: IncomingMessage, res: ServerResponse) => listener(req, res, () => res.end('next'));
    await serving(app, async (origin) => {
      assert.equal(await (await fetch(`${origin}/index.html`)).text(), 'next');
      assert.equal((await postOrder(origin, '/api/orders')).status, 201);
      assert.equal((await fetch(`${origin}/api/nope`)).status, 404);
    });
  });

  test('mounted by Connect, the full originalUrl is routed, not the stripped url', bounded, async () => {
    const listener = toNodeListener(createRelaisHandler({ store: openOrderStore(), basePath: '/api' }), quiet);
    const connectLike = (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) => {
      req.originalUrl = req.url;
      req.url = req.url!.replace(/^\/api/, '');
      listener(req, res, () => res.end('next'));
    };
    await serving(connectLike as RequestListener, async (origin) => {
      assert.equal((await postOrder(origin, '/api/orders')).status, 201);
    });
  });
});
