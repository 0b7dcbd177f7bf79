#!/usr/bin/env node
// `relais-server` (scripts/bundle-server.mjs copies this file to dist/relais-server.cjs): runs the
// command's bundle beside it, relais-server-main.cjs, compiled with the V8 code cache the build
// made of it (relais-server-main.cache) after starting it once in sandbox mode. Without the cache
// V8 parses the bundle whole, then parses again and compiles each function the start-up calls: a
// fifth of what the command costs before it listens.
//
// V8 checks the cache against its own version and flags and the source's length, not its text:
// the cache starts with the SHA-256 of the source it was made from, and is used only for that very
// source (an edited or rebuilt bundle is compiled as usual). A cache V8 refuses is ignored too.
'use strict';
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const vm = require('node:vm');

const BUNDLE = join(__dirname, 'relais-server-main.cjs');
const CODE_CACHE = join(__dirname, 'relais-server-main.cache');
const DIGEST_BYTES = 32;

/** The cache made from the bundle's `bytes`, or undefined (no cache, or one made from another source). */
function codeCacheOf(bytes) {
  let cache;
  try {
    cache = readFileSync(CODE_CACHE);
  } catch {
    return undefined;
  }
  const digest = createHash('sha256').update(bytes).digest();
  return cache.subarray(0, DIGEST_BYTES).equals(digest) ? cache.subarray(DIGEST_BYTES) : undefined;
}

const bytes = readFileSync(BUNDLE);
// The build writes the bundle already wrapped as a CommonJS module's function, and in ASCII: the
// source is read as it is compiled, into a string of one byte a character, and never copied.
const source = bytes.toString('latin1');
// `vm.Script` read at the call: the build's own start (producing the cache) wraps it.
const script = new vm.Script(source, {
  filename: BUNDLE,
  cachedData: codeCacheOf(bytes),
  // Its `import()`s (pg, prom-client) load as they would from a file required as usual.
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
// The bundle is a module like any other, in require's cache.
const bundle = new Module(BUNDLE, module);
bundle.filename = BUNDLE;
require.cache[BUNDLE] = bundle;
script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(BUNDLE), bundle, BUNDLE, __dirname);
bundle.loaded = true;
bundle.exports.main(process.argv.slice(2), process.env);
