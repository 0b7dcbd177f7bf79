import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, type Handler } from '../index.js';
import { anOrder, ORIGIN, post } from '../fixtures.js';
import { sandbox } from '../test-lab.js';

const RETURN_URL = 'https://shop.test/checkout';
const SESSION_KEY = 'ord-1:adyen:session';

/** The page's one request: the order and the session at once, no secret. */
const recordAndOpen = (handler: Handler, body: Record<string, unknown>) => post(handler, body, { path: '/adyen/sessions', key: SESSION_KEY });

describe('POST /adyen/sessions with the order instead of its secret', () => {
  test('records the order as POST /orders would and opens its session in one round trip, answering the order’s secret with it', async () => {
    const store = openOrderStore();
    const handler = createRelaisHandler({ store, sandbox });
    const response = await recordAndOpen(handler, { order: anOrder({ method: 'adyen', amount: 1250 }), returnUrl: RETURN_URL });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const answer = (await response.json()) as { id: string; sessionData: string; secret: string };
    assert.match(answer.id, /^CS/);
    assert.equal(typeof answer.sessionData, 'string');
    // The secret is the order's: what POST /orders answers for it, and what its routes accept.
    const replay = (await (await post(handler, anOrder({ method: 'adyen', amount: 1250 }))).json()) as { secret: string; amount: number };
    assert.equal(answer.secret, replay.secret);
    assert.equal(replay.amount, 1250);
    const setup = await handler(new Request(`${ORIGIN}/sandbox/adyen/sessions/${answer.id}/setup`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionData: answer.sessionData }),
    }));
    assert.deepEqual(((await setup.json()) as { amount: unknown }).amount, { value: 1250, currency: 'EUR' }, 'the recorded amount');
  });

  test('a retry answers the same order and the same session: one order, one session', async () => {
    const store = openOrderStore();
    const handler = createRelaisHandler({ store, sandbox });
    const body = { order: anOrder({ method: 'adyen' }), returnUrl: RETURN_URL };
    const first = (await (await recordAndOpen(handler, body)).json()) as { id: string; secret: string };
    const again = (await (await recordAndOpen(handler, body)).json()) as { id: string; secret: string };
    assert.equal(again.id, first.id);
    assert.equal(again.secret, first.secret);
    // The plain route, with the secret, knows the same session.
    const plain = await post(handler, { orderId: 'ord-1', returnUrl: RETURN_URL }, { path: '/adyen/sessions', key: SESSION_KEY, headers: { 'relais-order-secret': first.secret } });
    assert.equal(((await plain.json()) as { id: string }).id, first.id);
  });

  test('a refused order is answered as POST /orders refuses it, with no secret and no session', async () => {
    const store = openOrderStore();
    const handler = createRelaisHandler({ store, sandbox });
    await post(handler, anOrder({ method: 'adyen', amount: 1000 }));
    // Another cart under the same order id.
    const response = await recordAndOpen(handler, { order: anOrder({ method: 'adyen', amount: 2000 }), returnUrl: RETURN_URL });
    assert.equal(response.status, 422);
    const answer = (await response.json()) as Record<string, unknown>;
    assert.equal(answer['error'], 'idempotency-key-reuse');
    assert.equal(answer['secret'], undefined);
    assert.equal(answer['id'], undefined);
  });

  test('refuses card data anywhere in the body before recording anything', async () => {
    const store = openOrderStore();
    const handler = createRelaisHandler({ store, sandbox });
    const response = await recordAndOpen(handler, { order: anOrder({ method: 'adyen', customer: { note: '4242 4242 4242 4242' } }), returnUrl: RETURN_URL });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, 'sensitive-data-refused');
    assert.equal(await store.get('ord-1'), undefined, 'nothing recorded');
  });

  test('without the order it is the plain route: 401 for the missing secret; other fields beside the order are refused', async () => {
    const store = openOrderStore();
    const handler = createRelaisHandler({ store, sandbox });
    assert.equal((await recordAndOpen(handler, { orderId: 'ord-1', returnUrl: RETURN_URL })).status, 401);
    const mixed = await recordAndOpen(handler, { order: anOrder({ method: 'adyen' }), orderId: 'ord-1', returnUrl: RETURN_URL });
    assert.equal(mixed.status, 400);
    assert.deepEqual(await mixed.json(), { error: 'invalid-request', field: 'orderId' });
    assert.equal((await recordAndOpen(handler, { order: 'ord-1', returnUrl: RETURN_URL })).status, 400);
  });

  test('an order already paid is not opened again: the session route’s 409 comes with the secret, for the page to verify', async () => {
    const store = openOrderStore();
    const handler = createRelaisHandler({ store, sandbox });
    const first = (await (await recordAndOpen(handler, { order: anOrder({ method: 'adyen' }), returnUrl: RETURN_URL })).json()) as { id: string; sessionData: string; secret: string };
    const paid = await handler(new Request(`${ORIGIN}/sandbox/adyen/sessions/${first.id}/payments`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionData: first.sessionData, paymentMethod: { type: 'scheme', encryptedCardNumber: 'sbx_enc_authorised' } }),
    }));
    assert.equal(((await paid.json()) as { resultCode: string }).resultCode, 'Authorised');
    const again = await recordAndOpen(handler, { order: anOrder({ method: 'adyen' }), returnUrl: RETURN_URL });
    assert.equal(again.status, 409);
    const answer = (await again.json()) as Record<string, unknown>;
    assert.equal(answer['error'], 'already-paid');
    assert.equal(answer['secret'], first.secret);
  });
});
