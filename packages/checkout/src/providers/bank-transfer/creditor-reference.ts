/**
 * ISO 11649 structured creditor reference ("RF" reference): what the shopper types, or what
 * the EPC QR code carries, so that the merchant's bank statement names the order. SEPA banks
 * carry it untouched in the structured remittance field, unlike free text, which some banks
 * truncate or transliterate.
 *
 * Layout: "RF", two check digits, then a body of 1 to 21 characters from 0-9 A-Z, so at most
 * 25 characters.
 */
const MAX_BODY_LENGTH = 21;
const REFERENCE = /^RF(\d{2})([0-9A-Z]{1,21})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The reference for an order, the same on every call, in every release: it may already be
 * printed on a shopper's transfer when the page reloads, so the mapping must never change.
 *
 * - Short merchant ids keep their letters and digits ("cmd-2024-0042" -> body CMD20240042),
 *   so a person reconciling statements recognises the order. Ids that differ only in case or
 *   punctuation share a body: merchants whose ids do should pass a UUID instead.
 * - A UUID keeps its first 21 hex digits: support staff can search orders by that prefix. In
 *   a v4 UUID (what Relais generates) 78 of those 84 bits are random (the version nibble and
 *   two variant bits are fixed), so two orders collide after ~2^39 orders, not before.
 * - Anything else gets a 21-character base-36 digest of the whole id.
 */
export function creditorReference(orderId: string): string {
  return withCheckDigits(referenceBody(orderId));
}

function referenceBody(orderId: string): string {
  if (UUID.test(orderId)) return orderId.replaceAll('-', '').slice(0, MAX_BODY_LENGTH).toUpperCase();
  const alphanumerics = orderId.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
  if (alphanumerics.length >= 1 && alphanumerics.length <= MAX_BODY_LENGTH) return alphanumerics;
  return digest(orderId);
}

/** ISO 11649: check digits = 98 - (body + "RF00") mod 97, as two digits (02 to 98). */
function withCheckDigits(body: string): string {
  const check = 98 - mod97(`${body}RF00`);
  return `RF${String(check).padStart(2, '0')}${body}`;
}

/**
 * Electronic (no spaces) or paper (groups of four) format, any case; the check digits must
 * verify with ISO 7064 mod 97-10.
 */
export function isValidCreditorReference(ref: string): boolean {
  const match = REFERENCE.exec(normalizeCreditorReference(ref));
  if (!match) return false;
  const [, check = '', body = ''] = match;
  // 98 - (n mod 97) only yields 02..98. "00", "01" and "99" pass the mod-97 test as aliases
  // of 97, 98 and 02, yet no conforming encoder ever emits them: a typo, not a reference.
  const digits = Number(check);
  if (digits < 2 || digits > 98) return false;
  return mod97(`${body}RF${check}`) === 1;
}

export function normalizeCreditorReference(ref: string): string {
  return ref.replace(/\s+/gu, '').toUpperCase();
}

/** Paper format of ISO 11649: groups of four separated by a space, last group shorter. */
export function formatCreditorReference(ref: string): string {
  return normalizeCreditorReference(ref).replace(/(.{4})(?!$)/g, '$1 ');
}

/**
 * ISO 7064 mod 97-10 over an alphanumeric string whose letters count as A=10 … Z=35. Read
 * digit by digit so a 25-character reference (up to 48 decimal digits once letters become
 * two) never needs a number wider than a double holds exactly.
 */
function mod97(value: string): number {
  let rest = 0;
  for (const char of value) {
    const code = Number.parseInt(char, 36);
    rest = code < 10 ? (rest * 10 + code) % 97 : (rest * 100 + code) % 97;
  }
  return rest;
}

const FNV64_OFFSET_BASIS = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK_64 = (1n << 64n) - 1n;
const BODY_SPACE = 36n ** BigInt(MAX_BODY_LENGTH);

/**
 * 21 base-36 characters (~108 bits) from two FNV-1a 64-bit hashes of the id's UTF-8 bytes,
 * one read forwards and one backwards.
 *
 * Why this and not SHA-256: `crypto.subtle.digest` is async (the reference is needed while
 * rendering) and absent outside secure contexts. FNV-1a is a few lines, fully specified
 * (draft-eastlake-fnv), and has published vectors. One 64-bit hash would make accidental
 * collisions likely around 2^32 ids; two lanes push that far beyond any merchant's volume.
 * The second lane reads the bytes backwards because FNV mixes the last byte least (its one
 * multiply, by 2^40 + 435, reaches little beyond bits 0-16 and 40-48) and sequential ids
 * ("…-0041", "…-0042") differ exactly there; backwards, that byte goes through every multiply. A palindromic id
 * only falls back to 64 bits.
 *
 * Not collision-resistant against someone crafting ids: the merchant's server, which may send
 * its own reference per order, stays the authority for reconciliation.
 */
function digest(orderId: string): string {
  const bytes = new TextEncoder().encode(orderId);
  const forwards = fnv1a64(bytes);
  const backwards = fnv1a64(bytes.slice().reverse());
  const value = ((forwards << 64n) | backwards) % BODY_SPACE;
  return value.toString(36).toUpperCase().padStart(MAX_BODY_LENGTH, '0');
}

function fnv1a64(bytes: Uint8Array): bigint {
  let hash = FNV64_OFFSET_BASIS;
  for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * FNV64_PRIME) & MASK_64;
  return hash;
}
