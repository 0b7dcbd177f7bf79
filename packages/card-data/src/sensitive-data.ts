import { isMod97Reference, passesLuhn } from './check-digits.js';

/**
 * PCI scope: a server that stores a card number or a PaymentIntent client secret, even once and
 * by mistake, is in scope for PCI DSS, and a queued order sits in the shopper's IndexedDB for up
 * to a week. Relais never sends or keeps either: the merchant API refuses any body that looks
 * like it holds one, and the queue any order, with these same rules.
 */

// Compared after lower-casing and dropping separators, so `card_number`, `cardNumber` and
// `Card-Number` are one name.
const SENSITIVE_KEY = /^(card.*|pan|number|cvc\d?|cvv\d?|csc|securitycode|.*secret)$/;

// Stripe client secrets (`pi_…_secret_…`, `seti_…_secret_…`) carry this marker.
const SECRET_MARKER = /_secret_/;

// Random UUIDs (the usual orderId) can hold a long run of digits across their dashes;
// masking them keeps one order in a few hundred from being refused as a card number.
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

// Card numbers are written with single spaces or dashes between groups.
const DIGIT_RUN = /\d(?:[ -]?\d)*/g;

function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

function holdsCardNumber(text: string): boolean {
  if (isMod97Reference(text)) return false;
  for (const [run] of text.replace(UUID, '#').matchAll(DIGIT_RUN)) {
    const digits = run.replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && passesLuhn(digits)) return true;
  }
  return false;
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
    for (const [key, inner] of Object.entries(value)) {
      if (isSensitiveKey(key) || isSensitiveValue(key)) return true;
      pending.push(inner);
    }
  }
  return false;
}
