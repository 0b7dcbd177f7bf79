import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { exportedFile, loadLab, PROVIDER_KIT_HANDOFF } from './lab-loader.js';
import { ProviderError } from './provider-error.js';
import { json } from './http.js';

describe('loading the lab (fake providers, faults, the demo) on demand', () => {
  test('where it is not installed, --sandbox and --demo stop with one sentence that says so', async () => {
    await assert.rejects(loadLab('@relais/lab-that-is-not-installed'), (error: Error) =>
      /need @relais\/lab-that-is-not-installed \(fake providers, outage lab\), which is not installed: install it beside @relais\/server, or set provider keys/.test(error.message));
  });

  test("names the package, not the bundle's path in it, when the bin's lab bundle is not installed", async () => {
    await assert.rejects(loadLab('@relais/lab-that-is-not-installed/bundle'), (error: Error) =>
      /need @relais\/lab-that-is-not-installed \(fake providers, outage lab\), which is not installed/.test(error.message));
  });

  test('as the CommonJS bin loads its bundle, where it is not installed: the same sentence, naming the package', async () => {
    await assert.rejects(loadLab('@relais/lab-that-is-not-installed/bundle', 'bundle'), (error: Error) =>
      /need @relais\/lab-that-is-not-installed \(fake providers, outage lab\), which is not installed: install it beside @relais\/server, or set provider keys/.test(error.message));
  });

  test('as the bin loads its bundle, a module the lab itself is missing is reported as it is, not as the lab missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relais-lab-loader-'));
    const lab = join(dir, 'lab.cjs');
    writeFileSync(lab, Module.wrap("require('@relais/a-dependency-that-is-not-installed');"));
    try {
      await assert.rejects(loadLab(lab, 'bundle'), (error: Error & { code?: string }) =>
        error.code === 'MODULE_NOT_FOUND' && error.message.includes('@relais/a-dependency-that-is-not-installed'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("finds the bundle as Node's resolution does: the package's export, along require's paths", () => {
    const dir = mkdtempSync(join(tmpdir(), 'relais-lab-exports-'));
    try {
      const from = join(dir, 'app', 'index.js');
      const install = (name: string, exports: unknown) => {
        mkdirSync(join(dir, 'node_modules', name, 'dist'), { recursive: true });
        writeFileSync(join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, exports }));
        writeFileSync(join(dir, 'node_modules', name, 'dist', 'bundle.cjs'), '');
      };
      install('@relais/plain', { './bundle': { types: './dist/index.d.ts', default: './dist/bundle.cjs' } });
      install('@relais/conditional', { './bundle': { require: './dist/bundle.cjs' } });
      install('@relais/outside', { './bundle': { default: './dist/../../plain/dist/bundle.cjs' } });
      const node = createRequire(from);
      assert.equal(exportedFile('@relais/plain/bundle', from), node.resolve('@relais/plain/bundle'));
      assert.equal(exportedFile('@relais/conditional/bundle', from), node.resolve('@relais/conditional/bundle'), 'another shape: Node resolves it');
      assert.throws(() => exportedFile('@relais/outside/bundle', from), { code: 'ERR_INVALID_PACKAGE_TARGET' });
      assert.throws(() => exportedFile('@relais/absent/bundle', from), { code: 'MODULE_NOT_FOUND' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("in this workspace it is there, with the sandbox and the server's wiring", async () => {
    const lab = await loadLab();
    assert.equal(typeof lab.sandbox, 'function');
    assert.equal(typeof lab.serverLab, 'function');
  });

  test("hands the lab's bundle this server's provider kit: the ProviderError its routes check, the json() its adapter knows", async () => {
    await loadLab();
    const kit = (globalThis as Record<symbol, { ProviderError?: unknown; json?: unknown }>)[PROVIDER_KIT_HANDOFF];
    assert.equal(kit?.ProviderError, ProviderError);
    assert.equal(kit?.json, json);
  });
});
