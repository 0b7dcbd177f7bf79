/**
 * PayPal: the first payment is declined at capture (the PayPal order stays APPROVED, capturable),
 * the shopper pays again, and the page reloads during that second payment. The payment was kept
 * on the device before PayPal heard of it, so the reloaded page verifies the same order (PayPal's
 * status, a capture of the approved order) and shows it paid, charged once, never a new order.
 * Until that first check ends (a slow shop makes it last), the page says it is busy (`aria-busy`
 * on its panel, as while it starts), so that whoever reads it (assistive technology, a shop's
 * script, a test) waits for the outcome instead of taking "we are verifying" for the end.
 */
import { expect } from '@open-wc/testing';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { scriptFaults, testEndpoint } from '../../../../test/api.js';
import { charges, ledger } from '../../../../test/payments.js';
import { waitFor } from '../../../../test/dom.js';
import { checkoutFrame, checkoutIn, reloadAt, shadowOf } from '../../../../test/redirect-frame.js';

type FrameWindow = typeof window & { __relaisSandbox?: Record<string, unknown> };

const paypalButton = (frame: HTMLIFrameElement) =>
  checkoutIn(frame)?.querySelector<HTMLElement>('[data-relais-mount="provider-paypal"] paypal-button') ?? undefined;

/** The "we are verifying your payment" view of the frame's element, when shown. */
const verifyingView = (frame: HTMLIFrameElement) =>
  [...(checkoutIn(frame)?.shadowRoot?.querySelectorAll<HTMLElement>('.loading') ?? [])].find((node) => /verifying your payment/.test(node.textContent ?? ''));

/**
 * PayPal declines the first capture; the shopper pays again and the frame reloads at `at`.
 * `beforeSecondPay` scripts the shop's answers for what follows.
 */
async function declineThenPayAndReload(at: RegExp, when: 'sent' | 'answered', beforeSecondPay?: (endpoint: string) => Promise<unknown>) {
  const endpoint = testEndpoint();
  const frame = checkoutFrame(endpoint, { providers: 'paypal' });
  const first = await waitFor(() => paypalButton(frame), 15_000);
  const element = checkoutIn(frame)!;
  const orderId = element.orderId!;
  // Every approval is followed by one refused capture (the stand-in's `decline` fault).
  const win = frame.contentWindow as FrameWindow;
  win.__relaisSandbox = { ...win.__relaisSandbox, paypal: { approval: 'auto', fault: 'decline' } };
  const declined = new Promise((resolve) => element.addEventListener('relais-payment-declined', resolve, { once: true }));
  first.click();
  await declined;
  await beforeSecondPay?.(endpoint);
  const again = await waitFor(() => paypalButton(frame), 8000);
  const reloaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  reloadAt(frame, at, when);
  again.click();
  await reloaded;
  return { endpoint, frame, orderId };
}

describe('PayPal: declined, paid again, page reloaded during the second payment', () => {
  before(async () => {
    await resetProviderRoutes();
    await routeProvider('paypal', 'stand-in');
  });
  after(() => resetProviderRoutes());
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  for (const [at, when, moment] of [
    [/\/orders$/, 'sent', 'as the order is recorded again'],
    [/\/paypal\/orders$/, 'answered', 'once the PayPal order is answered'],
    // The approval is in (its capture will be refused once), the page's capture not sent yet.
    [/\/approve$/, 'answered', 'once PayPal approved, before the capture'],
  ] as const) {
    it(`reloaded ${moment}: the same order is resumed and shown paid, charged once`, async () => {
      const { endpoint, frame, orderId } = await declineThenPayAndReload(at, when);
      const result = await waitFor(() => shadowOf(frame, '[part="result"]') ?? paypalButton(frame), 10_000);
      expect(checkoutIn(frame)!.orderId, 'the order being paid, not a new one').to.equal(orderId);
      expect(result.matches('[part="result"]'), 'a result, not the methods again').to.equal(true);
      await waitFor(() => shadowOf(frame, '[part="result"].succeeded'), 10_000);
      expect(charges(await ledger(endpoint, orderId)), 'one charge for the order').to.equal(1);
    });
  }

  it('reloaded once the PayPal order is answered, with a slow shop: "verifying" stands in a busy panel until the first check ends, then paid, charged once', async () => {
    // The reloaded page's first check waits on a slow shop: its "verifying" view lasts that long.
    const slowStatus = (endpoint: string) =>
      scriptFaults(endpoint, { method: 'POST', path: '/paypal/orders/status', responses: [{ pass: true, delayMs: 1500 }] });
    const { endpoint, frame, orderId } = await declineThenPayAndReload(/\/paypal\/orders$/, 'answered', slowStatus);

    const verifying = await waitFor(() => verifyingView(frame), 8000);
    expect(checkoutIn(frame)!.orderId, 'the kept order, verified').to.equal(orderId);
    expect(shadowOf(frame, '[part="result"]'), 'no outcome yet').to.equal(null);
    expect(verifying.closest('[part="panel"]')?.getAttribute('aria-busy'), 'the verifying view says it is busy').to.equal('true');

    await waitFor(() => shadowOf(frame, '[part="result"].succeeded'), 10_000);
    expect(verifyingView(frame), 'the busy view is gone with the outcome').to.equal(undefined);
    expect(charges(await ledger(endpoint, orderId)), 'one charge for the order').to.equal(1);
  });
});
