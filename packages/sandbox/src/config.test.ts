import { expect } from '@open-wc/testing';
import { DEFAULT_API_BASE, configureSandbox, readSandboxConfig } from './index.js';

describe('sandbox configuration', () => {
  afterEach(() => {
    delete window.__relaisSandbox;
  });

  it('without window.__relaisSandbox, every provider works, the API is /checkout/sandbox and no telemetry is sent', () => {
    expect(readSandboxConfig()).to.deep.equal({
      apiBase: DEFAULT_API_BASE,
      telemetry: false,
      stripe: { fault: 'none', slowMs: 8000, timeoutMs: 30000 },
      adyen: { fault: 'none', slowMs: 8000, timeoutMs: 30000 },
      paypal: { fault: 'none', slowMs: 8000, timeoutMs: 30000, approval: 'manual' },
    });
    expect(DEFAULT_API_BASE).to.equal('/checkout/sandbox');
  });

  it('configureSandbox sets what the stand-ins read on their next call, trailing slash removed', () => {
    configureSandbox({ apiBase: '/api/x/sandbox/', paypal: { approval: 'auto', fault: 'ineligible' } });
    const config = readSandboxConfig();
    expect(config.apiBase).to.equal('/api/x/sandbox');
    expect(config.paypal).to.include({ approval: 'auto', fault: 'ineligible' });
    expect(config.stripe.fault).to.equal('none');
  });

  it('ignores negative or non-numeric delays', () => {
    window.__relaisSandbox = { stripe: { slowMs: -1, timeoutMs: Number.NaN } };
    expect(readSandboxConfig().stripe).to.include({ slowMs: 8000, timeoutMs: 30000 });
  });
});
