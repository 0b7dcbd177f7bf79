/**
 * A method loading in the background (a hedged Adyen) records the order as it loads; the shopper
 * then pays with the method on screen, whose payment waits on that same recording. When the
 * background method fails and Relais stops it, its abort is Relais's own doing: the payment on
 * screen must go on, and no provider may be blamed for it.
 */
import { expect } from '@open-wc/testing';
import { orderLockName } from '@relais/contracts';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { providerRequestCount, resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { mountOf, payButton, providerCheckout, readyToPay } from '../../../../test/checkout.js';
import { scriptFaults, serverOrders, testEndpoint } from '../../../../test/api.js';
import { charges, ledger } from '../../../../test/payments.js';
import { waitFor } from '../../../../test/dom.js';
import type { RelaisCheckout } from '@relais/checkout/relais-checkout.js';

/** Longer than the hedge (40 % of LOAD_TIMEOUT), well within the budget. */
const LOAD_TIMEOUT = 5000;
const SLOW_SDK_MS = 2300;

const payWith = {
  stripe: async (element: RelaisCheckout) => {
    fillCard(mountOf(element, 'stripe')!, { number: '4242 4242 4242 4242' });
    (await readyToPay(element)).click();
  },
  paypal: async (element: RelaisCheckout) => {
    const button = await waitFor(() => mountOf(element, 'paypal')?.querySelector<HTMLElement>('paypal-button'), 6000);
    button.click();
  },
} as const;

describe('an abort Relais causes is no provider’s outage', () => {
  afterEach(() => resetProviderRoutes());

  for (const method of ['paypal', 'stripe'] as const) {
    it(`${method} pays while a hedged Adyen, stopped mid-recording of the same order, is aborted: paid, and ${method} is never blamed`, async () => {
      // The slow SDK on screen lets the hedge start Adyen, whose script then hangs until the test ends it.
      await routeProvider(method, 'stand-in', SLOW_SDK_MS);
      await routeProvider('adyen', 'hang');
      // Adyen's session (which records the order on its way) answers late: the recording is in flight.
      const endpoint = testEndpoint();
      await scriptFaults(endpoint, { method: 'POST', path: '/adyen/sessions', responses: [{ pass: true, delayMs: 3000 }] });
      const harness = await providerCheckout({
        endpoint, providers: `${method} adyen bank-transfer`, loadTimeout: LOAD_TIMEOUT, sandbox: { paypal: { approval: 'auto' } },
      });
      const { element } = harness;
      await waitFor(async () => (await providerRequestCount()).adyen > 0, 6000);
      const ready = await harness.first('relais-ready', 8000);
      expect(ready.detail.provider, `${method} is on screen, Adyen only hedged`).to.equal(method);

      await payWith[method](element);
      // The payment holds the order's lock from the moment it asks for the order's recording.
      const lock = orderLockName(String(ready.detail.orderId));
      await waitFor(async () => (await navigator.locks.query()).held?.some((held) => held.name === lock), 4000);
      // Adyen's script fails now: Relais stops the hedged Adyen, and with it what Adyen started.
      await resetProviderRoutes();
      await waitFor(() => harness.of('relais-incident').some((event) => event.detail.provider === 'adyen'), 6000);

      // The payment's end: paid, or (the defect) an outage of the method on screen.
      const blamed = () => harness.of('relais-incident').filter((event) => event.detail.provider !== 'adyen');
      await waitFor(() => harness.of('relais-payment-succeeded').length > 0 || blamed().length > 0, 15_000);
      expect(blamed().map((event) => event.detail), `no incident for ${method}`).to.deep.equal([]);
      expect(harness.of('relais-provider-change').map((event) => event.detail), 'the shopper never moved').to.deep.equal([]);
      const paid = harness.of('relais-payment-succeeded')[0]!;
      expect(paid.detail).to.include({ provider: method });
      expect(charges(await ledger(endpoint, String(paid.detail.orderId)))).to.equal(1);
      const orders = await serverOrders(endpoint);
      expect(orders.map((order) => order.answer.body['status'])).to.deep.equal(['paid']);
      expect(payButton(element), 'a paid order offers nothing more to pay').to.equal(null);
    });
  }
});
