import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import adyenLibrary from '@adyen/api-library';
import { createRelaisHandler, openOrderStore, type Handler } from '../index.js';
import { anOrder, ORIGIN, recordOrder } from '../fixtures.js';
import { databaseOf } from '../order-store.js';
import { openAdyenSessionStore } from './session-store.js';

const HMAC_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
const validator = new adyenLibrary.hmacValidator();

async function liveShop() {
  const store = openOrderStore();
  const handler = createRelaisHandler({ store, adyen: { apiKey: 'AQE_test_unused', merchantAccount: 'RelaisECOM', environment: 'test', hmacKey: HMAC_KEY } });
  await recordOrder(handler, anOrder({ method: 'adyen' }));
  // The session this server opened for the order (live Adyen is not reached in these tests).
  const sessions = openAdyenSessionStore(databaseOf(store)!);
  const { attempt } = await sessions.claim('ord-1', 4990, 'EUR');
  await sessions.saveSession('ord-1', attempt, 'CS1234567890ABCD', 'Ab02b4c0!session-data');
  return { store, handler };
}

let psp = 0;
function item(overrides: Record<string, unknown> = {}, key = HMAC_KEY): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    // No originalReference: Adyen's AUTHORISATION item has none (Webhooks v1 closes its fields).
    pspReference: `PSP${String(++psp).padStart(13, '0')}`,
    merchantAccountCode: 'RelaisECOM',
    merchantReference: 'ord-1',
    amount: { value: 4990, currency: 'EUR' },
    eventCode: 'AUTHORISATION',
    eventDate: '2026-12-06T12:00:00+01:00',
    success: 'true',
    ...overrides,
  };
  return { ...fields, additionalData: { hmacSignature: validator.calculateHmac(fields as never, key) } };
}

function deliver(handler: Handler, ...items: Array<Record<string, unknown>>): Promise<Response> {
  const body = JSON.stringify({ live: 'false', notificationItems: items.map((NotificationRequestItem) => ({ NotificationRequestItem })) });
  return handler(new Request(`${ORIGIN}/adyen/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
}

describe('POST /adyen/webhooks (HMAC from @adyen/api-library)', () => {
  test('a signed AUTHORISATION is acknowledged with [accepted] and makes the order paid', async () => {
    const { handler, store } = await liveShop();
    const authorised = item();
    const response = await deliver(handler, authorised);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '[accepted]');
    assert.equal(store.get('ord-1')?.answer.body.status, 'paid');
    assert.equal(store.get('ord-1')?.order.paymentReference, authorised['pspReference']);
  });

  test('a wrong signature (another key, or a changed amount) is refused and changes nothing', async () => {
    const { handler, store } = await liveShop();
    const forged = item({}, '00'.repeat(32));
    assert.equal((await deliver(handler, forged)).status, 401);
    const tampered = { ...item(), amount: { value: 1, currency: 'EUR' } };
    assert.equal((await deliver(handler, tampered)).status, 401);
    const unsigned = { ...item(), additionalData: {} };
    assert.equal((await deliver(handler, unsigned)).status, 401);
    assert.equal(store.get('ord-1')?.answer.body.status, 'pending');
  });

  test('a replayed notification is acknowledged again and applied once', async () => {
    const { handler, store } = await liveShop();
    const authorised = item();
    await deliver(handler, authorised);
    const updatedAt = store.get('ord-1')?.updatedAt;
    const replay = await deliver(handler, authorised);
    assert.equal(await replay.text(), '[accepted]');
    assert.equal(store.get('ord-1')?.updatedAt, updatedAt);
  });

  test('an authorisation of another amount never makes the order paid; a full REFUND refunds a paid one', async () => {
    const { handler, store } = await liveShop();
    await deliver(handler, item({ amount: { value: 1, currency: 'EUR' } }));
    assert.equal(store.get('ord-1')?.answer.body.status, 'pending');
    const again = await liveShop();
    await deliver(again.handler, item());
    await deliver(again.handler, item({ eventCode: 'REFUND', amount: { value: 1000, currency: 'EUR' } }));
    assert.equal(again.store.get('ord-1')?.answer.body.status, 'paid', 'a partial refund leaves it paid');
    await deliver(again.handler, item({ eventCode: 'REFUND' }));
    assert.equal(again.store.get('ord-1')?.answer.body.status, 'refunded');
  });

  test('a notification for an order this server opened no session for moves nothing', async () => {
    const { handler, store } = await liveShop();
    await recordOrder(handler, anOrder({ orderId: 'ord-2', method: 'adyen' }));
    assert.equal((await deliver(handler, item({ merchantReference: 'ord-2' }))).status, 200);
    assert.equal(store.get('ord-2')?.answer.body.status, 'pending');
  });
});
