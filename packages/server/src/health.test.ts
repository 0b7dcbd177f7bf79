import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { createRelaisHandler, openOrderStore, type HealthOptions } from './index.js';
import { ADMIN_TOKEN, anOrder, get, knownOrder, post } from './fixtures.js';
import { healthDocument } from './health-route.js';
import { openIncidentStore } from './incident-store.js';
import { migrate } from './schema.js';
import { sandbox } from './test-lab.js';

const hour = 60 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function setup(health?: HealthOptions) {
  return createRelaisHandler(health ? { store: openOrderStore(), sandbox, health } : { store: openOrderStore(), sandbox });
}

async function healthOf(handler: ReturnType<typeof setup>) {
  const response = await get(handler, '/health');
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  return response.json();
}

function incident(orderId: string, kind = 'sdk-load-failed', provider = 'stripe') {
  return { provider, kind, reason: 'blocked', latencyMs: 10, orderId, at: new Date().toISOString() };
}

/** An incident of a real order: the shopper's page placed it (only those count for health). */
async function report(handler: ReturnType<typeof setup>, body: { orderId: string }) {
  const order = await post(handler, anOrder({ orderId: body.orderId }));
  assert.ok(order.status === 201 || order.status === 200, `order ${body.orderId}: ${order.status}`);
  return post(handler, body, { path: '/events', key: null });
}


describe('GET /health', () => {
  test('without configuration or incidents every provider is up', async () => {
    assert.deepEqual(await healthOf(setup()), {
      providers: { stripe: { status: 'up' }, adyen: { status: 'up' }, paypal: { status: 'up' }, 'bank-transfer': { status: 'up' } },
      upcoming: [],
    });
  });

  test('the kill switch answers a provider down, from the configuration', async () => {
    const { providers } = await healthOf(setup({ down: ['paypal'] }));
    assert.deepEqual(providers.paypal, { status: 'down', source: 'configuration' });
    assert.deepEqual(providers.stripe, { status: 'up' });
  });

  test('current and future maintenance windows are listed soonest first; past ones are dropped; the next 24 hours\' are upcoming', async () => {
    const now = Date.now();
    const past = { provider: 'stripe' as const, from: iso(now - 3 * hour), until: iso(now - 2 * hour) };
    const later = { provider: 'stripe' as const, from: iso(now + 5 * hour), until: iso(now + 6 * hour) };
    const current = { provider: 'stripe' as const, from: iso(now - hour), until: iso(now + hour) };
    const { providers, upcoming } = await healthOf(setup({ maintenance: [past, later, current] }));
    assert.deepEqual(providers.stripe, {
      status: 'up',
      maintenance: [
        { from: current.from, until: current.until, source: 'configuration' },
        { from: later.from, until: later.until, source: 'configuration' },
      ],
    });
    assert.deepEqual(upcoming, [{ provider: 'stripe', from: later.from, until: later.until, source: 'configuration' }]);
    assert.deepEqual(providers.paypal, { status: 'up' });
  });

  test('technical incidents from 5 distinct orders mark a provider degraded', async () => {
    const handler = setup();
    for (const order of ['a', 'b', 'c', 'd', 'e']) await report(handler, incident(order));
    const { providers } = await healthOf(handler);
    assert.equal(providers.stripe.status, 'degraded');
    assert.equal(providers.paypal.status, 'up');
  });

  test('four failing orders are not enough, however many incidents they report', async () => {
    const handler = setup();
    for (const order of ['a', 'b', 'c', 'd', 'a', 'b']) await report(handler, incident(order));
    assert.equal((await healthOf(handler)).providers.stripe.status, 'up');
  });

  test('declines, unknown outcomes, rejected orders and config errors never mark a provider degraded', async () => {
    const handler = setup();
    const kinds = ['declined', 'outcome-unknown', 'order-rejected', 'config'];
    for (const [index, kind] of [...kinds, ...kinds].entries()) await report(handler, incident(`o${index}`, kind));
    assert.equal((await healthOf(handler)).providers.stripe.status, 'up');
  });

  test('the merchant API’s own failures (merchant-unavailable) are stored, and are no provider’s outage', async () => {
    const handler = createRelaisHandler({ store: openOrderStore(), sandbox, adminToken: ADMIN_TOKEN });
    for (const order of ['a', 'b', 'c', 'd', 'e', 'f']) {
      assert.equal((await report(handler, incident(order, 'merchant-unavailable'))).status, 204);
    }
    const stored = await (await get(handler, '/events')).json();
    assert.deepEqual(stored.map((row: { kind: string }) => row.kind), Array(6).fill('merchant-unavailable'));
    assert.equal((await healthOf(handler)).providers.stripe.status, 'up');
    const { outages } = await (await get(handler, '/report')).json();
    assert.deepEqual(outages.filter((outage: { provider: string }) => outage.provider === 'stripe'), [], 'no Stripe outage in the report');
  });

  test('degradedAfter sets the count of failing orders', async () => {
    const handler = setup({ degradedAfter: { incidents: 2, withinMs: 60_000 } });
    await report(handler, incident('a', 'api-unavailable', 'paypal'));
    assert.equal((await healthOf(handler)).providers.paypal.status, 'up');
    await report(handler, incident('b', 'csp', 'paypal'));
    assert.equal((await healthOf(handler)).providers.paypal.status, 'degraded');
  });

  test('the kill switch wins over degraded', async () => {
    const handler = setup({ down: ['stripe'], degradedAfter: { incidents: 1 } });
    await report(handler, incident('a'));
    assert.equal((await healthOf(handler)).providers.stripe.status, 'down');
  });

  test('incidents older than the window no longer count', () => {
    const db = new Database(':memory:');
    migrate(db);
    let now = 10_000_000;
    const incidents = openIncidentStore(db, { now: () => now });
    for (const order of ['a', 'b']) {
      knownOrder(db, order);
      incidents.add(incident(order));
    }
    const options: HealthOptions = { degradedAfter: { incidents: 2, withinMs: 1000 } };
    assert.equal(healthDocument(options, incidents, now).providers.stripe.status, 'degraded');
    now += 1001;
    assert.equal(healthDocument(options, incidents, now).providers.stripe.status, 'up');
  });

  const bad: Array<[string, HealthOptions]> = [
    ['an unknown provider in down', { down: ['klarna' as 'stripe'] }],
    ['a window without a zone', { maintenance: [{ provider: 'stripe', from: '2025-06-01T02:00', until: '2025-06-01T04:00Z' }] }],
    ['a window that ends before it starts', { maintenance: [{ provider: 'stripe', from: '2025-06-01T04:00Z', until: '2025-06-01T02:00Z' }] }],
    ['a zero incident count', { degradedAfter: { incidents: 0 } }],
    ['a negative window', { degradedAfter: { withinMs: -1 } }],
  ];
  for (const [what, health] of bad) {
    test(`${what} is refused when the handler is created`, () => {
      assert.throws(() => setup(health), /createRelaisHandler: health\./);
    });
  }

  test('health options that are not an object are refused when the handler is created', () => {
    assert.throws(() => setup(['stripe'] as unknown as HealthOptions), /createRelaisHandler: health must be an object/);
  });

  test('POST /health is answered 405 with Allow: GET', async () => {
    const response = await post(setup(), {}, { path: '/health', key: null });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET');
  });
});

describe('GET /health from a function', () => {
  function live(health: () => HealthOptions) {
    const errors: Error[] = [];
    const handler = createRelaisHandler({ store: openOrderStore(), sandbox, health, onError: (error) => errors.push(error) });
    return { handler, errors };
  }

  test('is read on every request: the kill switch and a maintenance window change without a restart', async () => {
    let options: HealthOptions = {};
    const { handler, errors } = live(() => options);
    assert.equal((await healthOf(handler)).providers.stripe.status, 'up');
    options = { down: ['stripe'] };
    assert.equal((await healthOf(handler)).providers.stripe.status, 'down');
    const window = { provider: 'paypal' as const, from: iso(Date.now() - hour), until: iso(Date.now() + hour) };
    options = { maintenance: [window] };
    const { providers } = await healthOf(handler);
    assert.deepEqual([providers.stripe, providers.paypal], [
      { status: 'up' }, { status: 'up', maintenance: [{ from: window.from, until: window.until, source: 'configuration' }] },
    ]);
    assert.deepEqual(errors, []);
  });

  test('is not called when the handler is created', () => {
    let calls = 0;
    live(() => {
      calls++;
      return {};
    });
    assert.equal(calls, 0);
  });

  test('invalid options from it answer 500 health-options-invalid and report which option is wrong', async () => {
    let options: HealthOptions = {};
    const { handler, errors } = live(() => options);
    options = { maintenance: [{ provider: 'stripe', from: '2025-06-01T04:00Z', until: '2025-06-01T02:00Z' }] };
    const response = await get(handler, '/health');
    assert.equal(response.status, 500);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await response.json(), { error: 'health-options-invalid' });
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /health function returned invalid options: health\.maintenance\[0\] ends before it starts/);
    options = {};
    assert.equal((await get(handler, '/health')).status, 200);
  });

  test('a function that throws answers 500 and its error is reported as the cause', async () => {
    const failure = new Error('settings table locked');
    const { handler, errors } = live(() => {
      throw failure;
    });
    const response = await get(handler, '/health');
    assert.equal(response.status, 500);
    assert.deepEqual(await response.json(), { error: 'health-options-invalid' });
    assert.equal(errors[0]!.cause, failure);
  });

  test('an async function is refused on each call: a promise holds no options', async () => {
    const { handler, errors } = live((async () => ({ down: ['stripe'] })) as unknown as () => HealthOptions);
    assert.equal((await get(handler, '/health')).status, 500);
    assert.match(errors[0]!.message, /not a promise/);
  });
});
