import { expect } from '@open-wc/testing';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { testEndpoint } from '../../../../test/api.js';
import { waitFor } from '../../../../test/dom.js';
import { checkoutFrame, checkoutIn, payWith3dsCard, press, shadowOf } from '../../../../test/redirect-frame.js';

// The stand-in follows next_action.redirect_to_url: the frame leaves for the 3DS page.
const atChallenge = (frame: HTMLIFrameElement) => frame.contentDocument?.querySelector('form, button') && frame.contentWindow!.location.pathname.includes('/3ds/');

describe('3-D Secure through the redirect-return path', () => {
  before(async () => {
    await resetProviderRoutes();
    await routeProvider('stripe', 'stand-in');
  });
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('shows the real outcome after the shopper authenticates, for the same order', async () => {
    const frame = checkoutFrame(testEndpoint());
    const orderId = await payWith3dsCard(frame, '[data-relais-mount]', atChallenge);
    press(frame, /complete/i);
    const title = await waitFor(() => shadowOf(frame, '[part="result"].succeeded .title'), 8000);
    expect(title.textContent).to.contain('Payment accepted');
    expect(checkoutIn(frame)!.orderId).to.equal(orderId);
    expect(frame.contentWindow!.location.search, 'the client secret left the address bar').not.to.contain('secret');
  });

  it('stays on the card form when authentication fails, saying so', async () => {
    const frame = checkoutFrame(testEndpoint());
    await payWith3dsCard(frame, '[data-relais-mount]', atChallenge);
    press(frame, /fail/i);
    const alert = await waitFor(() => shadowOf(frame, '[role="alert"]'), 8000);
    expect(alert.textContent).to.contain('declined');
    await waitFor(() => shadowOf(frame, '[part="pay-button"]:not([disabled])'), 8000);
    const checked = shadowOf(frame, 'input[type="radio"]:checked')!.parentElement!.textContent!;
    expect(checked).to.contain('Card');
  });

  it('words a failed authentication in the shop’s language, like Stripe.js with its locale', async () => {
    const frame = checkoutFrame(testEndpoint(), { lang: 'fr' });
    await payWith3dsCard(frame, '[data-relais-mount]', atChallenge);
    press(frame, /fail/i);
    const alert = await waitFor(() => shadowOf(frame, '[role="alert"]'), 8000);
    expect(alert.textContent).to.contain('Paiement refusé : Nous n’avons pas pu authentifier votre moyen de paiement.');
    expect(alert.textContent).to.not.contain('We are unable');
  });
});
