/**
 * Compression of what `relais-server` serves from disk (the element, the demo, a site): brotli or
 * gzip from node:zlib, as the request's `Accept-Encoding` allows. Only text-like types: images,
 * fonts and archives are compressed already, and compressing them again costs time for nothing.
 */
import { promisify } from 'node:util';

export type Encoding = 'br' | 'gzip';

const COMPRESSIBLE = /^(?:text\/|application\/(?:json|manifest\+json|xml|wasm)|image\/svg\+xml)/;
/** Below this the headers outweigh the saving. */
export const MIN_COMPRESS_BYTES = 1024;
/** Files are compressed whole, in memory: a bigger one is sent as it is. */
export const MAX_COMPRESS_BYTES = 8 * 1024 * 1024;
/** Compressed files kept, by path, size and time: an immutable chunk is compressed once. */
const CACHE_ENTRIES = 256;

const cache = new Map<string, Buffer>();

type Compressor = (body: Buffer | string, encoding: Encoding) => Promise<Buffer>;
let compressor: Promise<Compressor> | undefined;

/**
 * node:zlib on the first file compressed, not at start: loading it is a few milliseconds of a
 * start-up that serves no file yet.
 */
function loadCompressor(): Promise<Compressor> {
  compressor ??= import('node:zlib').then(({ brotliCompress, constants, gzip }) => {
    const brotli = promisify(brotliCompress);
    const gzipAsync = promisify(gzip);
    return (body, encoding) => (encoding === 'br'
      ? brotli(body, {
        params: {
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          // Cached, so the best ratio is paid once per file and release.
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(body),
        },
      })
      : gzipAsync(body, { level: 9 }));
  });
  return compressor;
}

export function isCompressible(contentType: string): boolean {
  return COMPRESSIBLE.test(contentType);
}

/**
 * The encoding to answer with: brotli when accepted, else gzip, else none. `q=0` refuses one;
 * `*` accepts both. Case and spaces do not matter (RFC 9110, 12.5.3).
 */
export function chooseEncoding(acceptEncoding: string | null): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';').map((piece) => piece.trim());
    if (!name) continue;
    const q = params.find((param) => param.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const accepted = (name: Encoding) => (weights.get(name) ?? weights.get('*') ?? 0) > 0;
  if (accepted('br')) return 'br';
  if (accepted('gzip')) return 'gzip';
  return undefined;
}

/** `body` compressed with `encoding`, from the cache when `key` (path, size, mtime) was seen. */
export async function compress(key: string, body: Buffer | string, encoding: Encoding): Promise<Buffer> {
  const cacheKey = `${encoding} ${key}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const compressed = await (await loadCompressor())(body, encoding);
  cache.set(cacheKey, compressed);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return compressed;
}
