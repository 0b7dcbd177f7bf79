import { expect } from '@open-wc/testing';
import { DeliveryStatus, RETENTION_MS, createRecord, isDue, isExpired, markDelivering, type OrderRecord } from './order-record.js';
import { sampleOrder } from '../../../test/queue.js';

const endpoint = 'https://shop.example/checkout';
const now = Date.UTC(2025, 10, 26, 12);

function recordOf(order: unknown): OrderRecord {
  const check = createRecord(order, endpoint, now);
  if (!check.ok) throw new Error(`refused: ${check.code} ${check.field ?? ''}`);
  return check.record;
}

describe('an order record', () => {
  it('holds the order fields the merchant API takes', () => {
    const order = { ...sampleOrder({ paymentReference: 'pi_3QabcXYZ' }), reference: 'RF365390075470344' };
    const record = recordOf(order);
    expect(record.order).to.deep.equal({
      orderId: order.orderId,
      amount: 4990,
      currency: 'EUR',
      method: 'bank-transfer',
      items: [{ name: 'Carafe', quantity: 1, amount: 4990 }],
      customer: { email: 'ana@example.com', name: 'Ana Lima' },
      reference: 'RF365390075470344',
      paymentReference: 'pi_3QabcXYZ',
    });
    expect(record).to.include({ orderId: order.orderId, endpoint, status: DeliveryStatus.Pending, attempts: 0, createdAt: now, nextAttemptAt: now });
    expect(record.lastError).to.equal(null);
  });

  it('refuses what the merchant API would refuse, naming the field: an order kept here is one it accepts', () => {
    const refusals: Array<[unknown, string]> = [
      [{ ...sampleOrder(), notes: 'leave at the door' }, 'notes'],
      [{ ...sampleOrder(), amount: 100_000_000 }, 'amount'],
      [{ ...sampleOrder(), currency: 'XYZ' }, 'currency'],
      [{ ...sampleOrder(), method: 'card' }, 'method'],
      [{ ...sampleOrder(), items: [{ name: 'Carafe\u202e', quantity: 1, amount: 4990 }] }, 'items[0].name'],
      [{ ...sampleOrder(), customer: { name: '\u200b\u200b' } }, 'customer.name'],
    ];
    for (const [order, field] of refusals) {
      expect(createRecord(order, endpoint, now), field).to.deep.equal({ ok: false, code: 'invalid-order', field });
    }
  });

  for (const [where, order] of [
    ['a customer name', { ...sampleOrder(), customer: { name: '4242 4242 4242 4242' } }],
    ['an item name, dashed', { ...sampleOrder(), items: [{ name: 'gift 4000-0566-5566-5556', quantity: 1, amount: 100 }] }],
    ['a JSON number', { ...sampleOrder(), items: [{ name: 'x', quantity: 1, amount: 4242424242424242 }] }],
    ['an unknown field', { ...sampleOrder(), note: '5555555555554444' }],
  ] as const) {
    it(`refuses a card number in ${where}`, () => {
      expect(createRecord(order, endpoint, now)).to.deep.equal({ ok: false, code: 'sensitive-data' });
    });
  }

  it('refuses a client secret, and a field named like card data whatever its value', () => {
    expect(createRecord(sampleOrder({ paymentReference: 'pi_3Qabc_secret_Xyz' }), endpoint, now)).to.deep.equal({ ok: false, code: 'sensitive-data' });
    expect(createRecord({ ...sampleOrder(), cardNumber: 'n/a' }, endpoint, now)).to.deep.equal({ ok: false, code: 'sensitive-data' });
    expect(createRecord({ ...sampleOrder(), cvc: '' }, endpoint, now)).to.deep.equal({ ok: false, code: 'sensitive-data' });
  });

  it('does not mistake a UUID or an RF reference for a card number, though their digits pass Luhn', () => {
    // 12-3456-4789-8100 and 5390075470344 are Luhn-valid runs of 14 and 13 digits.
    expect(createRecord(sampleOrder({ orderId: 'abcdef12-3456-4789-8100-abcdefabcdef' }), endpoint, now).ok).to.equal(true);
    expect(createRecord({ ...sampleOrder(), reference: 'RF36 5390 0754 7034 4' }, endpoint, now).ok).to.equal(true);
  });

  it('names the first bad field of a malformed order or endpoint', () => {
    expect(createRecord({ ...sampleOrder(), amount: 0 }, endpoint, now)).to.deep.equal({ ok: false, code: 'invalid-order', field: 'amount' });
    expect(createRecord({ ...sampleOrder(), currency: 'eur' }, endpoint, now)).to.deep.equal({ ok: false, code: 'invalid-order', field: 'currency' });
    expect(createRecord(sampleOrder({ orderId: 'has space' }), endpoint, now)).to.deep.equal({ ok: false, code: 'invalid-order', field: 'orderId' });
    expect(createRecord(sampleOrder(), '/checkout', now)).to.deep.equal({ ok: false, code: 'invalid-order', field: 'endpoint' });
    expect(createRecord(sampleOrder(), 'javascript:alert(1)', now)).to.deep.equal({ ok: false, code: 'invalid-order', field: 'endpoint' });
  });

  it('is due at once; after an attempt, at its backoff, or at once for an outside signal, but never before Retry-After', () => {
    const record = recordOf(sampleOrder());
    expect(isDue(record, now)).to.equal(true);
    const waiting: OrderRecord = { ...record, attempts: 1, nextAttemptAt: now + 800, lastError: { code: 'http', status: 503, message: 'HTTP 503', at: now } };
    expect(isDue(waiting, now)).to.equal(false);
    expect(isDue(waiting, now + 800)).to.equal(true);
    expect(isDue(waiting, now, { ignoreBackoff: true })).to.equal(true);
    const told: OrderRecord = { ...waiting, lastError: { ...waiting.lastError!, retryAt: now + 30_000 } };
    expect(isDue(told, now + 1000, { ignoreBackoff: true })).to.equal(false);
    expect(isDue(told, now + 30_000, { ignoreBackoff: true })).to.equal(true);
  });

  it('skips the backoff on a connectivity signal only when the last attempt got no answer', () => {
    const record = recordOf(sampleOrder());
    const later = { ...record, attempts: 2, nextAttemptAt: now + 1500 };
    const unreachable: OrderRecord = { ...later, lastError: { code: 'network', message: 'network error', at: now } };
    const unwell: OrderRecord = { ...later, lastError: { code: 'http', status: 503, message: 'HTTP 503', at: now } };
    expect(isDue(unreachable, now, { ignoreBackoff: 'network' })).to.equal(true);
    expect(isDue(unwell, now, { ignoreBackoff: 'network' }), 'the network coming back does not heal a 503').to.equal(false);
    expect(isDue(unwell, now, { ignoreBackoff: true }), 'an explicit flush does').to.equal(true);
    expect(isDue({ ...unwell, status: DeliveryStatus.Delivering }, now, { ignoreBackoff: 'network' }), 'interrupted').to.equal(true);
  });

  it('counts an attempt when it starts, and a delivery lost with its sender becomes due when its lease ends', () => {
    const delivering = markDelivering(recordOf(sampleOrder()), now, 25_000);
    expect(delivering).to.include({ status: DeliveryStatus.Delivering, attempts: 1, nextAttemptAt: now + 25_000 });
    expect(isDue(delivering, now + 1000)).to.equal(false);
    expect(isDue(delivering, now + 25_000)).to.equal(true);
  });

  it('expires a week after it was created if it is still not delivered', () => {
    const record = recordOf(sampleOrder());
    expect(isExpired(record, now + RETENTION_MS - 1)).to.equal(false);
    expect(isExpired(record, now + RETENTION_MS)).to.equal(true);
    expect(isExpired({ ...record, status: DeliveryStatus.Failed }, now + RETENTION_MS)).to.equal(false);
  });
});
