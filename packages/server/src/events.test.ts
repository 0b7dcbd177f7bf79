import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { createRelaisHandler, openOrderStore } from './index.js';
import { ADMIN_TOKEN, get, knownOrder, post } from './fixtures.js';
import { openIncidentStore } from './incident-store.js';
import { migrate } from './schema.js';
import { sandbox } from './test-lab.js';

function anIncident(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    provider: 'stripe', kind: 'sdk-load-failed', reason: 'https://js.stripe.com/endive/stripe.js did not load',
    latencyMs: 212, orderId: 'ord-1', at: '2025-06-01T10:00:00.000Z', ...overrides,
  };
}

function setup() {
  return createRelaisHandler({ store: openOrderStore(), sandbox, adminToken: ADMIN_TOKEN });
}

const beacon = (handler: ReturnType<typeof setup>, body: unknown) => post(handler, body, { path: '/events', key: null });
const listed = async (handler: ReturnType<typeof setup>, query = '') => (await get(handler, `/events${query}`)).json();

describe('POST /events', () => {
  test('a valid incident is stored and answered 204 with no body', async () => {
    const handler = setup();
    const response = await beacon(handler, anIncident());
    assert.equal(response.status, 204);
    assert.equal(await response.text(), '');
    const [stored] = await listed(handler);
    assert.deepEqual(
      { ...stored, id: undefined, receivedAt: undefined },
      { ...anIncident(), id: undefined, receivedAt: undefined, orderKnown: false },
    );
    assert.match(stored.receivedAt, /^\d{4}-\d{2}-\d{2}T/);
  });

  test('the timestamp is stored normalised to UTC', async () => {
    const handler = setup();
    await beacon(handler, anIncident({ at: '2025-06-01T12:00:00+02:00' }));
    assert.equal((await listed(handler))[0].at, '2025-06-01T10:00:00.000Z');
  });

  const refused: Array<[string, Record<string, unknown>, string]> = [
    ['an unknown provider', { provider: 'klarna' }, 'provider'],
    ['an unknown kind', { kind: 'network' }, 'kind'],
    ['a reason over 500 characters', { reason: 'x'.repeat(501) }, 'reason'],
    ['a reason that is not a string', { reason: 42 }, 'reason'],
    ['a latency given as text', { latencyMs: '212' }, 'latencyMs'],
    ['a negative latency', { latencyMs: -1 }, 'latencyMs'],
    ['an order id with a space', { orderId: 'ord 1' }, 'orderId'],
    ['an order id over 64 characters', { orderId: 'o'.repeat(65) }, 'orderId'],
    ['a date without a zone', { at: '2025-06-01T10:00:00' }, 'at'],
    ['a date that is not a date', { at: 'yesterday' }, 'at'],
    ['a missing field', { at: undefined }, 'at'],
    ['an extra field', { cart: [] }, 'cart'],
  ];
  for (const [what, change, field] of refused) {
    test(`${what} is refused 400 naming ${field}, and nothing is stored`, async () => {
      const handler = setup();
      const response = await beacon(handler, anIncident(change));
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: 'invalid-request', field });
      assert.deepEqual(await listed(handler), []);
    });
  }

  test('a card number in the reason is refused as sensitive data and not stored', async () => {
    const handler = setup();
    const response = await beacon(handler, anIncident({ reason: 'card 4242 4242 4242 4242 declined' }));
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: 'sensitive-data-refused' });
    assert.deepEqual(await listed(handler), []);
  });

  test('a client secret in the reason is refused as sensitive data', async () => {
    const handler = setup();
    const response = await beacon(handler, anIncident({ reason: 'confirm failed for pi_3Abc_secret_xyz' }));
    assert.deepEqual(await response.json(), { error: 'sensitive-data-refused' });
  });

  test('a body that is not JSON is refused 400', async () => {
    const handler = setup();
    const response = await beacon(handler, 'not json');
    assert.equal(response.status, 400);
    assert.deepEqual(await listed(handler), []);
  });
});

describe('GET /events', () => {
  test('lists incidents oldest first, each with an id', async () => {
    const handler = setup();
    await beacon(handler, anIncident({ orderId: 'a' }));
    await beacon(handler, anIncident({ orderId: 'b' }));
    const incidents = await listed(handler);
    assert.deepEqual(incidents.map((incident: { orderId: string }) => incident.orderId), ['a', 'b']);
    assert.ok(incidents[0].id < incidents[1].id);
  });

  test('since= keeps only incidents received from then on', async () => {
    const handler = setup();
    await beacon(handler, anIncident());
    const future = new Date(Date.now() + 60_000).toISOString();
    const past = new Date(Date.now() - 60_000).toISOString();
    assert.equal((await listed(handler, `?since=${encodeURIComponent(future)}`)).length, 0);
    assert.equal((await listed(handler, `?since=${encodeURIComponent(past)}`)).length, 1);
  });

  test('a since that is not an ISO timestamp is refused 400', async () => {
    const response = await get(setup(), '/events?since=last-week');
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: 'invalid-query', field: 'since' });
  });
});

describe('incident retention', () => {
  const incident = { provider: 'paypal', kind: 'api-unavailable', reason: '503', latencyMs: 1, orderId: 'o', at: '2025-06-01T10:00:00.000Z' };

  function store(options: Parameters<typeof openIncidentStore>[1]) {
    const db = new Database(':memory:');
    migrate(db);
    return { db, incidents: openIncidentStore(db, options) };
  }

  const count = (db: Database.Database) => (db.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }).n;

  test('incidents of known orders are kept up to maxRows: the oldest go first', () => {
    const { db, incidents } = store({ maxRows: 3 });
    for (let i = 1; i <= 5; i++) {
      knownOrder(db, `o${i}`);
      incidents.add({ ...incident, orderId: `o${i}` });
    }
    assert.deepEqual(incidents.since(0, 100).map((row) => row.orderId), ['o3', 'o4', 'o5']);
    assert.equal(count(db), 3);
  });

  test('incidents of unknown order ids are kept up to maxUnknownRows, apart: they never push out a known order\'s', () => {
    const { db, incidents } = store({ maxRows: 3, maxUnknownRows: 2 });
    knownOrder(db, 'real');
    incidents.add({ ...incident, orderId: 'real' });
    for (let i = 1; i <= 50; i++) incidents.add({ ...incident, orderId: `forged-${i}` });
    assert.deepEqual(incidents.since(0, 100).map((row) => [row.orderId, row.orderKnown]), [
      ['real', true], ['forged-49', false], ['forged-50', false],
    ]);
    assert.equal(count(db), 3);
  });

  test('an incident received before its order was placed counts as known once the order is', () => {
    const { db, incidents } = store({});
    incidents.add({ ...incident, orderId: 'early' });
    assert.equal(incidents.since(0, 10)[0]!.orderKnown, false);
    assert.equal(incidents.failingOrders(0).get('paypal'), undefined);
    knownOrder(db, 'early');
    assert.equal(incidents.since(0, 10)[0]!.orderKnown, true);
    assert.equal(incidents.failingOrders(0).get('paypal'), 1);
  });

  test('incidents older than maxAgeMs are deleted when the next one arrives', () => {
    let now = 1_000_000;
    const { incidents } = store({ maxAgeMs: 1000, now: () => now });
    incidents.add({ ...incident, orderId: 'old' });
    now += 1001;
    incidents.add({ ...incident, orderId: 'new' });
    assert.deepEqual(incidents.since(0, 100).map((row) => row.orderId), ['new']);
  });
});
