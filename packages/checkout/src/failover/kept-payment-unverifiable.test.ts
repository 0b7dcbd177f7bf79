/**
 * A page opening while this device keeps a payment whose outcome is unknown (an earlier page
 * reloaded or closed mid-payment, its answer lost), and the merchant cannot be asked yet (the
 * shopper is offline): the page must show that order being verified from the first failed
 * check, never a new order and its methods while the check is retried.
 */
import { expect } from '@open-wc/testing';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { resetFaults, scriptFaults, serverRequests, testEndpoint } from '../../../../test/api.js';
import { charges, confirmIntent, createIntent, faultRule, ledger, orderRef, unreachable } from '../../../../test/payments.js';
import { waitFor } from '../../../../test/dom.js';
import { checkoutFrame, checkoutIn, shadowOf } from '../../../../test/redirect-frame.js';
import { forget, remember } from './pending-payments.js';

const STATUS = '/stripe/payment-intents/status';

/** The earlier page's payment: charged at Stripe, its answer never read, kept on the device. */
async function keptChargedPayment(endpoint: string): Promise<string> {
  const orderId = crypto.randomUUID();
  expect(await confirmIntent(endpoint, await createIntent(endpoint, orderId))).to.equal(200);
  const { secret } = orderRef(endpoint, orderId);
  await remember({ orderId, secret, provider: 'stripe', endpoint, at: Date.now(), amount: 4990, currency: 'EUR' });
  return orderId;
}

/** What the shopper sees first: being verified, under the kept order. */
async function shownBeingVerified(frame: HTMLIFrameElement, orderId: string): Promise<void> {
  const shown = await waitFor(() => shadowOf(frame, '[part="result"]') ?? shadowOf(frame, '[part="pay-button"]'), 8000);
  expect(shown.matches('[part="result"]'), 'being verified, not the methods').to.equal(true);
  expect(shown.textContent).to.contain('We are verifying your payment');
  expect(checkoutIn(frame)!.orderId, 'the kept order, not a new one').to.equal(orderId);
}

describe('a payment kept on the device that cannot be verified yet', () => {
  before(async () => {
    await resetProviderRoutes();
    await routeProvider('stripe', 'stand-in');
  });
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('the page shows that order being verified (no methods, no new order id) until the merchant answers, then paid, charged once', async () => {
    const endpoint = testEndpoint();
    const orderId = await keptChargedPayment(endpoint);
    // Offline as far as the verification goes: the merchant's status route is never reached.
    await scriptFaults(endpoint, faultRule('POST', STATUS, unreachable));

    try {
      const frame = checkoutFrame(endpoint);
      await shownBeingVerified(frame, orderId);

      // Back online: the verification's retry finds the order paid.
      await resetFaults(endpoint);
      await waitFor(() => shadowOf(frame, '[part="result"].succeeded'), 15_000);
      expect(checkoutIn(frame)!.orderId).to.equal(orderId);
      expect(shadowOf(frame, '[part="pay-button"]'), 'never a second payment offered').to.equal(null);
      expect(charges(await ledger(endpoint, orderId)), 'one charge for the order').to.equal(1);
    } finally {
      await forget(orderId);
    }
  });

  it('still unverifiable after every retry: stays being verified, and is verified again when the connection comes back', async function () {
    this.timeout(40_000);
    const endpoint = testEndpoint();
    const orderId = await keptChargedPayment(endpoint);
    // Four checks (the first and three retries), each asked twice by the client: all answered 503.
    const failing = 8;
    await scriptFaults(endpoint, faultRule('POST', STATUS, Array.from({ length: failing }, () => ({ status: 503 }))));
    const statusCalls = async () => (await serverRequests(endpoint)).filter((request) => request.path === STATUS).length;

    try {
      const frame = checkoutFrame(endpoint);
      await shownBeingVerified(frame, orderId);
      await waitFor(async () => (await statusCalls()) >= failing, 25_000);
      expect(shadowOf(frame, '[part="result"]')!.textContent, 'the retries are over, still being verified').to.contain('We are verifying your payment');
      expect(checkoutIn(frame)!.orderId).to.equal(orderId);

      // The browser says the connection is back (told again until the page, done retrying, listens).
      const win = frame.contentWindow as typeof window;
      await waitFor(() => {
        win.dispatchEvent(new win.Event('online'));
        return shadowOf(frame, '[part="result"].succeeded');
      }, 10_000);
      expect(checkoutIn(frame)!.orderId).to.equal(orderId);
      expect(shadowOf(frame, '[part="pay-button"]'), 'never a second payment offered').to.equal(null);
      expect(charges(await ledger(endpoint, orderId)), 'one charge for the order').to.equal(1);
    } finally {
      await forget(orderId);
    }
  });

  it('shown being verified, then found unpaid (the intent canceled): the methods, under a new order of this visit, nothing charged', async () => {
    const endpoint = testEndpoint();
    const orderId = crypto.randomUUID();
    await createIntent(endpoint, orderId); // never confirmed: nothing charged
    await remember({ orderId, secret: orderRef(endpoint, orderId).secret, provider: 'stripe', endpoint, at: Date.now(), amount: 4990, currency: 'EUR' });
    // The first check (asked twice) cannot reach the merchant; the retry does.
    await scriptFaults(endpoint, faultRule('POST', STATUS, [{ status: 503 }, { status: 503 }]));

    try {
      const frame = checkoutFrame(endpoint);
      await shownBeingVerified(frame, orderId);
      await waitFor(() => shadowOf(frame, '[part="pay-button"]:not([disabled])'), 10_000);
      expect(shadowOf(frame, '[part="result"]'), 'no result left on screen').to.equal(null);
      expect(checkoutIn(frame)!.orderId, 'a new order: the canceled one is not paid again').to.not.equal(orderId);
      expect(charges(await ledger(endpoint, orderId))).to.equal(0);
    } finally {
      await forget(orderId);
    }
  });
});
