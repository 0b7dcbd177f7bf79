// Test helper (not a test file, not published): Stripe's published example objects
// (test/fixtures/specs/stripe/fixtures3.json) and the `stripe` package's type declarations, which
// describe the same API: field names, which may be null or absent, the documented error codes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SPECS_DIR } from './spec-fixtures.js';

type Json = Record<string, unknown>;

const isJson = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

let fixtures: Json | undefined;

/** Stripe's example object of a resource (`payment_intent`, `event`, `charge`…). */
export function stripeFixture(resource: string): Json {
  fixtures ??= (JSON.parse(readFileSync(new URL('stripe/fixtures3.json', SPECS_DIR), 'utf8')) as { resources: Json }).resources;
  const found = fixtures[resource];
  if (!isJson(found)) throw new Error(`fixtures3.json has no ${resource}`);
  return found;
}

/** The package's `esm/resources/{file}.d.ts` (or `esm/{file}.d.ts`). */
function declarations(file: string): string[] {
  // The package exports no package.json: its root is found from its entry point.
  const entry = createRequire(import.meta.url).resolve('stripe');
  const root = join(/^(.*[\\/]node_modules[\\/]stripe)[\\/]/.exec(entry)?.[1] ?? dirname(entry), 'esm');
  for (const path of [join(root, 'resources', `${file}.d.ts`), join(root, `${file}.d.ts`)]) {
    try {
      return readFileSync(path, 'utf8').split('\n');
    } catch {
      // the other place
    }
  }
  throw new Error(`stripe declares no ${file}`);
}

export interface StripeField {
  optional: boolean;
  nullable: boolean;
  type: string;
}

/**
 * The fields of an interface as the package declares it: `('PaymentIntents', 'PaymentIntent')`,
 * `('PaymentIntents', 'PaymentIntent.LastPaymentError')`, `('Types', 'StripeRawError')`.
 */
export function stripeFields(file: string, name: string): Map<string, StripeField> {
  const lines = declarations(file);
  const parts = name.split('.');
  let from = 0;
  // Walk down `namespace A {` … `interface B {` (or `type B = {`) to the declaration itself.
  parts.forEach((part, index) => {
    const last = index === parts.length - 1;
    const pattern = last
      ? new RegExp(`^\\s*(export )?(interface ${part}( extends [^{]+)? \\{|(declare )?type ${part} = \\{)`)
      : new RegExp(`^\\s*(export )?(declare )?namespace ${part} \\{`);
    const at = lines.findIndex((line, i) => i >= from && pattern.test(line));
    if (at === -1) throw new Error(`stripe ${file}.d.ts declares no ${name}`);
    from = at;
  });
  const indent = /^\s*/.exec(lines[from]!)![0];
  const fields = new Map<string, StripeField>();
  for (let i = from + 1; i < lines.length && lines[i] !== `${indent}}` && lines[i] !== `${indent}};`; i++) {
    const match = new RegExp(`^${indent}    ([a-z_0-9]+)(\\?)?: (.+);$`).exec(lines[i]!);
    if (match) fields.set(match[1]!, { optional: match[2] === '?', nullable: /\| null\b/.test(match[3]!), type: match[3]! });
  }
  return fields;
}

/** The string literals of a union the package declares, e.g. `('PaymentIntents', 'PaymentIntent.LastPaymentError', 'Code')`. */
export function stripeUnion(file: string, namespace: string, type: string): Set<string> {
  const lines = declarations(file);
  let from = -1;
  for (const part of namespace.split('.').filter(Boolean)) {
    from = lines.findIndex((line, i) => i >= from && new RegExp(`^\\s*(export )?(declare )?namespace ${part} \\{`).test(line));
    if (from === -1) throw new Error(`stripe ${file}.d.ts has no namespace ${namespace}`);
  }
  const line = lines.find((text, i) => i > from && new RegExp(`^\\s*(export )?type ${type} = `).test(text));
  if (!line) throw new Error(`stripe ${file}.d.ts has no ${namespace}.${type}`);
  return new Set([...line.matchAll(/'([^']+)'/g)].map((match) => match[1]!));
}

const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * What is wrong with `value` as Stripe writes the object: a field the package does not declare,
 * a required one missing, a null where the field is never null, or a value of another JSON kind
 * than in Stripe's own example (compared recursively where both have a non-null value).
 */
export function stripeObjectProblems(value: Json, resource: string, file: string, name: string): string[] {
  const fields = stripeFields(file, name);
  const problems: string[] = [];
  for (const [key, field] of fields) {
    if (!(key in value)) {
      if (!field.optional) problems.push(`${key} is missing (the package declares it always present)`);
    } else if (value[key] === null && !field.nullable) problems.push(`${key} is null, which ${name}.${key} never is`);
  }
  for (const key of Object.keys(value)) if (!fields.has(key)) problems.push(`${key} is not a field of ${name}`);
  const compare = (ours: unknown, theirs: unknown, path: string) => {
    if (ours === null || ours === undefined || theirs === null || theirs === undefined) return;
    if (kind(ours) !== kind(theirs)) problems.push(`${path} is ${kind(ours)}, Stripe's example has ${kind(theirs)}`);
    else if (isJson(ours) && isJson(theirs)) for (const key of Object.keys(theirs)) compare(ours[key], theirs[key], `${path}.${key}`);
    else if (Array.isArray(ours) && Array.isArray(theirs) && theirs.length > 0) for (const item of ours) compare(item, theirs[0], `${path}[]`);
  };
  const example = stripeFixture(resource);
  for (const key of Object.keys(value)) compare(value[key], example[key], key);
  return problems;
}

/** The top-level parameter names of a form-encoded body (`metadata[orderId]` is `metadata`). */
export function formParams(body: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(body)) {
    const name = key.replace(/\[.*$/, '');
    params.set(name, [...(params.get(name) ?? []), `${key}=${value}`]);
  }
  return params;
}
