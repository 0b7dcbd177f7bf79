// The card-number rule, against generated card numbers (every issuer prefix, length and
// written form), realistic order data, and the published test cards of Stripe, Adyen and PayPal.
// Runs on the compiled package (`tsc -b packages/card-data`, done by `npm test`).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { containsSensitiveData } from '@relais/card-data';
import { CARD_ISSUERS } from '../dist/issuers.js';
import { grouped, luhnCheckDigit, measure, PRINTED_GROUPS, realisticReferences } from './references.mjs';

const FORMATS = ['run', 'spaces', 'dashes'];

function written(number, format) {
  if (format === 'run') return number;
  return grouped(number, PRINTED_GROUPS[number.length], format === 'spaces' ? ' ' : '-');
}

/** A Luhn-valid number of `length` digits starting with a value in `prefix` ('4' or '2221-2720'). */
function cardNumber(prefix, length) {
  const [from, to = from] = prefix.split('-');
  return fc.tuple(fc.integer({ min: Number(from), max: Number(to) }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }))
    .map(([head, tail]) => {
      const partial = (String(head).padStart(from.length, '0') + tail.join('')).slice(0, length - 1);
      return partial + luhnCheckDigit(partial);
    });
}

// Text around the number that leaves it a token of its own: any text, then a character that
// does not join it to that text; after it, a separator, then any text.
const before = fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom('\n', '(', '"', ': ', 'card ', 'N° ', '= ', '[')).map(([text, edge]) => text + edge);
const after = fc.oneof(
  fc.constant(''),
  fc.tuple(fc.constantFrom(' ', '. ', ', ', ')', '\n', '"', ' exp 12/34', ' 12/34 123', ' 1234 567', '; '), fc.string({ maxLength: 20 })).map(([edge, text]) => edge + text),
);
const key = fc.constantFrom('note', 'items', 'name', 'customer', 'reference', 'lines', 'meta', 'comment');

/** `value` at the end of a random path of object keys and array items. */
function nested(value) {
  return fc.array(fc.tuple(key, fc.boolean()), { maxLength: 4 }).map((path) =>
    path.reduceRight((inner, [name, inArray]) => ({ orderId: 'ord-1', [name]: inArray ? ['x', inner] : inner }), value));
}

describe('card numbers are refused', () => {
  for (const { brand, prefixes, lengths } of CARD_ISSUERS) {
    for (const prefix of prefixes) {
      for (const length of lengths) {
        for (const format of FORMATS) {
          test(`${brand} ${prefix}, ${length} digits, ${format}: alone, in text, in an object`, () => {
            fc.assert(fc.property(cardNumber(prefix, length), before, after, (number, head, tail) => {
              const form = written(number, format);
              assert.ok(containsSensitiveData(form), form);
              assert.ok(containsSensitiveData(head + form + tail), JSON.stringify(head + form + tail));
            }), { numRuns: 25 });
            fc.assert(fc.property(cardNumber(prefix, length).chain((number) => nested(written(number, format))), (body) => {
              assert.ok(containsSensitiveData(body), JSON.stringify(body));
            }), { numRuns: 10 });
          });
        }
      }
    }
  }

  test('a card number sent as a JSON number', () => {
    const safe = CARD_ISSUERS.flatMap(({ prefixes, lengths }) => prefixes.flatMap((prefix) => lengths.filter((length) => length <= 15 || (length === 16 && Number(prefix.slice(0, 1)) < 9)).map((length) => cardNumber(prefix, length))));
    fc.assert(fc.property(fc.oneof(...safe).filter((number) => Number.isSafeInteger(Number(number))).chain((number) => nested(Number(number))), (body) => {
      assert.ok(containsSensitiveData(body), JSON.stringify(body));
    }), { numRuns: 500 });
  });

  test('each IIN range the rule is written from, at both ends', () => {
    const ranges = {
      Visa: ['4'], Mastercard: ['51', '55', '2221', '2720'], 'American Express': ['34', '37'],
      Discover: ['6011', '644', '649', '65', '622126', '622925'], 'Diners Club': ['36', '38', '39', '300', '305'],
      JCB: ['3528', '3589'], UnionPay: ['62'], Maestro: ['50', '56', '69'], Mir: ['2200', '2204'],
    };
    for (const [brand, starts] of Object.entries(ranges)) {
      for (const start of starts) {
        const length = brand === 'American Express' ? 15 : 16;
        const partial = start.padEnd(length - 1, '7');
        const number = partial + luhnCheckDigit(partial);
        assert.ok(containsSensitiveData(number), `${brand} ${number}`);
      }
    }
  });
});

describe('what is not a card number', () => {
  const refusedNot = [
    ['a number no issuer starts like', ['1234567812345670', '7000000000000007', '2220999999999990']],
    ['a length its issuer never uses', ['4242424242424', '3782822463100051', '30569309025904']],
    ['a number that fails Luhn', ['4242 4242 4242 4241', '4242424242424241']],
    ['groups no card is printed in', ['424 2424 2424 24242', '42424-24242-424242', '4242 4242 42424242']],
    ['mixed separators', ['4242 4242-4242 4242', '4242-4242 4242-4242']],
    ['a card-shaped run inside a longer token', ['ORD-4242424242424242', 'x4242424242424242', '+4242424242424242', '4242424242424242-99', '978-4242424242424242', 'abcd1234-5678-4234-9676-abcdefabcdef']],
    ['an IBAN or RF reference whose digits pass Luhn', ['RF29 5390 0754 7034 15', 'RF365390075470344', 'FR76 3000 6000 0112 3456 7890 189', 'DE89 3704 0044 0532 0130 00']],
    ['the end of a longer space-separated run', ['9205 5061 1783 2602 9496 63', '12 4242 4242 4242 4242 12']],
  ];
  for (const [what, texts] of refusedNot) {
    test(`${what} is accepted`, () => {
      for (const text of texts) assert.equal(containsSensitiveData(text), false, text);
    });
  }

  test('10,000 dashed order ids of one day are all accepted (the old rule refused 999)', () => {
    for (let i = 0; i < 10_000; i++) {
      const orderId = `ORD-20250601-${String(123456 + i * 7).padStart(6, '0')}`;
      assert.equal(containsSensitiveData({ orderId }), false, orderId);
    }
  });

  test('realistic references never refused by construction: order ids, ISBNs, IBANs, RF references, phones, timestamps, UUIDs, amounts', () => {
    const structural = new Set(['order id', 'ISBN-13', 'IBAN', 'RF creditor reference', 'phone', 'date or timestamp', 'UUID', 'amount']);
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
      for (const { kind, text } of realisticReferences(200, seed)) {
        if (structural.has(kind)) assert.equal(containsSensitiveData({ items: [{ name: text }] }), false, `${kind}: ${text} (seed ${seed})`);
      }
    }), { numRuns: 100 });
  });
});

test('20,000 realistic references: at most 0.01 % refused; published test cards in every written form: none missed', () => {
  // The same generator as scripts/card-data-rates.mjs (100,000 references there).
  const { references, falsePositives, cardCases, misses } = measure(containsSensitiveData, { count: 20_000, seed: 20250601 });
  assert.ok(falsePositives.length <= references * 0.0001, `${falsePositives.length} false positives: ${JSON.stringify(falsePositives)}`);
  assert.ok(cardCases > 500);
  assert.deepEqual(misses, []);
});
