// The failure kinds are written once (src/failure-kinds.ts); the element names them in its
// `FailureKind` object (packages/checkout/src/errors.ts, a browser module this Node test reads as
// text). A kind on one side only makes the server refuse every beacon of that kind, silently.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FAILURE_KINDS, TECHNICAL_KINDS } from '@relais/contracts';

/** The string values of `export const FailureKind = { … } as const;` in the element's errors.ts. */
function elementKinds() {
  const source = readFileSync(new URL('../../checkout/src/errors.ts', import.meta.url), 'utf8');
  const body = /export const FailureKind = \{([\s\S]*?)\} as const;/.exec(source)?.[1];
  assert.ok(body, 'FailureKind not found in packages/checkout/src/errors.ts');
  return [...body.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/^\s*\w+:\s*'([^']+)'/gm)].map((match) => match[1]);
}

test("the server's failure kinds are exactly the element's", () => {
  assert.deepEqual([...elementKinds()].sort(), [...FAILURE_KINDS].sort());
});

test('every technical kind is a failure kind, and merchant-unavailable is not technical', () => {
  for (const kind of TECHNICAL_KINDS) assert.ok(FAILURE_KINDS.includes(kind), kind);
  assert.ok(!TECHNICAL_KINDS.includes('merchant-unavailable'));
});
