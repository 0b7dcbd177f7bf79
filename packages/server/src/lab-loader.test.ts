import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadLab, PROVIDER_KIT_HANDOFF } from './lab-loader.js';
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
