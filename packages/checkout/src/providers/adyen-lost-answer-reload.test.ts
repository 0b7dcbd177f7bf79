/**
 * Adyen made the payment, its answer to the page was lost, and the shopper reloads while the
 * page is still verifying it. On a busy device the reloaded page's first read of its pending
 * payments (IndexedDB, `relais-pending`) is slow: a slow read is no empty list. The reloaded page
 * must find the order being verified and show it (paid, once the merchant says so), never the
 * methods under a new order id offering a second payment.
 */
import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { resetFaults, scriptFaults, testEndpoint } from '../../../../test/api.js';
import { charges, ledger } from '../../../../test/payments.js';
import { waitFor } from '../../../../test/dom.js';
import { holdStore, openDatabase } from '../../../../test/hold-store.js';
import { checkoutFrame, checkoutIn, shadowOf } from '../../../../test/redirect-frame.js';

/**
 * How long the store stays busy across the reload: longer than a page gives up on a storage that
 * never answers (about a second), as a loaded device's first read can take. There is no event for
 * "the reloaded page's read is waiting" (its document does not exist when the hold starts).
 */
const BUSY_MS = 2500;

const verifying = (frame: HTMLIFrameElement) => /verifying your payment/i.test(shadowOf(frame, '[part="result"]')?.textContent ?? '');

describe('an Adyen answer lost, then a reload while it is verified', () => {
  before(async () => {
    await resetProviderRoutes();
    await routeProvider('adyen', 'stand-in');
  });
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('the reloaded page verifies the same order even when the device is slow to read its pending payments, and shows it paid, charged once', async () => {
    const endpoint = testEndpoint();
    const frame = checkoutFrame(endpoint, { providers: 'adyen' });
    const pay = await waitFor(() => shadowOf(frame, '[part="pay-button"]:not([disabled])'), 10_000);
    const orderId = checkoutIn(frame)!.orderId!;
    // Adyen takes the payment and its answer never reaches the page; the merchant cannot tell yet.
    const sandbox = (frame.contentWindow as typeof window).__relaisSandbox!;
    sandbox.adyen = { ...sandbox.adyen, fault: 'lost-answer' };
    const down = Array.from({ length: 20 }, () => ({ status: 503, body: { error: 'merchant-server-down' } }));
    await scriptFaults(endpoint, { method: 'POST', path: '/adyen/sessions/status', responses: down });
    fillCard(checkoutIn(frame)!.querySelector('[data-relais-mount="provider-adyen"]')!, { number: '4242 4242 4242 4242' });
    pay.click();
    await waitFor(() => verifying(frame), 10_000);
    expect(charges(await ledger(endpoint, orderId)), 'Adyen took the payment').to.equal(1);

    // The merchant answers again; the shopper reloads while the device's store is busy.
    await resetFaults(endpoint);
    const db = await openDatabase('relais-pending');
    const release = holdStore(db, 'payments');
    const reloaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
    try {
      frame.contentWindow!.location.reload();
      await reloaded;
      await new Promise((resolve) => setTimeout(resolve, BUSY_MS));
    } finally {
      release();
      db.close();
    }
    const shown = await waitFor(() => shadowOf(frame, '[part="result"]') ?? shadowOf(frame, '[part="pay-button"]:not([disabled])'), 15_000);
    expect(checkoutIn(frame)!.orderId, 'the order being verified, not a new one').to.equal(orderId);
    expect(shown.matches('[part="result"]'), 'a result, not the methods again').to.equal(true);
    await waitFor(() => shadowOf(frame, '[part="result"].succeeded'), 15_000);
    expect(charges(await ledger(endpoint, orderId)), 'charged once').to.equal(1);
  });
});
