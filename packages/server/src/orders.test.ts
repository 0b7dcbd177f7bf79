import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, type Order } from './index.js';
import { anOrder, post } from './fixtures.js';

function setup(bankTransfer?: (order: Order) => { iban: string; bic?: string; beneficiary: string } | undefined) {
  const store = openOrderStore();
  const handler = createRelaisHandler(bankTransfer ? { store, bankTransfer } : { store });
  return { store, handler };
}

describe('POST /orders', () => {
  test('a new order is recorded once and answered 201 with its status', async () => {
    const { store, handler } = setup();
    const response = await post(handler, anOrder());
    assert.equal(response.status, 201);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(response.headers.get('idempotent-replayed'), null);
    const { secret, ...answer } = (await response.json()) as { secret: unknown };
    assert.deepEqual(answer, { orderId: 'ord-1', status: 'pending', method: 'stripe', amount: 4990, currency: 'EUR' });
    assert.match(String(secret), /^[A-Za-z0-9_-]{43}$/, 'the order secret, 256 bits in base64url');
    assert.deepEqual(store.list().map((stored) => stored.order), [anOrder()]);
  });

  test('the same key and body again answers 200 with the identical body, marked replayed', async () => {
    const { store, handler } = setup();
    const first = await post(handler, anOrder({ paymentReference: 'pi_3Abc' }));
    const replay = await post(handler, anOrder({ paymentReference: 'pi_3Abc' }));
    assert.equal(first.status, 201);
    assert.equal(replay.status, 200);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(await replay.text(), await first.text());
    assert.equal(store.list().length, 1);
  });

  test('a replay with the keys in another order is the same request', async () => {
    const { handler } = setup();
    await post(handler, anOrder({ customer: { email: 'a@b.fr', name: 'Ada' } }));
    const reordered = { customer: { name: 'Ada', email: 'a@b.fr' }, method: 'stripe', currency: 'EUR', amount: 4990, orderId: 'ord-1' };
    assert.equal((await post(handler, reordered)).status, 200);
  });

  test('the same key with a different body answers 422 and keeps the first order', async () => {
    const { store, handler } = setup();
    await post(handler, anOrder());
    const reuse = await post(handler, anOrder({ amount: 5990 }));
    assert.equal(reuse.status, 422);
    assert.deepEqual(await reuse.json(), { error: 'idempotency-key-reuse' });
    assert.equal(store.get('ord-1')?.order.amount, 4990);
    assert.equal(store.list().length, 1);
  });

  test('an order without Idempotency-Key is refused', async () => {
    const { store, handler } = setup();
    const response = await post(handler, anOrder(), { key: null });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: 'idempotency-key-missing' });
    assert.equal(store.list().length, 0);
  });

  test('an Idempotency-Key other than the orderId is refused', async () => {
    const { store, handler } = setup();
    const response = await post(handler, anOrder(), { key: 'ord-2' });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: 'idempotency-key-mismatch' });
    assert.equal(store.list().length, 0);
  });

  const invalid: Array<[string, unknown, string]> = [
    ['a body that is not JSON', '{"orderId": ', 'body'],
    ['a body that is an array', [anOrder()], 'body'],
    ['a missing orderId', anOrder({ orderId: undefined }), 'orderId'],
    ['an empty orderId', anOrder({ orderId: '' }), 'orderId'],
    ['an orderId of 65 characters', anOrder({ orderId: 'x'.repeat(65) }), 'orderId'],
    ['an orderId with a space', anOrder({ orderId: 'ord 1' }), 'orderId'],
    ['a zero amount', anOrder({ amount: 0 }), 'amount'],
    ['a negative amount', anOrder({ amount: -100 }), 'amount'],
    ['a fractional amount', anOrder({ amount: 49.9 }), 'amount'],
    ['an amount as a string', anOrder({ amount: '4990' }), 'amount'],
    ['an amount beyond safe integers', anOrder({ amount: 2 ** 53 }), 'amount'],
    ['a lower-case currency', anOrder({ currency: 'eur' }), 'currency'],
    ['a four-letter currency', anOrder({ currency: 'EURO' }), 'currency'],
    ['an unknown method', anOrder({ method: 'bitcoin' }), 'method'],
    ['items that are not a list', anOrder({ items: {} }), 'items'],
    ['an item without a name', anOrder({ items: [{ name: '', quantity: 1, amount: 100 }] }), 'items[0].name'],
    ['an item with quantity 0', anOrder({ items: [{ name: 'Tea', quantity: 0, amount: 100 }] }), 'items[0].quantity'],
    ['an item with a negative amount', anOrder({ items: [{ name: 'Tea', quantity: 1, amount: -1 }] }), 'items[0].amount'],
    ['an item with an unknown field', anOrder({ items: [{ name: 'Tea', quantity: 1, amount: 1, sku: 'T' }] }), 'items[0].sku'],
    ['a customer that is a string', anOrder({ customer: 'Ada' }), 'customer'],
    ['a customer email without @', anOrder({ customer: { email: 'ada.example' } }), 'customer.email'],
    ['a customer with an unknown field', anOrder({ customer: { phone: '+33' } }), 'customer.phone'],
    ['an empty reference', anOrder({ reference: '' }), 'reference'],
    ['a numeric paymentReference', anOrder({ paymentReference: 42 }), 'paymentReference'],
    ['an unknown top-level field', anOrder({ discount: 10 }), 'discount'],
  ];
  for (const [what, body, field] of invalid) {
    test(`${what} is refused as invalid-order naming ${field}`, async () => {
      const { store, handler } = setup();
      const response = await post(handler, body, { key: 'ord-1' });
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: 'invalid-order', field });
      assert.equal(store.list().length, 0);
    });
  }

  const sensitive: Array<[string, Record<string, unknown>]> = [
    ['a card field', anOrder({ card: { brand: 'visa' } })],
    ['a cvc field inside customer', anOrder({ customer: { cvc: '123' } })],
    ['a number field', anOrder({ number: 'x' })],
    ['a clientSecret field', anOrder({ clientSecret: 'x' })],
    ['a Luhn-valid card number in the customer name', anOrder({ customer: { name: '4242 4242 4242 4242' } })],
    ['a dashed card number in an item name', anOrder({ items: [{ name: 'note 4111-1111-1111-1111', quantity: 1, amount: 1 }] })],
    ['a card number in the bank reference', anOrder({ method: 'bank-transfer', reference: '4111111111111111' })],
    ['a card number sent as a JSON number', anOrder({ items: [{ name: 'Tea', quantity: 1, amount: 4242424242424242 }] })],
    ['a PaymentIntent client secret as payment reference', anOrder({ paymentReference: 'pi_3Abc_secret_XyZ' })],
  ];
  for (const [what, body] of sensitive) {
    test(`${what} is refused and nothing is stored`, async () => {
      const { store, handler } = setup();
      const response = await post(handler, body);
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: 'sensitive-data-refused' });
      assert.equal(store.list().length, 0);
    });
  }

  const lookalikes: Array<[string, Record<string, unknown>]> = [
    // Its digits across the dashes (1234567842349676) pass Luhn.
    ['a UUID orderId holding a Luhn-valid run of digits', anOrder({ orderId: 'abcd1234-5678-4234-9676-abcdefabcdef' })],
    // Its digits after RF (29539007547034 15) pass Luhn; the reference passes MOD 97.
    ['an RF creditor reference whose digits pass Luhn', anOrder({ method: 'bank-transfer', reference: 'RF29 5390 0754 7034 15' })],
    ['a card-length number that fails Luhn', anOrder({ customer: { name: 'Ada 4242 4242 4242 4241' } })],
  ];
  for (const [what, body] of lookalikes) {
    test(`${what} is accepted`, async () => {
      const { handler } = setup();
      assert.equal((await post(handler, body)).status, 201);
    });
  }

  test('a body over 64 KiB is refused with 413', async () => {
    const { handler } = setup();
    const response = await post(handler, anOrder({ items: [{ name: 'x'.repeat(70_000), quantity: 1, amount: 1 }] }));
    assert.equal(response.status, 413);
    assert.deepEqual(await response.json(), { error: 'body-too-large' });
  });

  const statuses: Array<[string, Record<string, unknown>, string]> = [
    ['a bank transfer', anOrder({ method: 'bank-transfer' }), 'pending-payment'],
    // A reference the server cannot verify (no payment of this order at the provider) pays nothing.
    ['a Stripe order with an unverifiable payment reference', anOrder({ paymentReference: 'pi_3Abc' }), 'pending'],
    ['a PayPal order with an unverifiable payment reference', anOrder({ method: 'paypal', paymentReference: '5O190127TN364715T' }), 'pending'],
    ['a PayPal order without a payment reference', anOrder({ method: 'paypal' }), 'pending'],
  ];
  for (const [what, body, status] of statuses) {
    test(`${what} is answered with status ${status}`, async () => {
      const { handler } = setup();
      const answer = (await (await post(handler, body)).json()) as { status: string };
      assert.equal(answer.status, status);
    });
  }

  test('20 concurrent requests with one key record one order: one 201, nineteen identical 200s', async () => {
    const { store, handler } = setup();
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(handler, anOrder())));
    const statuses = responses.map((response) => response.status).sort();
    assert.deepEqual(statuses, [...Array<number>(19).fill(200), 201]);
    const bodies = new Set(await Promise.all(responses.map((response) => response.text())));
    assert.equal(bodies.size, 1);
    assert.equal(store.list().length, 1);
  });
});

describe('bank-transfer instructions', () => {
  test('each order gets the account the bankTransfer option gives it, with its reference', async () => {
    const { handler } = setup((order) => ({
      iban: order.orderId === 'ord-1' ? 'FR7630006000011234567890189' : 'DE89370400440532013000',
      bic: 'AGRIFRPP',
      beneficiary: 'Shop SAS',
    }));
    const first = await post(handler, anOrder({ method: 'bank-transfer', reference: 'RF18539007547034' }));
    const second = await post(handler, anOrder({ orderId: 'ord-2', method: 'bank-transfer' }));
    const { secret: _secret, ...firstAnswer } = (await first.json()) as { secret: string };
    assert.deepEqual(firstAnswer, {
      orderId: 'ord-1', status: 'pending-payment', method: 'bank-transfer', amount: 4990, currency: 'EUR',
      reference: 'RF18539007547034',
      bankTransfer: { iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP', beneficiary: 'Shop SAS', reference: 'RF18539007547034' },
    });
    const answer = (await second.json()) as { bankTransfer?: unknown };
    assert.deepEqual(answer.bankTransfer, { iban: 'DE89370400440532013000', bic: 'AGRIFRPP', beneficiary: 'Shop SAS' });
  });

  test('the account is allocated once: a replay does not call bankTransfer again', async () => {
    let calls = 0;
    const { handler } = setup(() => ({ iban: `IBAN-${++calls}`, beneficiary: 'Shop' }));
    const first = await post(handler, anOrder({ method: 'bank-transfer' }));
    const replay = await post(handler, anOrder({ method: 'bank-transfer' }));
    assert.equal(calls, 1);
    assert.equal(await replay.text(), await first.text());
  });

  test('no bankTransfer block when the option gives nothing or the method is not a transfer', async () => {
    let calls = 0;
    const { handler } = setup(() => {
      calls++;
      return undefined;
    });
    const transfer = (await (await post(handler, anOrder({ method: 'bank-transfer' }))).json()) as object;
    const card = (await (await post(handler, anOrder({ orderId: 'ord-2' }))).json()) as object;
    assert.equal('bankTransfer' in transfer, false);
    assert.equal('bankTransfer' in card, false);
    assert.equal(calls, 1);
  });

  test('an order reserved while every method was down is recorded as awaiting a payment link', async () => {
    const { handler } = setup();
    const response = await post(handler, { orderId: 'reserved-1', amount: 4990, currency: 'EUR', method: 'pay-later' });
    assert.equal(response.status, 201);
    assert.equal((await response.json()).status, 'awaiting-payment-link');
  });
});
