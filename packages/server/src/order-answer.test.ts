import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { json } from './http.js';
import { createRelaisHandler, openOrderStore } from './index.js';
import { anOrder, post } from './fixtures.js';
import { answerText, orderAnswerResponse } from './order-answer.js';
import type { OrderAnswer } from './order.js';
import { fromRow, type OrderRow } from './order-row.js';
import { orderSecrets } from './order-secret.js';
import { sandbox } from './test-lab.js';

const SECRET = 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE';
const ANSWERS: OrderAnswer[] = [
  { orderId: 'ord-1', status: 'pending', method: 'stripe', amount: 4990, currency: 'EUR' },
  { orderId: 'ord-2', status: 'pending-payment', method: 'bank-transfer', amount: 1, currency: 'CHF', reference: 'Réf "été" \u2028 \\ /',
    bankTransfer: { iban: 'FR1420041010050500013M02606', bic: 'PSSTFRPPXXX', beneficiary: 'Relais Démo', reference: 'Réf' } },
  { orderId: 'ord-3', status: 'awaiting-payment-link', method: 'pay-later', amount: 0, currency: 'JPY' },
];

describe('the order answer written as text', () => {
  test('is byte for byte what JSON.stringify of the answer spread with its secret writes', () => {
    for (const answer of ANSWERS) assert.equal(answerText(answer, SECRET), JSON.stringify({ ...answer, secret: SECRET }));
  });

  test('answers the same status, header fields and bytes as json() of http.ts did', async () => {
    for (const replayed of [false, true]) {
      const status = replayed ? 200 : 201;
      const made = orderAnswerResponse(ANSWERS[1]!, SECRET, status, replayed);
      const before = json({ ...ANSWERS[1]!, secret: SECRET }, status, replayed ? { 'idempotent-replayed': 'true' } : undefined);
      assert.equal(made.status, before.status);
      assert.deepEqual([...made.headers], [...before.headers]);
      assert.equal(await made.text(), await before.text());
    }
  });

  test('a stored answer read back keeps its keys in place with the status column as its status', () => {
    const answer = ANSWERS[0]!;
    const row: OrderRow = {
      idempotency_key: 'ord-1', order_id: 'ord-1', request_hash: 'h', order_json: JSON.stringify(anOrder()), answer_status: 201,
      answer_json: JSON.stringify(answer), created_at: '2026-01-01T00:00:00.000Z', updated_at: null, queued_at: null,
      status: 'paid', method: 'stripe', payment_reference: 'pi_1',
    };
    const { body } = fromRow(row).answer;
    assert.equal(JSON.stringify(body), JSON.stringify({ ...answer, status: 'paid' }));
  });
});

describe('POST /orders answered as text', () => {
  test('a replay answers the first answer byte for byte, its secret accepted by the payment routes\' check', async () => {
    const handler = createRelaisHandler({ store: openOrderStore(), sandbox, recheckIntervalMs: 0 });
    const first = await (await post(handler, anOrder({ reference: 'CMD-1 "été"' }))).text();
    const replay = await post(handler, anOrder({ reference: 'CMD-1 "été"' }));
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(await replay.text(), first);
    const { secret } = JSON.parse(first) as { secret: string };
    assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
    // A keyed MAC: the same order id under another key gives another secret.
    const other = orderSecrets(randomBytes(32)).refuse(new Request('http://shop.test/', { headers: { 'relais-order-secret': secret } }), 'ord-1');
    assert.equal(other?.status, 403);
    const accepted = await post(handler, { orderId: 'ord-1' }, { path: '/stripe/payment-intents', secret });
    assert.equal(accepted.status, 200, await accepted.clone().text());
    const tampered = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    const forged = await post(handler, { orderId: 'ord-1' }, { path: '/stripe/payment-intents', secret: tampered });
    assert.equal(forged.status, 403);
  });

  test('the same key with another cart is still refused after a replay', async () => {
    const handler = createRelaisHandler({ store: openOrderStore() });
    await post(handler, anOrder());
    assert.equal((await post(handler, anOrder())).status, 200);
    const reuse = await post(handler, anOrder({ amount: 4991 }));
    assert.equal(reuse.status, 422);
    assert.deepEqual(await reuse.json(), { error: 'idempotency-key-reuse' });
  });
});
