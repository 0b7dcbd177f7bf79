import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import type { RelaisCheckout } from '../relais-checkout.js';
import { serverOrders, testEndpoint } from '../../../../test/api.js';
import { waitFor } from '../../../../test/dom.js';

/** The checkout page in an iframe: the 3-D Secure redirect navigates it, not the test runner. */
function checkoutFrame(endpoint: string): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width:600px;height:900px';
  frame.src = `/test/pages/checkout.html?endpoint=${encodeURIComponent(endpoint)}&providers=${encodeURIComponent('adyen bank-transfer')}`;
  document.body.append(frame);
  return frame;
}

const checkoutIn = (frame: HTMLIFrameElement) => frame.contentDocument?.querySelector<RelaisCheckout>('relais-checkout');
const shadowOf = (frame: HTMLIFrameElement, selector: string) => checkoutIn(frame)?.shadowRoot?.querySelector<HTMLElement>(selector);

async function payWith3dsCard(frame: HTMLIFrameElement): Promise<string> {
  const pay = await waitFor(() => shadowOf(frame, '[part="pay-button"]:not([disabled])'), 8000);
  const element = checkoutIn(frame)!;
  fillCard(element.querySelector('[data-relais-mount="provider-adyen"]')!, { number: '4000 0027 6000 3184' });
  const orderId = element.orderId!;
  pay.click();
  // Adyen Web performs the redirect action: the frame leaves for the issuer's challenge.
  await waitFor(() => frame.contentWindow!.location.pathname.includes('/adyen/3ds/') && frame.contentDocument?.querySelector('button'), 8000);
  return orderId;
}

function press(frame: HTMLIFrameElement, label: RegExp): void {
  const button = [...frame.contentDocument!.querySelectorAll<HTMLElement>('button')].find((candidate) => label.test(candidate.textContent ?? ''));
  if (!button) throw new Error(`no ${label} on ${frame.contentWindow!.location.href}`);
  button.click();
}

describe('Adyen 3-D Secure: the adapter finishes the payment on the return', () => {
  before(async () => {
    await resetProviderRoutes();
    await routeProvider('adyen', 'stand-in');
  });
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('shows the payment accepted for the same order once authenticated, verified by the server', async () => {
    const endpoint = testEndpoint();
    const frame = checkoutFrame(endpoint);
    const orderId = await payWith3dsCard(frame);
    press(frame, /complete/i);
    const title = await waitFor(() => shadowOf(frame, '[part="result"].succeeded .title'), 10000);
    expect(title.textContent).to.contain('Payment accepted');
    expect(checkoutIn(frame)!.orderId).to.equal(orderId);
    expect(frame.contentWindow!.location.search, 'Adyen’s parameters left the address bar').not.to.contain('redirectResult');
    await waitFor(async () => (await serverOrders(endpoint)).find((order) => order.order['orderId'] === orderId)?.answer.body['status'] === 'paid');
  });

  it('stays on Adyen’s card form when authentication fails, saying so', async () => {
    const endpoint = testEndpoint();
    const frame = checkoutFrame(endpoint);
    const orderId = await payWith3dsCard(frame);
    press(frame, /fail/i);
    const alert = await waitFor(() => shadowOf(frame, '[role="alert"]'), 10000);
    expect(alert.textContent).to.contain('declined');
    await waitFor(() => shadowOf(frame, '[part="pay-button"]:not([disabled])'), 10000);
    expect(shadowOf(frame, 'input[type="radio"]:checked')!.parentElement!.textContent).to.contain('Card');
    const order = (await serverOrders(endpoint)).find((candidate) => candidate.order['orderId'] === orderId);
    expect(order!.answer.body['status'], 'not paid').to.not.equal('paid');
  });
});
