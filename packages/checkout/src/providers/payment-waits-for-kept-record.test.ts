/**
 * A card payment leaves only once the device keeps its record (IndexedDB, `relais-pending`), even
 * when a loaded device holds that write for seconds: an open store that is busy is slow, not gone,
 * and is waited for up to 10 s. A payment sent without its record would be lost to a reload (the
 * dying page's write is aborted with it), and the reloaded page would offer a new order to pay
 * again. Here the page's write is held (a transaction of this test on the same store) for longer
 * than a short storage bound, and the frame reloads as soon as the provider answered the payment.
 */
import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { testEndpoint } from '../../../../test/api.js';
import { charges, ledger } from '../../../../test/payments.js';
import { waitFor } from '../../../../test/dom.js';
import { holdStore, openDatabase, writeIssued } from '../../../../test/hold-store.js';
import { checkoutFrame, checkoutIn, reloadAt, shadowOf } from '../../../../test/redirect-frame.js';

/**
 * How long the page's write stays held: a device busy for seconds, well past a 1 s storage bound
 * (which gave up on the record and sent the card anyway) and well inside the 10 s busy bound.
 */
const HOLD_MS = 2500;

/** Notes when the frame's page sends a request matching `at` (the payment to the provider). */
function watchSent(frame: HTMLIFrameElement, at: RegExp): { sent: boolean } {
  const win = frame.contentWindow as typeof window;
  const fetch = win.fetch;
  const seen = { sent: false };
  win.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (at.test(url)) seen.sent = true;
    return fetch.call(win, input, init);
  };
  return seen;
}

describe('a card payment while the device holds its record\'s write for seconds', () => {
  before(async () => {
    await resetProviderRoutes();
    await routeProvider('adyen', 'stand-in');
    await routeProvider('stripe', 'stand-in');
  });
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  for (const [method, payment] of [
    ['stripe', /\/sandbox\/stripe\/payment_intents\/[^/]+\/confirm$/],
    ['adyen', /\/sandbox\/adyen\/sessions\/[^/]+\/payments$/],
  ] as const) {
    it(`${method}: the card waits for its record to be kept, and the page reloaded once the provider answered verifies that order and shows it paid, charged once`, async function () {
      this.timeout(40_000);
      const endpoint = testEndpoint();
      const frame = checkoutFrame(endpoint, { providers: `${method} bank-transfer` });
      const pay = await waitFor(() => shadowOf(frame, '[part="pay-button"]:not([disabled])'), 8000);
      const orderId = checkoutIn(frame)!.orderId!;
      fillCard(checkoutIn(frame)!.querySelector(`[data-relais-mount="provider-${method}"]`)!, { number: '4242 4242 4242 4242' });

      const db = await openDatabase('relais-pending');
      expect([...db.objectStoreNames], 'the page opened its store at start').to.include('payments');
      const release = holdStore(db, 'payments');
      const written = writeIssued(frame);
      const card = watchSent(frame, payment);
      reloadAt(frame, payment, 'answered');
      const reloaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
      let sentWhileHeld: boolean;
      try {
        pay.click();
        await written;
        // The device stays busy this long whatever the page does (a reload ends the wait early).
        await Promise.race([reloaded, new Promise((resolve) => setTimeout(resolve, HOLD_MS))]);
        sentWhileHeld = card.sent;
      } finally {
        release();
      }
      await reloaded;
      db.close();

      expect(sentWhileHeld, `the card reached ${method} before its record was kept`).to.equal(false);
      const result = await waitFor(() => shadowOf(frame, '[part="result"]') ?? shadowOf(frame, '[part="pay-button"]:not([disabled])'), 12_000);
      expect(checkoutIn(frame)!.orderId, 'the reloaded page resumes the order paid, not a new one').to.equal(orderId);
      expect(result.matches('[part="result"]'), 'a result, not the methods offered again').to.equal(true);
      await waitFor(() => shadowOf(frame, '[part="result"].succeeded'), 12_000);
      expect(charges(await ledger(endpoint, orderId)), 'one charge for the order').to.equal(1);
    });
  }
});
