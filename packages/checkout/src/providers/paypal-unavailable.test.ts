import { expect } from '@open-wc/testing';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { providerCheckout } from '../../../../test/checkout.js';
import { waitFor } from '../../../../test/dom.js';

describe('an unavailable PayPal SDK moves the shopper on, naming the cause', () => {
  before(() => resetProviderRoutes());

  for (const [answer, reason] of [['abort', 'sdk-load-failed'], ['not-found', 'sdk-load-failed'], ['empty', 'sdk-missing-global']] as const) {
    it(`${answer} → ${reason}`, async () => {
      const { of } = await providerCheckout({ providers: 'paypal bank-transfer', paypal: answer });
      await waitFor(() => of('relais-provider-change').length, 6000);
      expect(of('relais-provider-change')[0]!.detail).to.include({ from: 'paypal', to: 'bank-transfer', reason });
    });
  }
});
