// POST /events is open to every browser; these tests are what a stranger with a script can and
// cannot do with it: flood it, invent order ids, push real incidents out.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, toNodeListener, type HealthOptions } from './index.js';
import { ADMIN_TOKEN, anOrder, get, post } from './fixtures.js';
import type { EventLimits } from './events-route.js';
import { DEFAULT_MAX_UNKNOWN_INCIDENTS } from './incident-store.js';
import { sandbox } from './test-lab.js';

// Tests name the client in a header: the handler reads it through the `clientAddress` hook.
const CLIENT = 'x-test-client';

function setup(options: { health?: HealthOptions; eventLimits?: EventLimits } = {}) {
  return createRelaisHandler({
    store: openOrderStore(), sandbox, adminToken: ADMIN_TOKEN,
    clientAddress: (request) => request.headers.get(CLIENT) ?? undefined,
    ...options,
  });
}
type Api = ReturnType<typeof setup>;

function incident(orderId: string, provider = 'stripe', kind = 'sdk-load-failed') {
  return { provider, kind, reason: 'blocked', latencyMs: 10, orderId, at: new Date().toISOString() };
}
const beacon = (api: Api, body: unknown, client = 'shopper') =>
  post(api, body, { path: '/events', key: null, headers: { [CLIENT]: client } });
const statusOf = async (api: Api, provider = 'stripe') => (await (await get(api, '/health')).json()).providers[provider].status;
const listed = async (api: Api) => (await get(api, '/events')).json() as Promise<Array<{ orderId: string; orderKnown: boolean }>>;

/** A shopper's real checkout: the order is placed, then its page reports the method failing. */
async function realIncident(api: Api, orderId: string, provider = 'stripe') {
  assert.equal((await post(api, anOrder({ orderId }))).status, 201);
  assert.equal((await beacon(api, incident(orderId, provider), `shopper-${orderId}`)).status, 204);
}

describe('POST /events under a flood', () => {
  test('one client flooding gets 429 with Retry-After past its limit, nothing more is stored, health stays up', async () => {
    const api = setup();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 150; i++) {
      const response = await beacon(api, incident(`forged-${i}`), 'attacker');
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get('retry-after');
        assert.deepEqual(await response.json(), { error: 'rate-limited' });
      }
    }
    assert.equal(statuses.filter((status) => status === 204).length, 60, 'the default: 60 a minute per client');
    assert.ok(statuses.slice(60).every((status) => status === 429));
    assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= 60, `Retry-After: ${retryAfter}`);
    assert.equal((await listed(api)).length, 60);
    assert.equal(await statusOf(api), 'up');
    // Another client is not held back by the first one.
    assert.equal((await beacon(api, incident('ord-x'), 'someone-else')).status, 204);
  });

  test('invalid beacons count against the client too', async () => {
    const api = setup({ eventLimits: { perClient: { max: 3, windowMs: 60_000 } } });
    for (let i = 0; i < 3; i++) assert.equal((await beacon(api, 'not json', 'attacker')).status, 400);
    assert.equal((await beacon(api, incident('ord-1'), 'attacker')).status, 429);
  });

  test('one order id takes at most 10 incidents per provider in 10 minutes, whoever sends them', async () => {
    const api = setup();
    const statuses = [];
    for (let i = 0; i < 15; i++) statuses.push((await beacon(api, incident('ord-1'), `client-${i}`)).status);
    assert.deepEqual(statuses, [...Array(10).fill(204), ...Array(5).fill(429)]);
    assert.equal((await beacon(api, incident('ord-1', 'paypal'), 'client-x')).status, 204, 'another provider of the same order');
    assert.equal((await listed(api)).length, 11);
  });

  test('the window passes: the client may report again', async () => {
    const api = createRelaisHandler({
      store: openOrderStore(), sandbox, adminToken: ADMIN_TOKEN,
      eventLimits: { perClient: { max: 1, windowMs: 1000 } },
      clientAddress: () => 'one',
    });
    // The handler's limiter runs on the real clock: wait the second out.
    assert.equal((await post(api, incident('a'), { path: '/events', key: null })).status, 204);
    assert.equal((await post(api, incident('b'), { path: '/events', key: null })).status, 429);
    await new Promise((resolve) => setTimeout(resolve, 1050));
    assert.equal((await post(api, incident('c'), { path: '/events', key: null })).status, 204);
  });

  test('limits that make no sense are refused when the handler is created', () => {
    assert.throws(() => setup({ eventLimits: { perClient: { max: 0, windowMs: 1000 } } }), /eventLimits\.perClient\.max/);
    assert.throws(() => setup({ eventLimits: { perOrder: { max: 1, windowMs: -1 } } }), /eventLimits\.perOrder\.windowMs/);
  });
});

describe('incidents for orders this server never recorded', () => {
  test('do not make a method degraded, however many clients send them', async () => {
    const api = setup({ health: { degradedAfter: { incidents: 2 } } });
    for (let i = 0; i < 20; i++) assert.equal((await beacon(api, incident(`forged-${i}`), `bot-${i}`)).status, 204);
    assert.equal(await statusOf(api), 'up');
    // Still listed for the merchant, marked.
    const incidents = await listed(api);
    assert.equal(incidents.length, 20);
    assert.ok(incidents.every((row) => row.orderKnown === false));
  });

  test('make no outage in the merchant\'s report', async () => {
    const api = setup();
    for (let i = 0; i < 10; i++) await beacon(api, incident(`forged-${i}`), `bot-${i}`);
    const report = await (await get(api, '/report')).json();
    assert.deepEqual(report.outages, []);
  });

  test('count once the order is placed: a method that failed before the shopper paid another way', async () => {
    const api = setup({ health: { degradedAfter: { incidents: 1 } } });
    assert.equal((await beacon(api, incident('ord-early'))).status, 204);
    assert.equal(await statusOf(api), 'up');
    await post(api, anOrder({ orderId: 'ord-early', method: 'paypal' }));
    assert.equal(await statusOf(api), 'degraded');
  });
});

describe('a flood never pushes out real incidents', () => {
  test('after more forged incidents than the table keeps, the earlier real one is listed and still counts', async () => {
    const api = setup({ health: { degradedAfter: { incidents: 2 } } });
    await realIncident(api, 'ord-real-1');
    await realIncident(api, 'ord-real-2');
    assert.equal(await statusOf(api), 'degraded');
    // Many clients, each under its own limit, more made-up order ids than the table keeps.
    const flood = DEFAULT_MAX_UNKNOWN_INCIDENTS + 100;
    for (let i = 0; i < flood; i++) {
      assert.equal((await beacon(api, incident(`forged-${i}`), `bot-${i % 100}`)).status, 204);
    }
    const incidents = await listed(api);
    assert.deepEqual(incidents.slice(0, 2).map((row) => [row.orderId, row.orderKnown]), [['ord-real-1', true], ['ord-real-2', true]]);
    assert.equal(incidents.filter((row) => !row.orderKnown).length, 998, 'one page: 1000 rows, the real ones first');
    assert.equal(await statusOf(api), 'degraded');
    const report = await (await get(api, '/report')).json();
    assert.deepEqual(report.outages.map((outage: { provider: string; ordersAffected: string[] }) => [outage.provider, outage.ordersAffected]), [
      ['stripe', ['ord-real-1', 'ord-real-2']],
    ]);
  });
});

describe('through the Node adapter', () => {
  test('the socket\'s address is the client: a flood from one address is limited', { timeout: 10_000 }, async () => {
    const handler = createRelaisHandler({ store: openOrderStore(), eventLimits: { perClient: { max: 3, windowMs: 60_000 } } });
    const server = createServer(toNodeListener(handler, { onError: () => {} }));
    server.unref();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`http://127.0.0.1:${port}/events`, {
          method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(incident(`o-${i}`)),
        });
        statuses.push(response.status);
        if (response.status === 429) assert.ok(Number(response.headers.get('retry-after')) >= 1);
        await response.body?.cancel();
      }
      assert.deepEqual(statuses, [204, 204, 204, 429, 429]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
