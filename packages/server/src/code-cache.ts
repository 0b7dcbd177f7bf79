/**
 * How the `relais-server` bin runs its bundle and the lab's (scripts/bundle-server.mjs writes
 * them): each is a CommonJS module already wrapped as its function, in ASCII, with the V8 code
 * cache the build made of it beside it (`.cache` for `.cjs`) after starting the bin once in
 * sandbox mode. Without the cache V8 parses the file whole, then parses again and compiles each
 * function the start-up calls: a fifth of what the bin costs before it listens.
 *
 * V8 checks a cache against its own version and flags and the source's length, not its text: a
 * cache starts with a copy of the file it was made from, and is used only for that very file (an
 * edited or rebuilt bundle is compiled as usual). A copy, not a digest: comparing the bytes costs
 * less than OpenSSL's first digest (some 1.5 ms to set up), which nothing else needs before the bin
 * listens. A cache V8 refuses is ignored too.
 */
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script, constants } from 'node:vm';

/** The length of the copy, before it. */
const LENGTH_BYTES = 4;

/** Where the build writes the code cache of `file`. */
export function codeCacheFile(file: string): string {
  return file.replace(/\.cjs$/, '.cache');
}

/** What a code cache file holds for the file of `bytes`: their length, the bytes, then V8's data. */
export function codeCacheFor(bytes: Buffer, data: Buffer): Buffer {
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32LE(bytes.length);
  return Buffer.concat([length, bytes, data]);
}

/** V8's data in `cache` when it was made from `bytes`; otherwise (no cache, another file's) undefined. */
export function cachedDataOf(bytes: Buffer, cache: Buffer | undefined): Buffer | undefined {
  if (!cache || cache.length < LENGTH_BYTES || cache.readUInt32LE(0) !== bytes.length) return undefined;
  const end = LENGTH_BYTES + bytes.length;
  return cache.subarray(LENGTH_BYTES, end).equals(bytes) ? cache.subarray(end) : undefined;
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Runs the wrapped CommonJS module at `file` (an absolute path) and answers its exports, as `require` would. */
export function runWithCodeCache(file: string): unknown {
  const bytes = readFileSync(file);
  // ASCII, by the build: latin1 is the cheapest decoding, one byte a character, never copied.
  const script = new Script(bytes.toString('latin1'), {
    filename: file,
    cachedData: cachedDataOf(bytes, readIfThere(codeCacheFile(file))),
    // Its `import()`s load as they would from a file required as usual.
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = new Module(file);
  module.filename = file;
  const require = createRequire(file);
  require.cache[file] = module;
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, require, module, file, dirname(file));
  module.loaded = true;
  return module.exports;
}
