import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore } from '@relais/server';
// The server's own test fixtures, from its build (they are not part of its package).
import { anOrder, ORIGIN, post } from '../../server/dist/fixtures.js';
import { sandbox } from './fake-providers/index.js';
import { withFaults, type FaultRule } from './faults.js';

const BASE = '/api/shop';

function setup() {
  const store = openOrderStore();
  return { store, ...withFaults(createRelaisHandler({ store, basePath: BASE, sandbox }), { basePath: BASE }) };
}

const ordersPath = `${BASE}/orders`;

function control(handler: (r: Request) => Promise<Response>, command: unknown): Promise<Response> {
  return handler(new Request(`${ORIGIN}${BASE}/__faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(command) }));
}

// Each test bounds itself: a broken hang or delay would otherwise never finish.
const bounded = { timeout: 5000 };

describe('withFaults', () => {
  test('a scripted 503 answers first, then requests pass to the real handler', bounded, async () => {
    const { handler, faults, store } = setup();
    faults.script({ method: 'POST', path: '/orders', responses: [{ status: 503, body: { error: 'busy' }, headers: { 'retry-after': '1' } }] });
    const failed = await post(handler, anOrder(), { path: ordersPath });
    assert.equal(failed.status, 503);
    assert.equal(failed.headers.get('retry-after'), '1');
    assert.deepEqual(await failed.json(), { error: 'busy' });
    assert.equal(store.list().length, 0);
    const passed = await post(handler, anOrder(), { path: ordersPath });
    assert.equal(passed.status, 201);
    assert.equal(store.list().length, 1);
  });

  test('a pass entry reaches the real handler and the next entry still applies', bounded, async () => {
    const { handler, faults } = setup();
    faults.script({ method: 'post', path: '/orders', responses: [{ pass: true }, { status: 500 }] });
    assert.equal((await post(handler, anOrder(), { path: ordersPath })).status, 201);
    assert.equal((await post(handler, anOrder(), { path: ordersPath })).status, 500);
    assert.equal((await post(handler, anOrder(), { path: ordersPath })).status, 200);
  });

  test('a rule for another method or path leaves the request alone', bounded, async () => {
    const { handler, faults } = setup();
    faults.script({ method: 'GET', path: '/orders', responses: [{ status: 500 }] });
    faults.script({ method: 'POST', path: '/health', responses: [{ status: 500 }] });
    assert.equal((await post(handler, anOrder(), { path: ordersPath })).status, 201);
  });

  test('down(true) answers 503 merchant-server-down everywhere until down(false)', bounded, async () => {
    const { handler, faults } = setup();
    faults.down(true);
    const down = await post(handler, anOrder(), { path: ordersPath });
    assert.equal(down.status, 503);
    assert.deepEqual(await down.json(), { error: 'merchant-server-down' });
    assert.equal((await handler(new Request(`${ORIGIN}${BASE}/anything`))).status, 503);
    faults.down(false);
    assert.equal((await post(handler, anOrder(), { path: ordersPath })).status, 201);
  });

  test('a network fault answers Response.error()', bounded, async () => {
    const { handler, faults } = setup();
    faults.script({ method: 'POST', path: '/orders', responses: [{ network: true }] });
    const response = await post(handler, anOrder(), { path: ordersPath });
    assert.equal(response.type, 'error');
  });

  test('a pass-and-drop entry lets the handler do its work, then loses the answer', bounded, async () => {
    const { handler, faults, store } = setup();
    faults.script({ method: 'POST', path: '/orders', responses: [{ pass: true, drop: true }] });
    const lost = await post(handler, anOrder(), { path: ordersPath });
    assert.equal(lost.type, 'error');
    assert.equal(store.list().length, 1, 'the order was stored although its answer was lost');
    const replay = await post(handler, anOrder(), { path: ordersPath });
    assert.equal(replay.status, 200, 'the retry finds the stored order: a replay, not a second order');
    assert.equal(store.list().length, 1);
  });

  test('drop must be a boolean', bounded, () => {
    const { faults } = setup();
    assert.throws(() => faults.script({ method: 'POST', path: '/orders', responses: [{ pass: true, drop: 'yes' } as never] }), /responses\[0\]/);
  });

  test('a hang answers only once the request is aborted', bounded, async () => {
    const { handler, faults, store } = setup();
    faults.script({ method: 'POST', path: '/orders', responses: [{ hang: true }] });
    const abort = new AbortController();
    let settled = false;
    const pending = post(handler, anOrder(), { path: ordersPath, signal: abort.signal }).then((r) => {
      settled = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(settled, false);
    abort.abort();
    assert.equal((await pending).type, 'error');
    assert.equal(store.list().length, 0);
  });

  test('delayMs delays a scripted answer', bounded, async () => {
    const { handler, faults } = setup();
    faults.script({ method: 'POST', path: '/orders', responses: [{ status: 502, delayMs: 80 }, { pass: true, delayMs: 80 }] });
    for (const expected of [502, 201]) {
      const started = performance.now();
      const response = await post(handler, anOrder(), { path: ordersPath });
      assert.equal(response.status, expected);
      assert.ok(performance.now() - started >= 75, `answered ${expected} too early`);
    }
  });

  test('reset forgets scripts and brings the server back up', bounded, async () => {
    const { handler, faults } = setup();
    faults.script({ method: 'POST', path: '/orders', responses: [{ status: 500 }] });
    faults.down(true);
    faults.reset();
    assert.equal((await post(handler, anOrder(), { path: ordersPath })).status, 201);
  });

  test('script() refuses a rule the server could not play', bounded, () => {
    const { faults } = setup();
    const bad = { method: 'POST', path: '/orders', responses: [{ status: 42 }] } as FaultRule;
    assert.throws(() => faults.script(bad), /invalid fault rule: rule.responses\[0\]/);
  });

  test('the control route scripts, takes down and resets, answering 204', bounded, async () => {
    const { handler } = setup();
    const rule: FaultRule = { method: 'POST', path: '/orders', responses: [{ status: 429 }] };
    assert.equal((await control(handler, { action: 'script', rule })).status, 204);
    assert.equal((await post(handler, anOrder(), { path: ordersPath })).status, 429);

    assert.equal((await control(handler, { action: 'down', on: true })).status, 204);
    assert.equal((await post(handler, anOrder(), { path: ordersPath })).status, 503);

    assert.equal((await control(handler, { action: 'reset' })).status, 204);
    assert.equal((await post(handler, anOrder(), { path: ordersPath })).status, 201);
  });

  test('the control route answers while the server is down', bounded, async () => {
    const { handler, faults } = setup();
    faults.down(true);
    assert.equal((await control(handler, { action: 'down', on: false })).status, 204);
    assert.equal((await post(handler, anOrder(), { path: ordersPath })).status, 201);
  });

  test('the control route refuses an unknown command with 400', bounded, async () => {
    const { handler } = setup();
    const unknown = await control(handler, { action: 'explode' });
    assert.equal(unknown.status, 400);
    assert.deepEqual(await unknown.json(), { error: 'invalid-fault-command', field: 'action' });
    const badRule = await control(handler, { action: 'script', rule: { method: 'POST', path: 'orders', responses: [] } });
    assert.deepEqual(await badRule.json(), { error: 'invalid-fault-command', field: 'rule.path' });
  });

  test('requests outside the base path are never faulted', bounded, async () => {
    const { handler, faults } = setup();
    faults.down(true);
    const response = await handler(new Request(`${ORIGIN}/index.html`));
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: 'not-found' });
  });
});
