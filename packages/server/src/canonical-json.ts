import { hash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so two bodies that mean the same order hash the
 * same whatever order the client wrote the keys in. Arrays keep their order: it is meaningful.
 * Written directly rather than through a `JSON.stringify` replacer, which builds a sorted copy of
 * every object: the text is the same (hashes already stored must still match), at half the cost.
 */
export function canonicalJson(value: unknown): string {
  return write(value) as string;
}

/** What `JSON.stringify` writes for `value`, keys sorted; undefined where it writes nothing. */
function write(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  // Dates and the like say themselves how they are written: leave those to the replacer form.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value, sortKeys);
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) text += ',';
      text += write(value[i]) ?? 'null';
    }
    return `${text}]`;
  }
  let text = '{';
  let first = true;
  for (const key of sortedKeys(value)) {
    // The replacer form assigned each key into a plain object, where `__proto__` is the prototype
    // setter, not a key: it never wrote one, and stored hashes were computed without it.
    if (key === '__proto__') continue;
    const inner = write((value as Record<string, unknown>)[key]);
    if (inner === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${inner}`;
    first = false;
  }
  return `${text}}`;
}

/**
 * The keys in the order the replacer form writes them: it inserts them sorted into a new object,
 * and an object lists integer-like keys (`"0"`, `"12"`) first, in numeric order, whatever the
 * insertion order. `Object.keys` lists them first already; only the others are sorted.
 */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  let integers = 0;
  while (integers < keys.length && isArrayIndex(keys[integers]!)) integers++;
  if (integers === 0) return keys.sort();
  return [...keys.slice(0, integers), ...keys.slice(integers).sort()];
}

function isArrayIndex(key: string): boolean {
  const n = Number(key);
  return Number.isInteger(n) && n >= 0 && n < 2 ** 32 - 1 && String(n) === key;
}

function sortKeys(_key: string, inner: unknown): unknown {
  if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(inner).sort()) {
    sorted[key] = (inner as Record<string, unknown>)[key];
  }
  return sorted;
}

/** sha256 (hex) of the canonical JSON: what an idempotency key is bound to. */
export function requestHash(value: unknown): string {
  // One-shot: a `Hash` object per order cost three times the digest itself.
  return hash('sha256', canonicalJson(value), 'hex');
}
