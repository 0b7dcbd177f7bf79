import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { isoNow } from './iso-now.js';
import { openOrderStore } from './order-store.js';

test('the time written is the clock\'s millisecond as toISOString writes it, and follows the clock both ways', (t) => {
  mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-07T05:40:31.030Z') });
  t.after(() => mock.timers.reset());
  assert.equal(isoNow(), '2026-12-07T05:40:31.030Z');
  assert.equal(isoNow(), '2026-12-07T05:40:31.030Z');
  mock.timers.tick(1);
  assert.equal(isoNow(), '2026-12-07T05:40:31.031Z');
  mock.timers.setTime(Date.parse('2026-12-07T05:40:30.999Z')); // a clock set back
  assert.equal(isoNow(), '2026-12-07T05:40:30.999Z');
});

test('two orders recorded in two milliseconds carry each its own created_at', (t) => {
  mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-07T05:40:31.030Z') });
  t.after(() => mock.timers.reset());
  const store = openOrderStore(':memory:');
  t.after(() => store.close());
  const record = (orderId: string) => store.insertOrGet({
    idempotencyKey: orderId, requestHash: 'h', order: { orderId, amount: 4990, currency: 'EUR', method: 'stripe' },
    answer: () => ({ status: 201, body: { orderId, status: 'pending', method: 'stripe', amount: 4990, currency: 'EUR' } }),
    answerIsPure: true,
  }).stored;
  const first = record('ord-1');
  mock.timers.tick(1);
  const second = record('ord-2');
  assert.equal(first.createdAt, '2026-12-07T05:40:31.030Z');
  assert.equal(second.createdAt, '2026-12-07T05:40:31.031Z');
  assert.equal(store.get('ord-2')?.createdAt, '2026-12-07T05:40:31.031Z');
});
