import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { hmacSha256 } from './hmac-sha256.js';

const reference = (key: Buffer, message: string) => createHmac('sha256', key).update(message).digest('base64url');

test('hmacSha256 gives createHmac\'s bytes for any key length and any string, the scratch buffer reused between calls', () => {
  fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 150 }), fc.array(fc.string({ unit: 'binary', maxLength: 400 }), { minLength: 1, maxLength: 4 }), (bytes, messages) => {
    const key = Buffer.from(bytes);
    const mac = hmacSha256(key);
    for (const message of messages) assert.equal(mac(message), reference(key, message));
  }), { numRuns: 500 });
});

test('hmacSha256 agrees with createHmac at the scratch buffer\'s edge, past it, after it, and on lone surrogates', () => {
  const key = randomBytes(32);
  const mac = hmacSha256(key);
  // 256 bytes fit the scratch buffer, 257 do not; a short message after a long one must not read its tail.
  for (const message of ['', 'relais-order:o-1', 'é'.repeat(128), 'x'.repeat(256), 'x'.repeat(257), 'y'.repeat(5000), 'short', '\ud800', 'a\udfffb']) {
    assert.equal(mac(message), reference(key, message), `message of ${message.length} characters`);
  }
});
