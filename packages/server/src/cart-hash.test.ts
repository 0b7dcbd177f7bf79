import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cartOf, checkOrder, type Order } from '@relais/contracts';
import { cartHash } from './cart-hash.js';
import { requestHash } from './canonical-json.js';

const BODIES: Record<string, unknown>[] = [
  { orderId: 'ord-1', amount: 4990, currency: 'EUR', method: 'stripe' },
  { orderId: 'ord_2026-12-07', amount: 1, currency: 'JPY', method: 'paypal', reference: 'R-1', paymentReference: 'pi_1' },
  { orderId: 'ord-2', amount: 99_999_999, currency: 'CHF', method: 'bank-transfer',
    customer: { name: 'Ada "Lovelace"', email: 'ada@example.org' },
    items: [{ name: 'Thé "vert"', quantity: 2, amount: 1200 }, { quantity: 1, amount: 2590, name: 'Tasse' }] },
  { orderId: 'ord-3', amount: 1, currency: 'EUR', method: 'pay-later', items: [] },
];

test('the cart hash is the canonical request hash of the cart, byte for byte, whatever the fields present', () => {
  let checked = 0;
  for (const body of BODIES) {
    const result = checkOrder(body);
    if (!result.ok) continue;
    const order: Order = result.order;
    assert.equal(cartHash(order), requestHash(cartOf(order)), JSON.stringify(body));
    checked++;
  }
  assert.equal(checked, BODIES.length, `only ${checked} of the sample orders passed checkOrder`);
});

test('another cart under the same order id hashes differently', () => {
  const order = (amount: number) => {
    const result = checkOrder({ orderId: 'ord-1', amount, currency: 'EUR', method: 'stripe' });
    assert.ok(result.ok);
    return result.order;
  };
  assert.notEqual(cartHash(order(4990)), cartHash(order(4991)));
});

test('a cart with every field has exactly the keys the cart hash writes (a new cart field must be added to it)', () => {
  const result = checkOrder(BODIES[2]);
  assert.ok(result.ok);
  assert.deepEqual(Object.keys(cartOf(result.order)).sort(), ['amount', 'currency', 'customer', 'items', 'orderId']);
});
