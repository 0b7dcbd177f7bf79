/**
 * A reload mid-payment, right after the card reached the provider: the device must already hold
 * the payment (IndexedDB, `relais-pending`), so the reloaded page verifies that order with the
 * merchant and shows it paid, never a new order offering a second payment. The page's write is
 * held (a transaction of this test on the same store) to play a device under load; the frame
 * reloads as soon as the provider answered the payment, before the page reads that answer.
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
 * How long the page's write stays held once it was issued, when no payment reached the provider
 * meanwhile. There is no event for "the submit is waiting": an adapter that does not wait sends
 * the card within a few milliseconds, well inside this; one that waits must get its write through
 * before the storage gives up (10 s once the store is open), well after it.
 */
const HOLD_MS = 400;

/**
 * Pays with the method's card form and reloads the frame once its fake API answered the payment,
 * the page's pending-payment write held meanwhile; what the reloaded page shows, and the order ids.
 */
async function payThenReload(method: 'adyen' | 'stripe', payment: RegExp) {
  const endpoint = testEndpoint();
  const frame = checkoutFrame(endpoint, { providers: `${method} bank-transfer` });
  const pay = await waitFor(() => shadowOf(frame, '[part="pay-button"]:not([disabled])'), 8000);
  const orderId = checkoutIn(frame)!.orderId!;
  fillCard(checkoutIn(frame)!.querySelector(`[data-relais-mount="provider-${method}"]`)!, { number: '4242 4242 4242 4242' });

  const db = await openDatabase('relais-pending');
  expect([...db.objectStoreNames], 'the page opened its store at start').to.include('payments');
  const release = holdStore(db, 'payments');
  const written = writeIssued(frame);
  reloadAt(frame, payment, 'answered');
  const reloaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  try {
    pay.click();
    await written;
    await Promise.race([reloaded, new Promise((resolve) => setTimeout(resolve, HOLD_MS))]);
  } finally {
    release();
  }
  await reloaded;
  db.close();
  const result = await waitFor(() => shadowOf(frame, '[part="result"]') ?? shadowOf(frame, '[part="pay-button"]:not([disabled])'), 10_000);
  return { endpoint, frame, orderId, result };
}

describe('a reload right after the payment reached the provider', () => {
  before(async () => {
    await resetProviderRoutes();
    await routeProvider('adyen', 'stand-in');
    await routeProvider('stripe', 'stand-in');
  });
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  for (const [method, payment] of [
    ['adyen', /\/sandbox\/adyen\/sessions\/[^/]+\/payments$/],
    ['stripe', /\/sandbox\/stripe\/payment_intents\/[^/]+\/confirm$/],
  ] as const) {
    it(`${method}: the reloaded page resumes the same order and shows it paid (the payment was kept on the device before it left), charged once`, async () => {
      const { endpoint, frame, orderId, result } = await payThenReload(method, payment);
      expect(checkoutIn(frame)!.orderId, 'the order being paid, not a new one').to.equal(orderId);
      expect(result.matches('[part="result"]'), 'a result, not the methods again').to.equal(true);
      await waitFor(() => shadowOf(frame, '[part="result"].succeeded'), 10_000);
      expect(charges(await ledger(endpoint, orderId)), 'one charge for the order').to.equal(1);
    });
  }
});
