/**
 * PayPal first, loading slowly enough that the next method (a card) is hedged in the background;
 * the shopper pays with PayPal, and the card's load ends badly (its budget passes) or late (it
 * arrives after its budget) while PayPal's approval window is open. That event concerns a method
 * the shopper is not on: the payment runs to its end and the tab says "paid".
 */
import { expect } from '@open-wc/testing';
import { providerRequestCount, resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { mountOf, providerCheckout, type Harness } from '../../../../test/checkout.js';
import { charges, ledger } from '../../../../test/payments.js';
import { inShadow, waitFor } from '../../../../test/dom.js';

const LOAD_TIMEOUT = 5000;
/** PayPal's SDK gets ready after the hedge (40 % of the budget) and well within its budget, even on a busy machine. */
const PAYPAL_READY_MS = 2500;
/**
 * How long after its budget the card's script arrives. It was 1.5 s, and once, in the whole suite
 * with both cores busy, no late card was reported: a budget timer delayed that much on a loaded
 * page fires after the script has arrived, and then the card (rightly) was never late.
 */
const LATE_BY = 4000;
/** A budget to wait through, twice, plus the payment: more than the suite's default per test. */
const TEST_TIMEOUT = 40_000;

const approvalWindow = () => waitFor(() => document.querySelector<HTMLDialogElement>('dialog.relais-sandbox-paypal'), 8000);
const approveButton = (dialog: HTMLDialogElement) => [...dialog.querySelectorAll('button')].find((button) => button.textContent === 'Approve')!;
const methodRow = (harness: Harness, id: string) => inShadow<HTMLInputElement>(harness.element, `input[name="method"][value="${id}"]`)?.parentElement?.textContent?.replace(/\s+/g, ' ').trim();

/** PayPal on screen with its button, and the card's SDK requested in the background meanwhile. */
async function payPalWithCardHedged(harness: Harness): Promise<void> {
  const button = await waitFor(() => mountOf(harness.element, 'paypal')?.querySelector<HTMLElement>('paypal-button'), 8000);
  expect((await providerRequestCount()).stripe, 'the card was hedged while PayPal loaded (else this test proves nothing)').to.be.above(0);
  expect(harness.of('relais-incident'), 'the card had not failed yet when the shopper paid').to.have.length(0);
  button.click();
}

async function expectPaidOnce(harness: Harness): Promise<void> {
  await waitFor(() => inShadow(harness.element, '[part="result"].succeeded'), 8000);
  const succeeded = harness.of('relais-payment-succeeded');
  expect(succeeded.map((event) => event.detail.provider)).to.deep.equal(['paypal']);
  expect(harness.of('relais-provider-change'), 'the shopper was never moved').to.have.length(0);
  expect(harness.element.shadowRoot!.textContent).not.to.match(/nothing was charged|not responding/i);
  expect(charges(await ledger(harness.endpoint, harness.element.orderId!)), 'one charge for the order').to.equal(1);
}

describe('paying with PayPal while the next method loads in the background', () => {
  beforeEach(() => resetProviderRoutes());
  after(() => resetProviderRoutes());
  afterEach(() => {
    delete window.__relaisSandbox;
    document.querySelectorAll('dialog.relais-sandbox-paypal').forEach((dialog) => dialog.remove());
  });

  it('the card missing its budget while PayPal’s window is open changes nothing: the payment ends paid', async function () {
    this.timeout(TEST_TIMEOUT);
    await routeProvider('stripe', 'hang');
    const harness = await providerCheckout({
      providers: 'paypal stripe bank-transfer', paypal: 'stand-in', loadTimeout: LOAD_TIMEOUT,
      sandbox: { paypal: { fault: 'slow', slowMs: PAYPAL_READY_MS, approval: 'manual' } },
    });
    await payPalWithCardHedged(harness);
    const dialog = await approvalWindow();

    const incident = await harness.first('relais-incident', LOAD_TIMEOUT + 4000);
    expect(incident.detail).to.include({ provider: 'stripe', kind: 'sdk-timeout' });
    expect(dialog.open, 'the card failed while the shopper approved in PayPal’s window').to.equal(true);
    expect(methodRow(harness, 'paypal')).to.equal('PayPal');
    expect(methodRow(harness, 'stripe')).to.match(/\(unavailable\)/);

    approveButton(dialog).click();
    await expectPaidOnce(harness);
  });

  it('the card arriving after its budget while PayPal’s window is open changes nothing: the payment ends paid', async function () {
    this.timeout(TEST_TIMEOUT);
    await routeProvider('stripe', 'stand-in', LOAD_TIMEOUT + LATE_BY);
    const harness = await providerCheckout({
      providers: 'paypal stripe bank-transfer', paypal: 'stand-in', loadTimeout: LOAD_TIMEOUT,
      sandbox: { paypal: { fault: 'slow', slowMs: PAYPAL_READY_MS, approval: 'manual' } },
    });
    await payPalWithCardHedged(harness);
    const dialog = await approvalWindow();

    expect((await harness.first('relais-incident', LOAD_TIMEOUT + 4000)).detail).to.include({ provider: 'stripe', kind: 'sdk-timeout' });
    // Late, it works after all: a choice again in the list (the radios stay locked while paying).
    await waitFor(() => !/unavailable/.test(methodRow(harness, 'stripe') ?? ''), LOAD_TIMEOUT + 4000);
    expect(dialog.open, 'the card arrived while the shopper approved in PayPal’s window').to.equal(true);

    approveButton(dialog).click();
    await expectPaidOnce(harness);
  });
});
