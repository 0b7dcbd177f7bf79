/**
 * A page reloaded the moment a payment succeeded, while the shop's server is gone: the device must
 * still know the order, paid (or at worst in flight), at every instant. The page keeps a payment
 * on the device while it is in flight and, once paid, what it saw paid; if the first were deleted
 * before the second was written, a reload in between would leave neither, and a tab that cannot
 * reach the shop would offer the methods again and then say "nothing was charged".
 */
import { expect } from '@open-wc/testing';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { scriptFaults, testEndpoint } from '../../../../test/api.js';
import { charges, ledger, unreachable } from '../../../../test/payments.js';
import { waitFor } from '../../../../test/dom.js';
import { holdStore, openDatabase } from '../../../../test/hold-store.js';
import { checkoutFrame, checkoutIn, shadowOf } from '../../../../test/redirect-frame.js';
import { paidOnDevice } from './paid-on-device.js';
import { openPendingPayments, unresolved } from './pending-payments.js';
import { mountOf, providerCheckout } from '../../../../test/checkout.js';

type FrameWindow = typeof window & { __relaisSandbox?: Record<string, unknown> };

const paypalButton = (frame: HTMLIFrameElement) =>
  checkoutIn(frame)?.querySelector<HTMLElement>('[data-relais-mount="provider-paypal"] paypal-button') ?? undefined;

/**
 * Holds the device's paid orders (a write of this page on their store, kept open): a write of the
 * checkout waits behind it, as it does on a loaded machine; released by the returned function.
 */
async function holdPaidStore(): Promise<() => void> {
  await paidOnDevice(testEndpoint(), 'opens-the-store');
  const db = await openDatabase('relais-paid');
  const release = holdStore(db, 'orders');
  return () => {
    release();
    db.close();
  };
}

/**
 * Pays with PayPal in a frame on a merchant-numbered order; the shop records the order, then stops
 * answering; the frame reloads the moment the element says the payment succeeded, while the
 * device's paid orders are busy.
 */
async function payAndReloadOnSuccess() {
  const endpoint = testEndpoint();
  await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ pass: true }, ...unreachable] as never });
  const orderId = `shop-${crypto.randomUUID()}`;
  const frame = checkoutFrame(endpoint, { providers: 'paypal bank-transfer', orderId });
  const button = await waitFor(() => paypalButton(frame), 15_000);
  const element = checkoutIn(frame)!;
  const win = frame.contentWindow as FrameWindow;
  win.__relaisSandbox = { ...win.__relaisSandbox, paypal: { approval: 'auto' } };
  const release = await holdPaidStore();
  const reloaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  element.addEventListener('relais-payment-succeeded', () => win.location.reload(), { once: true });
  button.click();
  await reloaded;
  release();
  return { endpoint, frame, orderId };
}

/** Every distinct text the frame's element showed from now on (this load only). */
function watchTexts(frame: HTMLIFrameElement): string[] {
  const seen: string[] = [];
  const root = checkoutIn(frame)!.shadowRoot!;
  const read = () => {
    const text = root.textContent!.replace(/\s+/g, ' ').trim();
    if (text && seen.at(-1) !== text) seen.push(text);
  };
  new MutationObserver(read).observe(root, { subtree: true, childList: true, characterData: true });
  read();
  return seen;
}

describe('a page reloaded the moment a PayPal payment succeeded, the shop gone', () => {
  before(async () => {
    await resetProviderRoutes();
    await routeProvider('paypal', 'stand-in');
  });
  after(() => resetProviderRoutes());
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('the device still holds the order paid or in flight, the reloaded page and a second tab show a result, never the methods or "nothing was charged"', async () => {
    const { endpoint, frame, orderId } = await payAndReloadOnSuccess();
    const paid = await paidOnDevice(endpoint, orderId);
    const kept = (await unresolved(endpoint)).filter((payment) => payment.orderId === orderId);
    const device = `on the device: paid ${JSON.stringify(paid)}, kept ${kept.length}`;
    expect(paid !== undefined || kept.length === 1, device).to.equal(true);
    const result = await waitFor(() => shadowOf(frame, '[part="result"]') ?? paypalButton(frame), 10_000);
    expect(result.matches('[part="result"]'), `the reloaded page shows a result, not the methods again (${device})`).to.equal(true);

    const second = checkoutFrame(endpoint, { providers: 'paypal bank-transfer', orderId });
    await waitFor(() => checkoutIn(second)?.shadowRoot, 15_000);
    const seen = watchTexts(second);
    const shown = await waitFor(() => shadowOf(second, '[part="result"]') ?? paypalButton(second), 15_000);
    if (!shown.matches('[part="result"]')) shown.click();
    await waitFor(() => shadowOf(second, '[part="result"]'), 10_000);
    expect(seen.filter((text) => /nothing was charged/i.test(text)), 'never "nothing was charged"').to.deep.equal([]);
    expect(charges(await ledger(endpoint, orderId)), 'one charge for the order').to.equal(1);
  });
});

describe('a tab whose own payment cannot reach the shop, while another tab’s payment of the order is in flight', () => {
  before(() => resetProviderRoutes());
  afterEach(() => delete window.__relaisSandbox);

  it('shows that payment being verified, never "nothing was charged" nor another method', async () => {
    const endpoint = testEndpoint();
    const orderId = `shop-${crypto.randomUUID()}`;
    const tab = await providerCheckout({ endpoint, orderId, providers: 'paypal bank-transfer', paypal: 'stand-in', sandbox: { paypal: { approval: 'auto' } } });
    const button = await waitFor(() => mountOf(tab.element, 'paypal')?.querySelector<HTMLElement>('paypal-button'), 6000);
    const root = tab.element.shadowRoot!;
    const seen: string[] = [];
    new MutationObserver(() => seen.push(root.textContent!.replace(/\s+/g, ' '))).observe(root, { subtree: true, childList: true, characterData: true });
    // Another tab of this browser submitted a PayPal payment of the order (its own page's list).
    await openPendingPayments().remember({ orderId, secret: 'another-tab-secret', provider: 'paypal', endpoint, at: Date.now(), amount: 4990, currency: 'EUR' });
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: unreachable as never });

    button.click();
    const pending = await tab.first('relais-payment-pending');
    expect(pending.detail).to.include({ orderId, provider: 'paypal', reason: 'verifying' });
    expect(seen.filter((text) => /nothing was charged/i.test(text)), 'never "nothing was charged"').to.deep.equal([]);
    expect(tab.of('relais-provider-change'), 'not moved to bank transfer').to.deep.equal([]);
  });
});
