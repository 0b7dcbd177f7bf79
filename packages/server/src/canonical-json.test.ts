import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { canonicalJson, requestHash } from './canonical-json.js';

/** The form hashes were first stored in: a replacer sorting keys at every depth. */
function reference(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) sorted[key] = (inner as Record<string, unknown>)[key];
    return sorted;
  });
}

test('canonical JSON is the text hashes were stored from, for any JSON value', () => {
  fc.assert(fc.property(fc.jsonValue(), (value) => {
    assert.equal(canonicalJson(value), reference(value));
  }), { numRuns: 2000 });
});

test('canonical JSON sorts keys at every depth, drops undefined fields and writes undefined items as null', () => {
  const value = { b: 1, a: { d: [undefined, 'x', { z: 1, y: undefined }], c: null }, e: undefined, when: new Date(0) };
  assert.equal(canonicalJson(value), '{"a":{"c":null,"d":[null,"x",{"z":1}]},"b":1,"when":"1970-01-01T00:00:00.000Z"}');
  assert.equal(canonicalJson(value), reference(value));
});

test('canonical JSON writes integer-like keys first, in numeric order, as the stored form did', () => {
  const value = { b: 1, 10: 'ten', '': '', 2: 'two', a: { 1: true, z: 0 } };
  assert.equal(canonicalJson(value), '{"2":"two","10":"ten","":"","a":{"1":true,"z":0},"b":1}');
  assert.equal(canonicalJson(value), reference(value));
});

test('two carts with their keys in another order hash the same', () => {
  assert.equal(
    requestHash({ amount: 4990, currency: 'EUR', items: [{ sku: 'a', qty: 1 }] }),
    requestHash({ items: [{ qty: 1, sku: 'a' }], currency: 'EUR', amount: 4990 }),
  );
});

test('canonical JSON leaves out a "__proto__" key, as the stored form did (found by the property above, seed 1850505098)', () => {
  const value = JSON.parse('{"b":1,"__proto__":{"x":1},"a":{"__proto__":""}}') as unknown;
  assert.equal(canonicalJson(value), '{"a":{},"b":1}');
  assert.equal(canonicalJson(value), reference(value));
});
