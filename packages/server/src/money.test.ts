import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { currencyExponent, fromDecimalString, toDecimalString } from './money.js';

describe('money', () => {
  const cases: Array<[number, string, string]> = [
    [4990, 'EUR', '49.90'],
    [5, 'EUR', '0.05'],
    [100, 'USD', '1.00'],
    [500, 'JPY', '500'],
    [5, 'KWD', '0.005'],
    [1234567, 'BHD', '1234.567'],
  ];
  for (const [minor, currency, decimal] of cases) {
    test(`${minor} ${currency} is '${decimal}' and back`, () => {
      assert.equal(toDecimalString(minor, currency), decimal);
      assert.equal(fromDecimalString(decimal, currency), minor);
    });
  }

  test('the exponent comes from the currency', () => {
    assert.deepEqual(['EUR', 'JPY', 'KWD'].map(currencyExponent), [2, 0, 3]);
  });

  test('a decimal with more places than the currency has, or not a number, is not an amount', () => {
    assert.equal(fromDecimalString('1.001', 'EUR'), undefined);
    assert.equal(fromDecimalString('1.5', 'JPY'), undefined);
    assert.equal(fromDecimalString('-1.00', 'EUR'), undefined);
    assert.equal(fromDecimalString('1e3', 'EUR'), undefined);
  });

  test('a non-integer or negative minor amount is a bug, not a price', () => {
    assert.throws(() => toDecimalString(49.9, 'EUR'), RangeError);
    assert.throws(() => toDecimalString(-1, 'EUR'), RangeError);
  });
});
