/**
 * PayPal: the first payment is declined at capture, the shopper pays again, and the page reloads
 * during that second payment. The reloaded page verifies the kept payment with the merchant (a
 * status read, then the capture of the approved order) before it can say anything: a slow shop
 * makes that first check last. Until it ends, the page must say it is busy (`aria-busy` on its
 * panel, as while it starts), so that whoever reads it (assistive technology, a shop's script, a
 * test) waits for the outcome instead of taking "we are verifying" for the end; the outcome that
 * follows is "paid", charged once.
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

describe('PayPal: reloaded mid-payment, the page verifying the kept payment says it is busy until the outcome', () => {
  before(async () => {
    await resetProviderRoutes();
    await routeProvider('paypal', 'stand-in');
  });
  after(() => resetProviderRoutes());
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('shows "verifying" inside a busy panel while the slow first check runs, then paid, charged once', async () => {
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
    // The reloaded page's first check waits on a slow shop: its "verifying" view lasts that long.
    await scriptFaults(endpoint, { method: 'POST', path: '/paypal/orders/status', responses: [{ pass: true, delayMs: 1500 }] });
    const again = await waitFor(() => paypalButton(frame), 8000);
    const reloaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
    reloadAt(frame, /\/paypal\/orders$/, 'answered');
    again.click();
    await reloaded;

    const verifying = await waitFor(() => verifyingView(frame), 8000);
    expect(checkoutIn(frame)!.orderId, 'the kept order, verified').to.equal(orderId);
    expect(shadowOf(frame, '[part="result"]'), 'no outcome yet').to.equal(null);
    expect(verifying.closest('[part="panel"]')?.getAttribute('aria-busy'), 'the verifying view says it is busy').to.equal('true');

    await waitFor(() => shadowOf(frame, '[part="result"].succeeded'), 10_000);
    expect(verifyingView(frame), 'the busy view is gone with the outcome').to.equal(undefined);
    expect(charges(await ledger(endpoint, orderId)), 'one charge for the order').to.equal(1);
  });
});
