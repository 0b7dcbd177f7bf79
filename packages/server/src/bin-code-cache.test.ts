// The `relais-server` bin runs its bundle and the lab's with the V8 code caches the build made of
// them (code-cache.ts, scripts/bundle-server.mjs): only when a cache was made from that very
// file, since V8 itself checks only the source's length. The bundles are written as the bin
// compiles them: wrapped as a CommonJS module's function, in ASCII.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { cachedDataOf, codeCacheFile, codeCacheFor, runWithCodeCache } from './code-cache.js';

const DIST = fileURLToPath(new URL('.', import.meta.url));
const BUNDLE = join(DIST, 'relais-server-main.cjs');
const LAB_BUNDLE = join(DIST, '..', '..', 'lab', 'dist', 'bundle.cjs');
const bounded = { timeout: 60_000 };
const { wrap } = Module;

/** Starts the bin at `bin` in sandbox mode and answers its first line on stdout. */
async function firstLine(bin: string): Promise<string> {
  const child = spawn(process.execPath, [bin, '--port', '0', '--db', ':memory:', '--sandbox'], { env: { ...process.env, NODE_ENV: 'development' } });
  try {
    return await new Promise<string>((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk;
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code} before a line: ${stderr}`)));
    });
  } finally {
    child.kill();
  }
}

describe("the relais-server bin's code cache", () => {
  for (const file of [BUNDLE, LAB_BUNDLE, join(DIST, 'relais-server-sqlite.cjs')]) {
    test(`is made from ${basename(file)} beside it, and this Node accepts it`, () => {
      const bytes = readFileSync(file);
      const cachedData = cachedDataOf(bytes, readFileSync(codeCacheFile(file)));
      assert.ok(cachedData, 'made from this bundle: run npm run build:server');
      const script = new Script(bytes.toString('latin1'), { filename: file, cachedData });
      assert.equal(script.cachedDataRejected, false);
    });

    test(`is for ${basename(file)}, in ASCII, already wrapped as a CommonJS module's function`, () => {
      const source = readFileSync(file, 'utf8');
      assert.match(source, /^\(function \(exports, require, module, __filename, __dirname\) \{ "use strict";\s/);
      assert.deepEqual(source.match(/[^\0-\x7f]/gu) ?? [], []);
    });
  }

  test('runs a wrapped module as require would, its own code even beside a cache made from other code of the same length', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relais-code-cache-'));
    try {
      const file = join(dir, 'answer.cjs');
      const made = new Script(wrap('module.exports = () => "made";'), { filename: file });
      writeFileSync(file, wrap('module.exports = () => "edit";'));
      writeFileSync(codeCacheFile(file), codeCacheFor(Buffer.from(wrap('module.exports = () => "made";')), made.createCachedData()));
      const answer = runWithCodeCache(file) as () => string;
      assert.equal(answer(), 'edit');
      assert.equal((createRequire(import.meta.url).cache[file] as { exports?: unknown } | undefined)?.exports, answer, "in require's cache");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('made from another source of the same length, is not used: the bin runs the source it has', bounded, async () => {
    // A directory beside the bundle: the lab and the driver resolve as from the bundle itself.
    const dir = mkdtempSync(join(DIST, 'code-cache-test-'));
    try {
      for (const file of ['relais-server.cjs', 'relais-server-main.cache', 'relais-server-sqlite.cjs', 'relais-server-sqlite.cache']) copyFileSync(join(DIST, file), join(dir, file));
      const source = readFileSync(BUNDLE, 'utf8');
      const edited = source.replace('relais-server listening on', 'relais-server listenin9 on');
      assert.equal(edited.length, source.length);
      assert.notEqual(edited, source, 'the listening line is in the bundle');
      writeFileSync(join(dir, 'relais-server-main.cjs'), edited);
      assert.match(await firstLine(join(dir, 'relais-server.cjs')), /^relais-server listenin9 on http:/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
