import { expect } from '@open-wc/testing';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { providerCheckout } from '../../../../test/checkout.js';
import { ADYEN_WEB_INTEGRITY, adyenScriptUrl } from './adyen.js';

const URL_TEST = adyenScriptUrl('test');

/** The `sha384-…` of what the URL answers (here, the stand-in). */
async function sha384Of(url: string): Promise<string> {
  const bytes = await (await fetch(url)).arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', bytes));
  return `sha384-${btoa(String.fromCharCode(...digest))}`;
}

// What these prove: Relais sets the hash and the browser enforces it, and a refused script moves the
// shopper on. Not that the hash is Adyen's: that one comes from Adyen's release notes (adyen.ts).
describe('Adyen Web with an integrity hash', () => {
  before(() => resetProviderRoutes());
  after(() => resetProviderRoutes());
  afterEach(() => {
    delete ADYEN_WEB_INTEGRITY.test;
    delete window.__relaisSandbox;
  });

  it('bytes other than the hash names are refused like a blocked script, and the shopper moves on', async () => {
    ADYEN_WEB_INTEGRITY.test = `sha384-${'A'.repeat(64)}`;
    const harness = await providerCheckout({ providers: 'adyen bank-transfer', adyen: 'stand-in' });
    const change = await harness.first('relais-provider-change');
    expect(change.detail).to.include({ from: 'adyen', to: 'bank-transfer', reason: 'sdk-load-failed' });
    expect(window.AdyenWeb, 'the refused script never ran').to.equal(undefined);
  });

  it('the bytes the hash names run, from a script carrying integrity and crossorigin="anonymous"', async () => {
    await routeProvider('adyen', 'stand-in');
    const integrity = (ADYEN_WEB_INTEGRITY.test = await sha384Of(URL_TEST));
    const harness = await providerCheckout({ providers: 'adyen bank-transfer', adyen: 'stand-in' });
    const ready = await harness.first('relais-ready');
    expect(ready.detail.provider).to.equal('adyen');
    const script = document.querySelector<HTMLScriptElement>(`script[src="${URL_TEST}"]`)!;
    expect(script.integrity).to.equal(integrity);
    expect(script.crossOrigin).to.equal('anonymous');
  });
});
