/**
 * A Stripe payment reached Stripe and the page reloaded before it read the answer; on the
 * reloaded page the merchant's first answer about that order is slow (a loaded shop, a flaky
 * link). Until it comes, the page must already say that it is verifying that order, under that
 * order's id: a page that shows nothing under a new order id meanwhile looks, to the shop's page
 * and to anyone reading it, like a fresh checkout whose kept payment was dropped.
 */
import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { scriptFaults, testEndpoint } from '../../../../test/api.js';
import { charges, ledger } from '../../../../test/payments.js';
import { waitFor } from '../../../../test/dom.js';
import { checkoutFrame, checkoutIn, reloadAt, shadowOf } from '../../../../test/redirect-frame.js';
import { verification } from '../failover/policy.js';

const verifyingText = /verifying your payment/i;

describe('a reload after a Stripe payment, the merchant slow to answer about it', () => {
  before(async () => {
    await resetProviderRoutes();
    await routeProvider('stripe', 'stand-in');
  });
  after(() => resetProviderRoutes());
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('the reloaded page shows the kept order being verified while the first check is unanswered, never a new order id, then paid, charged once', async () => {
    const endpoint = testEndpoint();
    const frame = checkoutFrame(endpoint, { providers: 'stripe bank-transfer' });
    const pay = await waitFor(() => shadowOf(frame, '[part="pay-button"]:not([disabled])'), 10_000);
    const orderId = checkoutIn(frame)!.orderId!;
    fillCard(checkoutIn(frame)!.querySelector('[data-relais-mount="provider-stripe"]')!, { number: '4242 4242 4242 4242' });
    // The merchant's first status answer after the reload hangs until the page gives up on it.
    await scriptFaults(endpoint, { method: 'POST', path: '/stripe/payment-intents/status', responses: [{ hang: true }] });
    const reloaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
    reloadAt(frame, /\/sandbox\/stripe\/payment_intents\/[^/]+\/confirm$/, 'answered');
    pay.click();
    await reloaded;

    // Bounded by the hung check: past the page's timeout the check fails and answers anyway.
    const shown = await waitFor(() => verifyingText.test(checkoutIn(frame)?.shadowRoot?.textContent ?? '') && checkoutIn(frame), verification.timeoutMs - 1000);
    expect(shown.orderId, 'the kept order, not a new one').to.equal(orderId);
    expect(shadowOf(frame, '[part="pay-button"]'), 'no second payment offered').to.equal(null);

    await waitFor(() => shadowOf(frame, '[part="result"].succeeded'), 3 * verification.timeoutMs);
    expect(checkoutIn(frame)!.orderId).to.equal(orderId);
    expect(charges(await ledger(endpoint, orderId)), 'charged once').to.equal(1);
  });
});
