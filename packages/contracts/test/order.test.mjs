// The order's one definition, against generated orders: what it accepts is exactly what it
// returns, and whatever it is given, it answers a result naming a field — never a throw.
// Runs on the compiled package (`tsc -b packages/contracts`, done by `npm test`).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { cartOf, checkOrder, isCleanText, OrderLimits } from '@relais/contracts';

const text = (max) => fc.string({ minLength: 1, maxLength: max }).filter((value) => isCleanText(value, max));
const item = fc.record({
  name: text(OrderLimits.maxNameLength),
  quantity: fc.integer({ min: 1, max: OrderLimits.maxItemQuantity }),
  amount: fc.integer({ min: 0, max: OrderLimits.maxAmount }),
});
const validOrder = fc.record(
  {
    orderId: fc.stringMatching(/^[A-Za-z0-9_:-]{1,64}$/),
    amount: fc.integer({ min: 1, max: OrderLimits.maxAmount }),
    currency: fc.constantFrom('EUR', 'USD', 'GBP', 'JPY', 'CHF', 'SEK'),
    method: fc.constantFrom('stripe', 'paypal', 'bank-transfer', 'pay-later'),
    items: fc.array(item, { maxLength: 5 }),
    customer: fc.record({ email: fc.constant('ana@example.com'), name: text(OrderLimits.maxNameLength) }, { requiredKeys: [] }),
    reference: text(OrderLimits.maxReferenceLength),
    paymentReference: text(OrderLimits.maxPaymentReferenceLength),
  },
  { requiredKeys: ['orderId', 'amount', 'currency', 'method'] },
).map((order) => JSON.parse(JSON.stringify(order))); // as it arrives: parsed JSON

describe('checkOrder', () => {
  test('accepts every well-formed order and returns it field for field', () => {
    fc.assert(
      fc.property(validOrder, (order) => {
        const checked = checkOrder(order);
        assert.equal(checked.ok, true, JSON.stringify(checked));
        assert.deepEqual(checked.order, order);
      }),
      { numRuns: 500 },
    );
  });

  test('never throws, whatever JSON it is given, and names a field when it refuses', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const checked = checkOrder(value);
        if (!checked.ok) assert.equal(typeof checked.field, 'string');
      }),
      { numRuns: 2000 },
    );
  });

  test('one wrong field among right ones is refused, named', () => {
    const breakers = [
      ['amount', fc.oneof(fc.constant(0), fc.constant(-1), fc.constant(49.9), fc.constant(OrderLimits.maxAmount + 1), fc.constant('4990'))],
      ['currency', fc.constantFrom('eur', 'EURO', 'XYZ', 'DEM', '', 1)],
      ['method', fc.constantFrom('card', 'STRIPE', '', null)],
      ['orderId', fc.constantFrom('', 'a/b', 'a b', 'x'.repeat(65), 7)],
      ['reference', fc.constantFrom('', ' ', '\u200b', 'RF18\u202e', 'a\u0000b', 'x'.repeat(141))],
      ['notes', fc.string()],
    ];
    for (const [field, bad] of breakers) {
      fc.assert(
        fc.property(validOrder, bad, (order, value) => {
          const checked = checkOrder({ ...order, [field]: value });
          assert.deepEqual(checked, { ok: false, field });
        }),
        { numRuns: 100 },
      );
    }
  });

  test('names made to read otherwise are refused: control characters, bidi overrides, zero-width only', () => {
    for (const name of ['Carafe\u0007', 'evil\u202egpj.exe', '\u2066Carafe', '\u200b\u200c\u200d', '\ufeff', '\u0085next line']) {
      const checked = checkOrder({ orderId: 'ord-1', amount: 1, currency: 'EUR', method: 'stripe', items: [{ name, quantity: 1, amount: 1 }] });
      assert.deepEqual(checked, { ok: false, field: 'items[0].name' }, JSON.stringify(name));
    }
    // Accents, scripts and emoji are names too.
    for (const name of ['Carafe en grès', 'Кувшин', '水差し', 'Carafe 🏺', 'שם']) {
      assert.equal(checkOrder({ orderId: 'ord-1', amount: 1, currency: 'EUR', method: 'stripe', items: [{ name, quantity: 1, amount: 1 }] }).ok, true, name);
    }
  });

  test('the cart is what binds the idempotency key: method and references are not part of it', () => {
    fc.assert(
      fc.property(validOrder, (order) => {
        const cart = cartOf(order);
        assert.deepEqual(Object.keys(cart).filter((key) => !['orderId', 'amount', 'currency', 'items', 'customer'].includes(key)), []);
        assert.deepEqual(cartOf({ ...order, method: 'bank-transfer', reference: 'RF18', paymentReference: 'pi_1' }), cart);
      }),
    );
  });
});
