import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { examplesOf, openApiSpec, validateAgainst, type SpecName, type SpecTarget } from './spec-fixtures.js';

/**
 * The validator itself, on the providers' documents: their own examples conform (so a failure
 * elsewhere is the body's, not the reading of the document), and what a document forbids is refused.
 * Adyen's documents are OpenAPI 3.1 (JSON Schema 2020-12), PayPal's 3.0 (`nullable`, private formats).
 */
const cases: Array<[SpecName, Exclude<SpecTarget, { schema: string }>]> = [
  ['paypal/checkout_orders_v2', { operation: 'orders.create', status: 201 }],
  ['adyen/CheckoutService-v71', { operation: 'post-payments', request: true }],
  ['adyen/CheckoutService-v71', { operation: 'post-payments', status: 200 }],
  ['adyen/CheckoutService-v71', { operation: 'post-payments-details', status: 200 }],
  ['adyen/CheckoutService-v71', { operation: 'post-sessions', request: true }],
  ['adyen/CheckoutService-v71', { operation: 'post-sessions', status: 201 }],
  ['adyen/Webhooks-v1', { operation: 'post-AUTHORISATION', request: true }],
];

describe('validateAgainst on the providers\' own documents', () => {
  for (const [name, target] of cases) {
    test(`${name} ${JSON.stringify(target)}: every example the document gives conforms`, () => {
      const spec = openApiSpec(name);
      const examples = examplesOf(spec, target);
      assert.ok(examples.size > 0, 'the document gives examples');
      for (const [example, body] of examples) assert.deepEqual(validateAgainst(spec, target, body), [], example);
    });
  }

  test('PayPal\'s own create example uses a field its schema does not declare: the undeclared-field check reports it', () => {
    const spec = openApiSpec('paypal/checkout_orders_v2');
    const [body] = examplesOf(spec, { operation: 'orders.create', request: true }).values();
    assert.deepEqual(validateAgainst(spec, { operation: 'orders.create', request: true }, body), [
      '/payment_source/paypal/experience_context/payment_method_selected is not in the schema',
    ]);
  });

  test('an Adyen answer with an unknown resultCode, a string amount and an invented field is refused on each', () => {
    const spec = openApiSpec('adyen/CheckoutService-v71');
    const target = { operation: 'post-payments', status: 200 };
    const refused = { pspReference: 'SBX0000000000001', resultCode: 'Refused', refusalReason: 'Refused', refusalReasonCode: '2', amount: { currency: 'EUR', value: 4990 }, merchantReference: 'ord-1' };
    assert.deepEqual(validateAgainst(spec, target, refused), []);
    const problems = validateAgainst(spec, target, { ...refused, resultCode: 'Declined', amount: { currency: 'EUR', value: '49.90' }, orderId: 'ord-1' });
    assert.equal(problems.length, 3, problems.join('\n'));
  });
});
