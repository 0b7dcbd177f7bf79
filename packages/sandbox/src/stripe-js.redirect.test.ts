/**
 * Redirects of confirmPayment leave the page, so these run the stand-in inside a same-origin
 * iframe (its script request goes through the same page route) and watch that frame navigate.
 */
import { expect } from '@open-wc/testing';
import type { StripeConstructor } from '@stripe/stripe-js';
import { configureSandbox } from './index.js';
import { fillCard } from './testing/card-form.js';
import { CLIENT_SECRET, INTENT_ID, fakeApi, readmeStripeAnswer } from './testing/fake-api.js';
import { resetProviderRoutes, routeProvider } from './testing/routes.js';
import { nextEvent } from './testing/stripe.js';

const API = '/sandbox-redirect';

type FrameWindow = Window & typeof globalThis & { Stripe?: StripeConstructor };

/** A blank same-origin frame with the Stripe.js stand-in loaded from the real URL. */
async function standInFrame(): Promise<{ frame: HTMLIFrameElement; win: FrameWindow }> {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  const win = frame.contentWindow as FrameWindow;
  const script = win.document.createElement('script');
  script.src = 'https://js.stripe.com/endive/stripe.js';
  const loaded = new Promise((resolve, reject) => {
    script.addEventListener('load', resolve);
    script.addEventListener('error', reject);
  });
  win.document.head.append(script);
  await loaded;
  return { frame, win };
}

/** Mounts, fills and submits a Payment Element in the frame; returns a confirm starter. */
async function preparePayment(win: FrameWindow, cardNumber: string) {
  configureSandbox({ apiBase: API }, win);
  fakeApi(API, readmeStripeAnswer(API), win);
  const stripe = win.Stripe!('pk_test_sandbox');
  const elements = stripe.elements({ mode: 'payment', amount: 4990, currency: 'eur' });
  const element = elements.create('payment');
  const container = win.document.createElement('div');
  win.document.body.append(container);
  const ready = nextEvent((handler) => element.on('ready', handler));
  element.mount(container);
  await ready;
  fillCard(container, { number: cardNumber });
  expect((await elements.submit()).error).to.equal(undefined);
  return { stripe, elements };
}

const navigated = (frame: HTMLIFrameElement): Promise<URL> =>
  new Promise((resolve) => frame.addEventListener('load', () => resolve(new URL(frame.contentWindow!.location.href)), { once: true }));

describe('sandbox confirmPayment redirects', () => {
  before(() => routeProvider('stripe', 'stand-in'));
  after(() => resetProviderRoutes());
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('requires_action with redirect_to_url sends the shopper to the 3-D Secure page, even with redirect: if_required', async () => {
    const { frame, win } = await standInFrame();
    const { stripe, elements } = await preparePayment(win, '4000002760003184');
    const arrival = navigated(frame);
    let settled = false;
    void stripe
      .confirmPayment({ elements, clientSecret: CLIENT_SECRET, confirmParams: { return_url: 'https://shop.test/back' }, redirect: 'if_required' })
      .finally(() => (settled = true));
    const url = await arrival;
    expect(url.pathname).to.equal(`${API}/stripe/3ds/${INTENT_ID}`);
    expect(url.searchParams.get('return_url')).to.equal('https://shop.test/back');
    expect(settled, 'the promise of a page that is leaving never settles').to.equal(false);
  });

  it('redirect: always sends a succeeded payment to return_url with Stripe\'s query parameters', async () => {
    const { frame, win } = await standInFrame();
    const { stripe, elements } = await preparePayment(win, '4242424242424242');
    const arrival = navigated(frame);
    void stripe.confirmPayment({ elements, clientSecret: CLIENT_SECRET, confirmParams: { return_url: `${location.origin}/return-here` } });
    const url = await arrival;
    expect(url.pathname).to.equal('/return-here');
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({
      payment_intent: INTENT_ID,
      payment_intent_client_secret: CLIENT_SECRET,
      redirect_status: 'succeeded',
    });
  });
});
