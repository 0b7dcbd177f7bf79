// The `relais-server` bin compiles its bundle with the V8 code cache the build made of it
// (scripts/relais-server-bin.cjs, scripts/bundle-server.mjs): only when the cache was made from
// that very source, since V8 itself checks only the source's length. The bundle is written as
// the bin compiles it: wrapped as a CommonJS module's function, in ASCII.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const DIST = fileURLToPath(new URL('.', import.meta.url));
const BUNDLE = join(DIST, 'relais-server-main.cjs');
const CODE_CACHE = join(DIST, 'relais-server-main.cache');
const bounded = { timeout: 60_000 };

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
  test('is made from the bundle beside it, and this Node accepts it', () => {
    const bytes = readFileSync(BUNDLE);
    const cache = readFileSync(CODE_CACHE);
    assert.deepEqual(cache.subarray(0, 32), createHash('sha256').update(bytes).digest(), 'made from this bundle: run npm run build:server');
    const script = new Script(bytes.toString('latin1'), { filename: BUNDLE, cachedData: cache.subarray(32) });
    assert.equal(script.cachedDataRejected, false);
  });

  test("compiles a bundle in ASCII, already wrapped as a CommonJS module's function", () => {
    const source = readFileSync(BUNDLE, 'utf8');
    assert.match(source, /^\(function \(exports, require, module, __filename, __dirname\) \{ "use strict";\n/);
    assert.deepEqual(source.match(/[^\0-\x7f]/gu) ?? [], []);
  });

  test('made from another source of the same length, is not used: the bin runs the source it has', bounded, async () => {
    // A directory beside the bundle: the lab and the driver resolve as from the bundle itself.
    const dir = mkdtempSync(join(DIST, 'code-cache-test-'));
    try {
      for (const file of ['relais-server.cjs', 'relais-server-main.cache', 'relais-server-sqlite.cjs']) copyFileSync(join(DIST, file), join(dir, file));
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
