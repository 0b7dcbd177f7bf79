import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import type { RelaisCheckout } from '../relais-checkout.js';
import { testEndpoint } from '../../../../test/api.js';
import { waitFor } from '../../../../test/dom.js';

/** The checkout page in an iframe: a 3DS redirect navigates it, not the test runner. */
async function checkoutFrame(endpoint: string, lang = 'en'): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width:600px;height:900px';
  frame.src = `/test/pages/checkout.html?endpoint=${encodeURIComponent(endpoint)}&lang=${lang}`;
  document.body.append(frame);
  return frame;
}

const checkoutIn = (frame: HTMLIFrameElement) => frame.contentDocument?.querySelector<RelaisCheckout>('relais-checkout');
const shadowOf = (frame: HTMLIFrameElement, selector: string) => checkoutIn(frame)?.shadowRoot?.querySelector<HTMLElement>(selector);

async function payWith3dsCard(frame: HTMLIFrameElement): Promise<string> {
  const pay = await waitFor(() => shadowOf(frame, '[part="pay-button"]:not([disabled])'), 8000);
  const element = checkoutIn(frame)!;
  fillCard(element.querySelector('[data-relais-mount]')!, { number: '4000 0027 6000 3184' });
  const orderId = element.orderId!;
  pay.click();
  // The stand-in follows next_action.redirect_to_url: the frame leaves for the 3DS page.
  await waitFor(() => frame.contentDocument?.querySelector('form, button') && frame.contentWindow!.location.pathname.includes('/3ds/'), 8000);
  return orderId;
}

function press(frame: HTMLIFrameElement, label: RegExp): void {
  const button = [...frame.contentDocument!.querySelectorAll<HTMLElement>('button, a, input[type="submit"]')].find((candidate) =>
    label.test(candidate.textContent ?? (candidate as HTMLInputElement).value ?? ''),
  );
  if (!button) throw new Error(`no ${label} on ${frame.contentWindow!.location.href}`);
  button.click();
}

describe('3-D Secure through the redirect-return path', () => {
  before(async () => {
    await resetProviderRoutes();
    await routeProvider('stripe', 'stand-in');
  });
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('shows the real outcome after the shopper authenticates, for the same order', async () => {
    const frame = await checkoutFrame(testEndpoint());
    const orderId = await payWith3dsCard(frame);
    press(frame, /complete/i);
    const title = await waitFor(() => shadowOf(frame, '[part="result"].succeeded .title'), 8000);
    expect(title.textContent).to.contain('Payment accepted');
    expect(checkoutIn(frame)!.orderId).to.equal(orderId);
    expect(frame.contentWindow!.location.search, 'the client secret left the address bar').not.to.contain('secret');
  });

  it('stays on the card form when authentication fails, saying so', async () => {
    const frame = await checkoutFrame(testEndpoint());
    await payWith3dsCard(frame);
    press(frame, /fail/i);
    const alert = await waitFor(() => shadowOf(frame, '[role="alert"]'), 8000);
    expect(alert.textContent).to.contain('declined');
    await waitFor(() => shadowOf(frame, '[part="pay-button"]:not([disabled])'), 8000);
    const checked = shadowOf(frame, 'input[type="radio"]:checked')!.parentElement!.textContent!;
    expect(checked).to.contain('Card');
  });

  it('words a failed authentication in the shop’s language, like Stripe.js with its locale', async () => {
    const frame = await checkoutFrame(testEndpoint(), 'fr');
    await payWith3dsCard(frame);
    press(frame, /fail/i);
    const alert = await waitFor(() => shadowOf(frame, '[role="alert"]'), 8000);
    expect(alert.textContent).to.contain('Paiement refusé : Nous n’avons pas pu authentifier votre moyen de paiement.');
    expect(alert.textContent).to.not.contain('We are unable');
  });
});
