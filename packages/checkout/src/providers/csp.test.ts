import { expect } from '@open-wc/testing';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { providerCheckout } from '../../../../test/checkout.js';
import { waitFor } from '../../../../test/dom.js';

describe('a Content-Security-Policy that does not allow js.stripe.com', () => {
  before(async () => {
    await resetProviderRoutes();
    // A policy inserted by a <meta> applies to every load after it: this page now forbids
    // third-party scripts, as a merchant's strict CSP without Stripe's origin would.
    const meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = "script-src 'self' 'unsafe-inline'";
    document.head.append(meta);
  });

  it('is reported as csp, not as a network failure, and the shopper moves on', async () => {
    const { of } = await providerCheckout({ providers: 'stripe bank-transfer', stripe: 'stand-in' });
    await waitFor(() => of('relais-provider-change').length, 6000);
    expect(of('relais-provider-change')[0]!.detail).to.include({ from: 'stripe', reason: 'csp' });
    expect(of('relais-incident')[0]!.detail.reason).to.contain('js.stripe.com');
  });
});
