import { passesLuhn } from './check-digits.js';
import { CARD_ISSUERS, issuersOf } from './issuers.js';

/**
 * PCI scope: a server that stores a card number or a PaymentIntent client secret, even once and
 * by mistake, is in scope for PCI DSS, and a queued order sits in the shopper's IndexedDB for up
 * to a week. Relais never sends or keeps either: the merchant API refuses any body that looks
 * like it holds one, and the queue any order, with these same rules.
 *
 * A card number is 14 to 19 digits that pass Luhn and start like a known issuer's number (see
 * issuers.ts), written as one unbroken run or in the groups printed on cards, separated by
 * single spaces or single dashes, the same separator throughout. Digits are never taken out of
 * the token they belong to: order ids (`ORD-20250601-123456`), ISBNs (`978-2-07-036822-8`),
 * IBANs (`FR76 3000 6000 …`), UUIDs, phone numbers (`+33 6 12 34 56 78`) and timestamps hold
 * Luhn-valid digit runs by chance, and a rule that joined digits across any dash or space
 * refused about one order in ten for it.
 */

// Compared after lower-casing and dropping separators, so `card_number`, `cardNumber` and
// `Card-Number` are one name.
const SENSITIVE_KEY = /^(card.*|pan|number|cvc\d?|cvv\d?|csc|securitycode|.*secret)$/;

// Stripe client secrets (`pi_…_secret_…`, `seti_…_secret_…`) carry this marker.
const SECRET_MARKER = /_secret_/;

// How card numbers are printed, by length: 4-4-4-4 for most brands, 4-6-5 for Amex, 4-6-4 for
// 14-digit Diners, and a short fifth group for 17 to 19 digits.
const GROUPINGS: ReadonlyMap<number, readonly string[]> = new Map([
  [14, ['4 6 4']],
  [15, ['4 6 5']],
  [16, ['4 4 4 4']],
  [17, ['4 4 4 4 1']],
  [18, ['4 4 4 4 2']],
  [19, ['4 4 4 4 3']],
]);

// The most groups a printed card number has. A longer space-separated run of groups is looked at
// from its start only: a card number is followed by its expiry and CVC (`4242 4242 4242 4242
// 1234 567`), while the end of a long run (a USPS tracking number, `9205 5061 1783 2602 9496
// 63`) holds card-shaped groups by chance.
const MOST_GROUPS = 5;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const ASCII_DIGIT = /[0-9]/;
// Join what is on either side into one token: `ORD-123`, `INV/2025`, `v1.2`, `sku_42`.
const JOINER = /[-_./]/;
// Join digits only: `12:30`, `1,250` (but `card:` and `total,` are labels).
const DIGIT_JOINER = /[:,]/;

interface Group {
  readonly start: number;
  readonly end: number;
  readonly digits: string;
}

/**
 * What touches a group of digits on one side:
 * - `open`: nothing, a space or punctuation; or a single space before more digits (`spaced`);
 * - `joined`: a joiner with a letter or digit behind it (`2025-06-01`, `12/34`, `ORD-`), so
 *   the group belongs to that other token;
 * - `glued`: a letter (`FR76`, `abcd1234`) or a `+` (`+33 6 …`), so the digits next to it are
 *   part of an IBAN, a UUID or a phone number.
 */
type Edge = 'open' | 'spaced' | 'joined' | 'glued';

function edgeOf(text: string, group: Group, side: 'before' | 'after'): Edge {
  const next = side === 'before' ? text[group.start - 1] : text[group.end];
  const beyond = side === 'before' ? text[group.start - 2] : text[group.end + 1];
  if (next === undefined) return 'open';
  if (LETTER_OR_DIGIT.test(next) || (next === '+' && side === 'before')) return 'glued';
  if (beyond === undefined) return 'open';
  if (next === ' ' && ASCII_DIGIT.test(beyond)) return 'spaced';
  if (JOINER.test(next) && LETTER_OR_DIGIT.test(beyond)) return 'joined';
  if (DIGIT_JOINER.test(next) && ASCII_DIGIT.test(beyond)) return 'joined';
  return 'open';
}

/** `groups`, consecutive in the text and separated by one separator, written as a card is. */
function isCardNumber(groups: readonly Group[]): boolean {
  const digits = groups.map((group) => group.digits).join('');
  if (groups.length > 1) {
    const shape = groups.map((group) => group.digits.length).join(' ');
    if (!GROUPINGS.get(digits.length)?.includes(shape)) return false;
  }
  return issuersOf(digits).length > 0 && passesLuhn(digits);
}

/** Splits `groups` where the character between two of them is not `separator` alone. */
function chains(text: string, groups: readonly Group[], separator: string): Group[][] {
  const found: Group[][] = [];
  let chain: Group[] = [];
  for (const group of groups) {
    const previous = chain.at(-1);
    if (previous && !(group.start === previous.end + 1 && text[previous.end] === separator)) {
      found.push(chain);
      chain = [];
    }
    chain.push(group);
  }
  if (chain.length > 0) found.push(chain);
  return found;
}

// IBANs and ISO 11649 creditor references (`RF18 5390 0754 7034`) hold Luhn-valid digits by
// chance; their digits are glued to the country code or `RF`, so they are never looked at. Not
// exempting a whole text that passes MOD 97 (isMod97Reference) on purpose: `AB12 card 4242 4242
// 4242 4242` passes it one time in 97.
function holdsCardNumber(text: string): boolean {
  // Most fields (ids, amounts, currencies, names) hold fewer digits than the shortest card
  // number: counting them is far cheaper than finding and chaining their groups.
  if (!hasDigits(text, FEWEST_CARD_DIGITS)) return false;
  const groups: Group[] = [...text.matchAll(/[0-9]+/g)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    digits: match[0],
  }));

  // Dashes bind: a dashed number is a card only as a whole (`4111-1111-1111-1111`), never as
  // part of a longer dashed reference.
  for (const chain of chains(text, groups, '-')) {
    if (chain.length < 2) continue;
    const before = edgeOf(text, chain[0]!, 'before');
    const after = edgeOf(text, chain.at(-1)!, 'after');
    if ((before === 'open' || before === 'spaced') && (after === 'open' || after === 'spaced') && isCardNumber(chain)) {
      return true;
    }
  }

  // Spaces separate more loosely: a card number may open a longer run of space-separated
  // groups (`4242 4242 4242 4242 12/34`). An unbroken run of digits is the one-group case.
  for (let chain of chains(text, groups, ' ')) {
    const before = edgeOf(text, chain[0]!, 'before');
    const after = edgeOf(text, chain.at(-1)!, 'after');
    // Glued at its start (`FR76 3000 6000 0112 3456 7890 189`), the run is the tail of an
    // IBAN or another reference, and none of it is looked at.
    if (before === 'glued') continue;
    // A group joined to the token before or after it belongs to that token (`2025-06-01 4242
    // 4242 4242 4242`, `4242 4242 4242 4242 12/34`, `… 1234 567A`), not to the card number.
    if (before === 'joined') chain = chain.slice(1);
    if (after === 'joined' || after === 'glued') chain = chain.slice(0, -1);
    for (let size = 1; size <= Math.min(MOST_GROUPS, chain.length); size++) {
      if (isCardNumber(chain.slice(0, size))) return true;
    }
  }
  return false;
}

const FEWEST_CARD_DIGITS = Math.min(...CARD_ISSUERS.flatMap((issuer) => issuer.lengths));

/** True when `text` holds at least `count` ASCII digits. */
function hasDigits(text: string, count: number): boolean {
  let found = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57 && ++found >= count) return true;
  }
  return false;
}

// Bodies use the same few field names over and over: each is normalised once. Bounded, since a
// client chooses the names.
const KEY_VERDICTS = new Map<string, boolean>();
const MOST_KEY_VERDICTS = 1000;

function isSensitiveKey(key: string): boolean {
  let verdict = KEY_VERDICTS.get(key);
  if (verdict === undefined) {
    verdict = SENSITIVE_KEY.test(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
    if (KEY_VERDICTS.size < MOST_KEY_VERDICTS) KEY_VERDICTS.set(key, verdict);
  }
  return verdict;
}

function isSensitiveValue(value: unknown): boolean {
  if (typeof value === 'string') return SECRET_MARKER.test(value) || holdsCardNumber(value);
  // A card number sent as a JSON number is still a card number.
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    return holdsCardNumber(String(Math.abs(value)));
  }
  return false;
}

/** True when any key or value, at any depth, looks like card data or a client secret. */
export function containsSensitiveData(body: unknown): boolean {
  // Iterative on purpose: a deeply nested body must not overflow the stack.
  const pending: unknown[] = [body];
  while (pending.length > 0) {
    const value = pending.pop();
    if (isSensitiveValue(value)) return true;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
      continue;
    }
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (isSensitiveKey(key) || isSensitiveValue(key)) return true;
      pending.push((value as Record<string, unknown>)[key]);
    }
  }
  return false;
}
