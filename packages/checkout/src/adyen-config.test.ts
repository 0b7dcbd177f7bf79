import { expect } from '@open-wc/testing';
import { validateConfig, type Attributes } from './config.js';
import { adyenEnvironmentOf } from './providers/adyen.js';

const base: Attributes = { amount: '4990', currency: 'EUR', endpoint: '/api/adyen-config', lang: 'en', providers: 'stripe adyen', 'stripe-key': 'pk_test_relais' };

const issuesOf = async (attributes: Attributes) => {
  const result = await validateConfig({ ...base, ...attributes });
  return result.ok ? [] : result.issues.map(({ code, attribute }) => ({ code, attribute }));
};

describe('Adyen configuration', () => {
  it('takes a test client key with the test environment, and the key’s platform when none is set', async () => {
    const set = await validateConfig({ ...base, 'adyen-client-key': 'test_ABCDEF1234567890', 'adyen-environment': 'test' });
    expect(set.ok && set.config).to.include({ adyenClientKey: 'test_ABCDEF1234567890', adyenEnvironment: 'test' });
    expect(set.ok && set.config.providers).to.deep.equal(['stripe', 'adyen']);
    const implied = await validateConfig({ ...base, 'adyen-client-key': 'live_ABCDEF1234567890' });
    expect(implied.ok && adyenEnvironmentOf(implied.config)).to.equal('live');
  });

  it('names a live key used with the test environment (and the reverse) adyen-environment-mismatch', async () => {
    expect(await issuesOf({ 'adyen-client-key': 'live_ABCDEF1234567890', 'adyen-environment': 'test' })).to.deep.equal([
      { code: 'adyen-environment-mismatch', attribute: 'adyen-environment' },
    ]);
    expect(await issuesOf({ 'adyen-client-key': 'test_ABCDEF1234567890', 'adyen-environment': 'live' })).to.deep.equal([
      { code: 'adyen-environment-mismatch', attribute: 'adyen-environment' },
    ]);
  });

  it('refuses something that is not a client key, an unknown environment, and adyen listed without a key', async () => {
    expect(await issuesOf({ 'adyen-client-key': 'AQEyhmfxLI3MaBFLw0m', 'adyen-environment': 'test' })).to.deep.include({ code: 'adyen-client-key-invalid', attribute: 'adyen-client-key' });
    expect(await issuesOf({ 'adyen-client-key': 'test_ABCDEF1234567890', 'adyen-environment': 'sandbox' })).to.deep.equal([
      { code: 'adyen-environment-invalid', attribute: 'adyen-environment' },
    ]);
    expect(await issuesOf({})).to.deep.equal([{ code: 'adyen-credentials-missing', attribute: 'adyen-client-key' }]);
  });
});
