import { expect, fixture } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { html } from 'lit';
import './index.js';
import type { RelaisCheckout } from './relais-checkout.js';
import { resetFaults, scriptFaults, serverOrders, testEndpoint } from '../../../test/api.js';
import { inShadow, waitFor } from '../../../test/dom.js';
import { isValidCreditorReference } from './providers/bank-transfer/creditor-reference.js';

const iban = 'FR1420041010050500013M02606';

async function checkout(endpoint: string, lang = 'en'): Promise<RelaisCheckout> {
  const element = await fixture<RelaisCheckout>(html`
    <relais-checkout amount="4990" currency="EUR" endpoint=${endpoint} lang=${lang}
      bank-iban=${iban} bank-bic="PSSTFRPPMON" bank-beneficiary="Relais Démo SARL"></relais-checkout>`);
  await waitFor(() => element.shadowRoot!.querySelector('[part="pay-button"]:not([disabled])'));
  element.items = [{ name: 'Carafe', quantity: 1, amount: 4990 }];
  return element;
}

const payButton = (element: RelaisCheckout) => inShadow<HTMLButtonElement>(element, '[part="pay-button"]');
const resultTitle = (element: RelaisCheckout) => inShadow(element, '[part="result"] .title');

/** Counts the order writes the page makes and the idempotency keys they carry. */
function watchOrderWrites(): { keys: string[]; restore(): void } {
  const keys: string[] = [];
  const original = window.fetch;
  window.fetch = (input, init) => {
    if (String(input).endsWith('/orders') && init?.method === 'POST') keys.push(new Headers(init.headers).get('idempotency-key')!);
    return original(input, init);
  };
  return { keys, restore: () => (window.fetch = original) };
}

describe('bank transfer, end to end against the reference server', () => {
  it('shows no account before the shop accepted the order; then the IBAN grouped by four, the amount, an RF reference and the EPC QR code', async () => {
    const element = await checkout(testEndpoint());
    expect(inShadow(element, '[part="bank-details"]'), 'no IBAN before the shop accepted the order').to.equal(null);
    expect(inShadow(element, '[part="qr"]')).to.equal(null);
    expect(inShadow(element, '.hint')!.textContent).to.contain('appear as soon as the shop has accepted it');
    payButton(element)!.click();
    const details = await waitFor(() => inShadow(element, '[part="bank-details"]'));
    expect(details.textContent).to.contain('FR14 2004 1010 0505 0001 3M02 606');
    expect(details.textContent).to.contain('€49.90');
    const reference = [...details.querySelectorAll('.row')].find((row) => row.textContent!.includes('Reference'))!;
    const shown = reference.querySelector('.value')!.textContent!.replace(/\s/g, '');
    expect(isValidCreditorReference(shown), shown).to.equal(true);
    expect(inShadow(element, '[part="qr"] svg')).to.exist;
  });

  it('places the order once, with the order id as idempotency key, and shows it pending payment', async () => {
    const endpoint = testEndpoint();
    const element = await checkout(endpoint);
    const pending = new Promise<CustomEvent>((resolve) => element.addEventListener('relais-payment-pending', resolve as never));
    payButton(element)!.click();
    const event = await pending;
    expect(event.detail.reason).to.equal('awaiting-transfer');
    expect(event.detail.orderId).to.equal(element.orderId);
    await waitFor(() => resultTitle(element));
    expect(resultTitle(element)!.textContent).to.contain('awaiting your transfer');
    expect(inShadow(element, '[part="result"]')!.textContent).to.contain(element.orderId!);
    const orders = await serverOrders(endpoint);
    expect(orders).to.have.length(1);
    expect(orders[0]!.orderId).to.equal(element.orderId);
    expect(orders[0]!.order).to.include({ amount: 4990, currency: 'EUR', method: 'bank-transfer', reference: event.detail.reference });
  });

  it('records exactly one order after a double click', async () => {
    const endpoint = testEndpoint();
    const element = await checkout(endpoint);
    const writes = watchOrderWrites();
    try {
      payButton(element)!.click();
      payButton(element)!.click();
      await waitFor(() => resultTitle(element));
    } finally {
      writes.restore();
    }
    expect(writes.keys).to.deep.equal([element.orderId]);
    expect(await serverOrders(endpoint)).to.have.length(1);
  });

  it('retries a 503 with the same idempotency key and records one order', async () => {
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ status: 503 }] });
    const element = await checkout(endpoint);
    const writes = watchOrderWrites();
    try {
      payButton(element)!.click();
      await waitFor(() => resultTitle(element));
    } finally {
      writes.restore();
    }
    expect(writes.keys).to.deep.equal([element.orderId, element.orderId]);
    const orders = await serverOrders(endpoint);
    expect(orders.map((order) => order.orderId)).to.deep.equal([element.orderId]);
  });

  it('keeps the order on the device when the shop stays unreachable, then delivers it once', async () => {
    const endpoint = testEndpoint();
    // Chromium silently resends a request whose reused keep-alive socket was cut (several times),
    // so the shop stays unreachable until the faults are reset below.
    const unreachable = Array.from({ length: 30 }, () => ({ network: true }) as const);
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: unreachable });
    const element = await checkout(endpoint);
    const events: CustomEvent[] = [];
    for (const type of ['relais-incident', 'relais-order-queued', 'relais-order-delivered'] as const) {
      element.addEventListener(type, (event) => events.push(event));
    }
    payButton(element)!.click();
    const title = await waitFor(() => inShadow(element, '[part="result"].queued .title'));
    // Online, the shop unreachable: the shopper is told it is the shop, that nothing was charged.
    expect(title.textContent).to.contain('The shop is not responding').and.contain('kept on this device').and.contain('Nothing was charged');
    expect(events.map((event) => event.type)).to.deep.equal(['relais-incident', 'relais-order-queued']);
    expect(events[0]!.detail.kind).to.equal('merchant-unavailable');
    expect(inShadow(element, '[part="bank-details"]'), 'the shopper can already send the transfer').to.exist;
    expect(await serverOrders(endpoint)).to.have.length(0);
    element.setAttribute('amount', '100'); // the cart changed meanwhile: what is delivered is what was committed
    await element.updateComplete;
    await resetFaults(endpoint);
    expect(inShadow(element, '[part="result"] [part="pay-button"]'), 'no "try again": the queue retries by itself').to.equal(null);
    window.dispatchEvent(new Event('online')); // what the browser fires when the network is back
    await waitFor(() => events.some((event) => event.type === 'relais-order-delivered'), 6000);
    await waitFor(() => inShadow(element, '[part="result"].delivered'));
    const orders = await serverOrders(endpoint);
    expect(orders).to.have.length(1);
    expect(orders[0]!.order).to.include({ orderId: element.orderId, amount: 4990, method: 'bank-transfer' });
    expect(orders[0]!.order['reference']).to.match(/^RF\d\d/);
  });

  it('tells the shopper when the shop refuses the order, does not retry it, and lets them go on', async () => {
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ status: 422, body: { error: 'idempotency-key-reuse' } }] });
    const element = await checkout(endpoint);
    const writes = watchOrderWrites();
    try {
      payButton(element)!.click();
      await waitFor(() => inShadow(element, '[role="alert"]'));
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      writes.restore();
    }
    expect(writes.keys, 'no automatic retry').to.have.length(1);
    expect(inShadow(element, '[role="alert"]')!.textContent).to.contain('could not accept');
    expect(inShadow(element, '[part="result"]'), 'not kept in the queue: the shop answered').to.equal(null);
    expect(payButton(element)!.disabled, 'the shopper can try again').to.equal(false);
  });

  it('shows per-order instructions from the server instead of the attribute defaults', async () => {
    const endpoint = testEndpoint();
    const dedicated = 'DE89370400440532013000';
    await scriptFaults(endpoint, {
      method: 'POST',
      path: '/orders',
      responses: [{ status: 201, body: { orderId: 'x', status: 'pending-payment', bankTransfer: { iban: dedicated, beneficiary: 'Relais Treuhand' } } }],
    });
    const element = await checkout(endpoint);
    payButton(element)!.click();
    await waitFor(() => resultTitle(element));
    const result = inShadow(element, '[part="result"]')!;
    expect(result.textContent).to.contain('DE89 3704 0044 0532 0130 00').and.contain('Relais Treuhand');
    expect(result.textContent).not.to.contain('FR14 2004');
  });

  it('keeps the placed order on screen when attributes change afterwards', async () => {
    const endpoint = testEndpoint();
    const element = await checkout(endpoint);
    payButton(element)!.click();
    await waitFor(() => resultTitle(element));
    element.setAttribute('amount', '1');
    element.setAttribute('bank-iban', 'DE89370400440532013000');
    await element.updateComplete;
    const result = inShadow(element, '[part="result"]')!;
    expect(result.textContent).to.contain('€49.90').and.contain('FR14 2004');
    expect(await serverOrders(endpoint)).to.have.length(1);
  });

  it('copies the IBAN without spaces and confirms it on the button', async () => {
    const element = await checkout(testEndpoint());
    await executeServerCommand('grant-clipboard');
    payButton(element)!.click(); // the account is shown once the shop accepted the order
    const copy = await waitFor(() => inShadow<HTMLButtonElement>(element, '[part="bank-details"] [aria-label="Copy IBAN"]'));
    copy.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => copy.textContent!.includes('IBAN copied'));
    expect(await navigator.clipboard.readText()).to.equal(iban);
    expect(inShadow(element, '[part="notice"]')!.textContent).to.equal('IBAN copied');
  });

  it('can be completed with the keyboard alone', async () => {
    const endpoint = testEndpoint();
    const element = await checkout(endpoint, 'fr');
    const button = payButton(element)!;
    const focusables = [...element.shadowRoot!.querySelectorAll('button')];
    expect(focusables.at(-1)).to.equal(button);
    for (let presses = 0; presses <= focusables.length && element.shadowRoot!.activeElement !== button; presses++) {
      await sendKeys({ press: 'Tab' });
    }
    expect(element.shadowRoot!.activeElement, 'Tab reaches the place-order button').to.equal(button);
    await sendKeys({ press: 'Enter' });
    await waitFor(() => resultTitle(element));
    await waitFor(() => element.shadowRoot!.activeElement === resultTitle(element));
    expect(resultTitle(element)!.textContent).to.contain('en attente de votre virement');
    expect(await serverOrders(endpoint)).to.have.length(1);
  });
});
