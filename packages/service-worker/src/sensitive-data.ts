/**
 * PCI scope, on the client: a queued order sits in the shopper's IndexedDB for up to a week, so
 * a card number or a PaymentIntent client secret written there by mistake would outlive the
 * page. The queue refuses any order that looks like it holds one, with the same rules as the
 * merchant API (`@relais/server` `sensitive-data.ts`): an order the queue accepts is never refused
 * by the server for this reason, and nothing the server would refuse is ever kept.
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

/** Luhn (ISO/IEC 7812): every payment card number passes it. `digits` holds only 0-9. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * ISO 7064 MOD 97-10 (IBANs, ISO 11649 `RF…` references). Such a reference can hold a
 * Luhn-valid run of digits by chance: recognised first, it is never mistaken for a card number.
 */
function isMod97Reference(text: string): boolean {
  const compact = text.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(compact)) return false;
  const rotated = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rotated) {
    const value = Number.parseInt(char, 36);
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder === 1;
}

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
  if (typeof value === 'number' && Number.isSafeInteger(value)) return holdsCardNumber(String(Math.abs(value)));
  return false;
}

/** True when any key or value, at any depth, looks like card data or a client secret. */
export function containsSensitiveData(body: unknown): boolean {
  // Iterative on purpose: a deeply nested object must not overflow the stack.
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
