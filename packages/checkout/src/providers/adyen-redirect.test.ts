import { expect } from '@open-wc/testing';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { serverOrders, testEndpoint } from '../../../../test/api.js';
import { waitFor } from '../../../../test/dom.js';
import { checkoutFrame, checkoutIn, payWith3dsCard, press, shadowOf } from '../../../../test/redirect-frame.js';

const ADYEN_MOUNT = '[data-relais-mount="provider-adyen"]';
// Adyen Web performs the redirect action: the frame leaves for the issuer's challenge.
const atChallenge = (frame: HTMLIFrameElement) => frame.contentWindow!.location.pathname.includes('/adyen/3ds/') && frame.contentDocument?.querySelector('button');

describe('Adyen 3-D Secure: the adapter finishes the payment on the return', () => {
  before(async () => {
    await resetProviderRoutes();
    await routeProvider('adyen', 'stand-in');
  });
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('shows the payment accepted for the same order once authenticated, verified by the server', async () => {
    const endpoint = testEndpoint();
    const frame = checkoutFrame(endpoint, { providers: 'adyen bank-transfer' });
    const orderId = await payWith3dsCard(frame, ADYEN_MOUNT, atChallenge);
    press(frame, /complete/i);
    const title = await waitFor(() => shadowOf(frame, '[part="result"].succeeded .title'), 10000);
    expect(title.textContent).to.contain('Payment accepted');
    expect(checkoutIn(frame)!.orderId).to.equal(orderId);
    expect(frame.contentWindow!.location.search, 'Adyen’s parameters left the address bar').not.to.contain('redirectResult');
    await waitFor(async () => (await serverOrders(endpoint)).find((order) => order.order['orderId'] === orderId)?.answer.body['status'] === 'paid');
  });

  it('stays on Adyen’s card form when authentication fails, saying so', async () => {
    const endpoint = testEndpoint();
    const frame = checkoutFrame(endpoint, { providers: 'adyen bank-transfer' });
    const orderId = await payWith3dsCard(frame, ADYEN_MOUNT, atChallenge);
    press(frame, /fail/i);
    const alert = await waitFor(() => shadowOf(frame, '[role="alert"]'), 10000);
    expect(alert.textContent).to.contain('declined');
    await waitFor(() => shadowOf(frame, '[part="pay-button"]:not([disabled])'), 10000);
    expect(shadowOf(frame, 'input[type="radio"]:checked')!.parentElement!.textContent).to.contain('Card');
    const order = (await serverOrders(endpoint)).find((candidate) => candidate.order['orderId'] === orderId);
    expect(order!.answer.body['status'], 'not paid').to.not.equal('paid');
  });
});
