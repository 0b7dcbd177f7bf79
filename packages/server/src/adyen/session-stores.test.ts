import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import adyenLibrary from '@adyen/api-library';
import { anOrder, ORIGIN, recordOrder } from '../fixtures.js';
import { createRelaisHandler, type Handler } from '../index.js';
import type { OrderStore } from '../order-store.js';
import { backendOf } from '../store-backend.js';
import { storeKinds } from '../test-stores.js';

/** Adyen's session records behind the store interface: on SQLite and on PostgreSQL alike. */

const HMAC_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
const validator = new adyenLibrary.hmacValidator();
const sessionsOf = (store: OrderStore) => backendOf(store)!.adyenSessions();

/** A live-mode merchant API on `store` (Adyen itself is not reached: sessions are written directly). */
const liveHandler = (store: OrderStore): Handler =>
  createRelaisHandler({ store, adyen: { apiKey: 'AQE_test_unused', merchantAccount: 'RelaisECOM', environment: 'test', hmacKey: HMAC_KEY } });

function authorisation(orderId: string, pspReference: string): Request {
  const fields = {
    pspReference, originalReference: '', merchantAccountCode: 'RelaisECOM', merchantReference: orderId,
    amount: { value: 4990, currency: 'EUR' }, eventCode: 'AUTHORISATION', eventDate: '2026-12-06T12:00:00+01:00', success: 'true',
  };
  const item = { ...fields, additionalData: { hmacSignature: validator.calculateHmac(fields as never, HMAC_KEY) } };
  return new Request(`${ORIGIN}/adyen/webhooks`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: item }] }),
  });
}

for (const kind of storeKinds()) {
  describe(`Adyen session records (${kind.name})`, () => {
    test('one open session per order: a claim again keeps the attempt, a closed session or a new amount takes the next', async () => {
      const sessions = sessionsOf(await kind.open());
      const first = await sessions.claim('ord-1', 4990, 'EUR');
      assert.deepEqual([first.attempt, first.status, first.sessionId], [1, 'creating', null]);
      await sessions.saveSession('ord-1', 1, 'CS0000000000000A', 'data-a');
      const again = await sessions.claim('ord-1', 4990, 'EUR');
      assert.deepEqual([again.attempt, again.status, again.sessionId, again.amount], [1, 'active', 'CS0000000000000A', 4990]);
      await sessions.saveStatus('ord-1', 'refused', 'result-a');
      const next = await sessions.claim('ord-1', 4990, 'EUR');
      assert.deepEqual([next.attempt, next.status, next.sessionId, next.sessionResult], [2, 'creating', null, null]);
      await sessions.saveSession('ord-1', 2, 'CS0000000000000B', 'data-b');
      const repriced = await sessions.claim('ord-1', 5990, 'EUR');
      assert.deepEqual([repriced.attempt, repriced.amount], [3, 5990]);
      assert.equal(await sessions.byOrder('ord-2'), undefined);
    });

    test('an authorisation is kept with its amount, and each webhook item is recorded once', async () => {
      const sessions = sessionsOf(await kind.open());
      await sessions.claim('ord-1', 4990, 'EUR');
      await sessions.saveSession('ord-1', 1, 'CS0000000000000A', 'data-a');
      await sessions.saveAuthorised('ord-1', 'PSP0000000000001', 4990, 'EUR');
      const paid = await sessions.byOrder('ord-1');
      assert.deepEqual([paid?.status, paid?.pspReference, paid?.paidAmount, paid?.paidCurrency], ['completed', 'PSP0000000000001', 4990, 'EUR']);
      assert.equal(await sessions.recordEvent('PSP0000000000001:AUTHORISATION:true'), true);
      assert.equal(await sessions.recordEvent('PSP0000000000001:AUTHORISATION:true'), false);
    });

    test('two stores on one database claiming at once agree on one attempt (one idempotency key)', async () => {
      const first = sessionsOf(await kind.open());
      const second = sessionsOf(await kind.reopen());
      const claims = await Promise.all(Array.from({ length: 10 }, (_, index) => (index % 2 ? first : second).claim('ord-1', 4990, 'EUR')));
      assert.deepEqual(new Set(claims.map((claim) => claim.attempt)), new Set([1]));
    });

    test('two instances on one database: a session opened by one is the one the other\'s webhook pays', async () => {
      const storeA = await kind.open();
      const storeB = await kind.reopen();
      const a = liveHandler(storeA);
      const b = liveHandler(storeB);
      await recordOrder(a, anOrder({ method: 'adyen' }));
      const opened = sessionsOf(storeA);
      const { attempt } = await opened.claim('ord-1', 4990, 'EUR');
      await opened.saveSession('ord-1', attempt, 'CS1234567890ABCD', 'Ab02b4c0!session-data');
      // Instance B never saw the session in its own memory: only the shared tables know it.
      const response = await b(authorisation('ord-1', 'PSP0000000000042'));
      assert.equal(await response.text(), '[accepted]');
      const stored = await storeA.get('ord-1');
      assert.deepEqual([stored?.answer.body.status, stored?.order.paymentReference], ['paid', 'PSP0000000000042']);
      assert.equal((await sessionsOf(storeA).byOrder('ord-1'))?.pspReference, 'PSP0000000000042');
      // A replay delivered to the other instance is recognised as seen.
      assert.equal(await sessionsOf(storeB).recordEvent('PSP0000000000042:AUTHORISATION:true'), false);
    });
  });
}
