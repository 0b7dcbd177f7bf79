import { hash } from 'node:crypto';

const BLOCK = 64; // SHA-256's block size in bytes
/** Messages up to this many bytes are written into one buffer made once; longer ones get their own. */
const SCRATCH = 256;

/**
 * HMAC-SHA256 (RFC 2104) under one fixed key, as base64url: the same bytes `createHmac` gives,
 * from two one-shot `hash` calls over buffers made once. A `createHmac` per call (an `Hmac`
 * object, its key imported, a stream's state) cost more CPU than the insert of the order whose
 * secret it derives. Synchronous, so one scratch buffer serves every call.
 */
export function hmacSha256(key: Buffer): (message: string) => string {
  const block = Buffer.alloc(BLOCK);
  (key.length > BLOCK ? hash('sha256', key, 'buffer') : key).copy(block);
  const inner = Buffer.alloc(BLOCK + SCRATCH);
  const outer = Buffer.alloc(BLOCK + 32);
  for (let i = 0; i < BLOCK; i++) {
    inner[i] = block[i]! ^ 0x36;
    outer[i] = block[i]! ^ 0x5c;
  }
  block.fill(0);
  return (message) => {
    const length = Buffer.byteLength(message);
    const data = length <= SCRATCH ? inner : Buffer.concat([inner.subarray(0, BLOCK), Buffer.alloc(length)]);
    data.write(message, BLOCK, 'utf8');
    outer.set(hash('sha256', data.subarray(0, BLOCK + length), 'buffer'), BLOCK);
    return hash('sha256', outer, 'base64url');
  };
}
