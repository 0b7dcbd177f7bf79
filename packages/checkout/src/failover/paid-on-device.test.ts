/**
 * Two tabs of one order (the merchant numbers it) in one browser, where the second tab cannot ask
 * the merchant whether the order is paid: the shop's server is down, or the tab never recorded the
 * order (it holds no secret to ask with). What this browser saw paid is kept on the device, and
 * the second tab shows the order paid instead of offering a payment and then saying "nothing was
 * charged".
 */
import { expect } from '@open-wc/testing';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { mountOf, providerCheckout, readyToPay, type Harness } from '../../../../test/checkout.js';
import { scriptFaults, testEndpoint } from '../../../../test/api.js';
import { charges, ledger, unreachable } from '../../../../test/payments.js';
import { inShadow, waitFor } from '../../../../test/dom.js';
import { paidOnDevice, rememberPaid } from './paid-on-device.js';

const paypalTab = (endpoint: string, orderId: string, providers = 'paypal bank-transfer') =>
  providerCheckout({ endpoint, orderId, providers, paypal: 'stand-in', sandbox: { paypal: { approval: 'auto' } } });

/** The shopper pays with PayPal (its window approves at once). */
async function payWithPayPal(tab: Harness): Promise<void> {
  const button = await waitFor(() => mountOf(tab.element, 'paypal')?.querySelector<HTMLElement>('paypal-button'), 6000);
  button.click();
}

/** Every distinct text the element showed, from now on. */
function watchTexts(tab: Harness): string[] {
  const seen: string[] = [];
  const read = () => {
    const text = tab.element.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim();
    if (text && seen.at(-1) !== text) seen.push(text);
  };
  new MutationObserver(read).observe(tab.element.shadowRoot!, { subtree: true, childList: true, characterData: true });
  read();
  return seen;
}

/** The shop's server stops answering every route a payment needs. */
async function shopDown(endpoint: string): Promise<void> {
  for (const path of ['/orders', '/paypal/orders', '/stripe/payment-intents']) await scriptFaults(endpoint, { method: 'POST', path, responses: unreachable });
}

async function expectShownPaid(tab: Harness, orderId: string, seen: string[]): Promise<void> {
  const learnt = await tab.first('relais-payment-succeeded');
  expect(learnt.detail).to.include({ orderId, provider: 'paypal' });
  await waitFor(() => inShadow(tab.element, '[part="result"].succeeded'));
  expect(seen.filter((text) => /nothing was charged/i.test(text)), 'never "nothing was charged"').to.deep.equal([]);
  expect(tab.element.shadowRoot!.textContent, 'no transfer details to pay twice with').not.to.match(/awaiting your transfer|IBAN/i);
}

describe('an order this browser saw paid, in a tab that cannot ask the shop', () => {
  before(() => resetProviderRoutes());
  afterEach(() => delete window.__relaisSandbox);

  it('a tab opened while the shop is down, on an order another tab paid with PayPal, shows it paid: no method offered, never "nothing was charged"', async () => {
    const endpoint = testEndpoint();
    const orderId = `shop-${crypto.randomUUID()}`;
    const first = await paypalTab(endpoint, orderId);
    await payWithPayPal(first);
    await first.first('relais-payment-succeeded');
    expect(await waitFor(() => paidOnDevice(endpoint, orderId)), 'kept on the device').to.include({ provider: 'paypal' });
    await shopDown(endpoint);

    const second = await paypalTab(endpoint, orderId);
    await expectShownPaid(second, orderId, watchTexts(second));
    expect(second.of('relais-ready'), 'no method offered for a paid order').to.deep.equal([]);
    expect(second.of('relais-incident'), 'the shop being down is nobody’s incident here').to.deep.equal([]);
    expect(charges(await ledger(endpoint, orderId)), 'one charge for the order').to.equal(1);
  });

  it('a tab already open on the order, which never recorded it, shows it paid as soon as the other tab pays', async () => {
    const endpoint = testEndpoint();
    const orderId = `shop-${crypto.randomUUID()}`;
    const first = await paypalTab(endpoint, orderId);
    const second = await paypalTab(endpoint, orderId);
    await waitFor(() => mountOf(second.element, 'paypal')?.querySelector('paypal-button'), 6000);
    const seen = watchTexts(second);

    await payWithPayPal(first);
    await first.first('relais-payment-succeeded');
    await shopDown(endpoint);
    await expectShownPaid(second, orderId, seen);
    expect(charges(await ledger(endpoint, orderId)), 'one charge for the order').to.equal(1);
  });

  it('a bank-transfer-only tab awaiting the transfer (no order secret to ask with) shows the order paid when another tab pays it', async () => {
    const endpoint = testEndpoint();
    const orderId = `shop-${crypto.randomUUID()}`;
    const transfer = await providerCheckout({ endpoint, orderId, providers: 'bank-transfer' });
    (await readyToPay(transfer.element)).click();
    expect((await transfer.first('relais-payment-pending')).detail).to.include({ orderId, reason: 'awaiting-transfer' });
    const seen = watchTexts(transfer);

    const paying = await paypalTab(endpoint, orderId, 'paypal');
    await payWithPayPal(paying);
    await paying.first('relais-payment-succeeded');
    await expectShownPaid(transfer, orderId, seen);
    expect(charges(await ledger(endpoint, orderId)), 'one charge for the order').to.equal(1);
  });

  it('a tab that missed the other tab’s message reads the device before saying the shop’s outage charged nothing, and shows the order paid', async () => {
    const endpoint = testEndpoint();
    const orderId = `shop-${crypto.randomUUID()}`;
    const tab = await paypalTab(endpoint, orderId);
    await waitFor(() => mountOf(tab.element, 'paypal')?.querySelector('paypal-button'), 6000);
    const seen = watchTexts(tab);
    // Another tab of this browser paid the order (its message came before this tab listened).
    await rememberPaid(endpoint, orderId, 'paypal');
    await shopDown(endpoint);

    await payWithPayPal(tab);
    await expectShownPaid(tab, orderId, seen);
    expect(tab.of('relais-provider-change'), 'not moved to bank transfer').to.deep.equal([]);
  });
});
