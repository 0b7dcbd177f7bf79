import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore } from './index.js';
import { anOrder, ORIGIN, post } from './fixtures.js';

describe('routing', () => {
  const handler = createRelaisHandler({ store: openOrderStore(), basePath: '/api/checkout/' });

  test('an unknown route answers 404 not-found as JSON', async () => {
    const response = await handler(new Request(`${ORIGIN}/api/checkout/nope`));
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await response.json(), { error: 'not-found' });
  });

  test('a known route with the wrong method answers 405 with Allow', async () => {
    const response = await handler(new Request(`${ORIGIN}/api/checkout/orders`, { method: 'DELETE' }));
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'POST, GET');
    assert.deepEqual(await response.json(), { error: 'method-not-allowed' });
  });

  test('routes are matched below the base path only', async () => {
    assert.equal((await post(handler, anOrder(), { path: '/api/checkout/orders' })).status, 201);
    assert.equal((await post(handler, anOrder(), { path: '/orders' })).status, 404);
    assert.equal((await post(handler, anOrder(), { path: '/api/checkout-admin/orders' })).status, 404);
  });

  test('the query string does not change the route', async () => {
    const response = await post(handler, anOrder({ orderId: 'ord-q' }), { path: '/api/checkout/orders?x=1' });
    assert.equal(response.status, 201);
  });

  test('POST /orders?queued-at= reaches the orders route: stored with queuedAt, and the same order without it is the 200 replay', async () => {
    const store = openOrderStore();
    const queuedHandler = createRelaisHandler({ store, basePath: '/api/checkout' });
    const queuedAt = new Date(Date.now() - 60_000).toISOString();
    const fromQueue = await post(queuedHandler, anOrder(), { path: `/api/checkout/orders?queued-at=${encodeURIComponent(queuedAt)}` });
    const direct = await post(queuedHandler, anOrder(), { path: '/api/checkout/orders' });
    assert.deepEqual([fromQueue.status, direct.status], [201, 200]);
    assert.equal(direct.headers.get('idempotent-replayed'), 'true');
    assert.equal(await direct.text(), await fromQueue.text());
    assert.equal(store.get('ord-1')?.queuedAt, queuedAt);
  });
});
