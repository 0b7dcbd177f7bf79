// The small contracts page, worker and server share, on the compiled package: one Retry-After
// reader (strict), one date-time check, one lock name, one idempotency-key format.
// Runs on the compiled package (`tsc -b packages/contracts`, done by `npm test`).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isIsoDateTime, orderLockName, providerCallKey, retryAfterMs, withTimeout } from '@relais/contracts';

describe('Retry-After', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  test('delay-seconds: a non-negative integer, in ms', () => {
    assert.equal(retryAfterMs('120', now), 120_000);
    assert.equal(retryAfterMs(' 0 ', now), 0);
  });
  test('an HTTP date (IMF-fixdate) is the wait until then, never negative', () => {
    assert.equal(retryAfterMs('Sun, 06 Dec 2026 12:01:00 GMT', now), 60_000);
    assert.equal(retryAfterMs('Sun, 06 Dec 2026 11:00:00 GMT', now), 0);
  });
  test('anything else is no instruction: fractions, negatives, other date formats, words', () => {
    for (const header of ['1.5', '-3', '+5', '1e3', '2026-12-06T12:01:00Z', 'soon', '', null, undefined]) {
      assert.equal(retryAfterMs(header, now), undefined, String(header));
    }
  });
});

describe('date-times', () => {
  test('ISO 8601 with a zone is one; Date.parse-only strings are not', () => {
    assert.equal(isIsoDateTime('2026-12-06T12:00:00.123Z'), true);
    assert.equal(isIsoDateTime('2026-12-06T12:00+01:00'), true);
    for (const value of ['1', 'May 5', '2026-12-06', '2026-12-06T12:00:00', '2026-13-06T12:00:00Z', 1]) assert.equal(isIsoDateTime(value), false, String(value));
  });
});

describe('the order lock', () => {
  test('page, queue and worker hold one order under one name', () => {
    assert.equal(orderLockName('ord-1'), 'relais:order:ord-1');
  });
});

describe('idempotency keys', () => {
  test("a provider call's key is derived from the order id, the provider and the step", () => {
    assert.equal(providerCallKey('ord-1', 'stripe', 'create'), 'ord-1:stripe:create');
    assert.equal(providerCallKey('ord-1', 'paypal', 2), 'ord-1:paypal:2');
    assert.notEqual(providerCallKey('ord-1', 'paypal', 'create'), providerCallKey('ord-1', 'paypal', 'capture'));
  });
});

describe('withTimeout (IndexedDB on the page and in the worker)', () => {
  test('an answer in time passes through, and a rejection stays a rejection', async () => {
    assert.equal(await withTimeout(Promise.resolve(7), 1000), 7);
    await assert.rejects(withTimeout(Promise.reject(new Error('refused')), 1000), /refused/);
  });
  test('no answer within the limit rejects, naming what did not answer', async () => {
    await assert.rejects(withTimeout(new Promise(() => {}), 5), /IndexedDB did not answer within 5 ms/);
  });
});
