/** The sandbox Payment Element, loaded through @stripe/stripe-js/pure from the routed Stripe.js URL. */
import { expect } from '@open-wc/testing';
import type { Stripe, StripeElements, StripeError, StripePaymentElement } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';
import { configureSandbox } from './index.js';
import { FUTURE_YY, cardInput, fillCard, frameOf, mountPoint } from './testing/card-form.js';
import { resetProviderRoutes } from './testing/routes.js';
import { loadStandInStripe, nextEvent } from './testing/stripe.js';

const thrown = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
};

describe('sandbox Payment Element', () => {
  let stripe: Stripe;
  let elements: StripeElements;
  let element: StripePaymentElement;
  let container: HTMLDivElement;

  before(async () => {
    stripe = await loadStandInStripe();
  });
  after(() => resetProviderRoutes());

  beforeEach(() => {
    configureSandbox({ apiBase: '/sandbox-test' });
    elements = stripe.elements({ mode: 'payment', amount: 4990, currency: 'eur' });
    element = elements.create('payment');
    container = mountPoint();
  });
  afterEach(() => {
    element.destroy();
    container.remove();
  });

  it('refuses to mount inside a shadow root, with Stripe\'s message', () => {
    const host = mountPoint();
    const inner = document.createElement('div');
    host.attachShadow({ mode: 'open' }).append(inner);
    const error = thrown(() => element.mount(inner));
    expect(error.name).to.equal('IntegrationError');
    expect(error.message).to.equal('Elements cannot be mounted in a ShadowRoot. Please mount in the Light DOM.');
    expect(inner.querySelector('iframe')).to.equal(null);
    host.remove();
  });

  it('refuses a container that is not in the document, and a selector that matches nothing', () => {
    expect(thrown(() => element.mount(document.createElement('div'))).name).to.equal('IntegrationError');
    expect(thrown(() => element.mount('#nowhere')).message).to.contain('applies to no DOM elements');
  });

  it('renders a same-origin iframe titled like Stripe\'s with labelled card number, expiry and CVC and a Sandbox note', async () => {
    const ready = nextEvent((handler) => element.on('ready', handler));
    element.mount(container);
    expect(await ready).to.deep.equal({ elementType: 'payment' });
    const iframe = frameOf(container);
    expect(iframe.title).to.equal('Secure payment input frame');
    const doc = iframe.contentDocument!;
    const labels = [...doc.querySelectorAll('label')].map((label) => [label.textContent, label.htmlFor]);
    expect(labels).to.deep.equal([
      ['Card number', 'number'],
      ['Expiration (MM / YY)', 'expiry'],
      ['CVC', 'cvc'],
    ]);
    expect(doc.body.textContent).to.contain('Sandbox');
  });

  it('speaks French when the elements are created with locale fr, as Stripe\'s form does', async () => {
    const french = stripe.elements({ mode: 'payment', amount: 4990, currency: 'eur', locale: 'fr' }).create('payment');
    const ready = nextEvent((handler) => french.on('ready', handler));
    french.mount(container);
    await ready;
    const doc = frameOf(container).contentDocument!;
    expect(doc.documentElement.lang).to.equal('fr');
    expect([...doc.querySelectorAll('label')].map((label) => label.textContent)).to.deep.equal([
      'Numéro de carte', 'Date d’expiration (MM / AA)', 'CVC',
    ]);
    expect(doc.body.textContent).to.contain('aucune vraie carte n’est débitée');
    french.destroy();
  });

  it('mounts by selector and reports change with complete once a valid card is typed', async () => {
    container.id = 'card-slot';
    element.mount('#card-slot');
    await nextEvent((handler) => element.on('ready', handler));
    const changes: Array<{ complete: boolean; empty: boolean; value: { type: string } }> = [];
    element.on('change', (event) => changes.push(event));
    fillCard(container, { number: '4242424242424242' });
    const last = changes.at(-1);
    expect(last).to.include({ complete: true, empty: false });
    expect(last?.value.type).to.equal('card');
    expect(cardInput(container, 'number').value).to.equal('4242 4242 4242 4242');
    expect(cardInput(container, 'expiry').value).to.equal(`12 / ${FUTURE_YY}`);
  });

  it('submit() on an empty form answers a validation_error incomplete_number and shows it in the frame', async () => {
    element.mount(container);
    await nextEvent((handler) => element.on('ready', handler));
    const { error } = await elements.submit();
    expect(error).to.include({ type: 'validation_error', code: 'incomplete_number', message: 'Your card number is incomplete.' });
    expect(frameOf(container).contentDocument?.getElementById('error')?.textContent).to.equal('Your card number is incomplete.');
    expect(cardInput(container, 'number').getAttribute('aria-invalid')).to.equal('true');
  });

  it('submit() names the first invalid field like Stripe: bad Luhn, past expiry, short CVC', async () => {
    element.mount(container);
    await nextEvent((handler) => element.on('ready', handler));
    fillCard(container, { number: '4242424242424241' });
    expect((await elements.submit()).error?.code).to.equal('invalid_number');
    fillCard(container, { number: '4242424242424242', expiry: '0120' });
    expect((await elements.submit()).error?.code).to.equal('invalid_expiry_year_past');
    fillCard(container, { number: '4242424242424242', cvc: '12' });
    expect((await elements.submit()).error?.code).to.equal('incomplete_cvc');
    fillCard(container, { number: '4242424242424242' });
    expect(await elements.submit()).to.deep.equal({ selectedPaymentMethod: 'card' });
  });

  it('in fault element-load-error, fires loaderror instead of ready', async () => {
    configureSandbox({ apiBase: '/sandbox-test', stripe: { fault: 'element-load-error' } });
    let ready = false;
    element.on('ready', () => (ready = true));
    const loadError = nextEvent<{ elementType: string; error: StripeError }>((handler) => element.on('loaderror', handler));
    element.mount(container);
    const event = await loadError;
    expect(event.elementType).to.equal('payment');
    expect(event.error.type).to.equal('invalid_request_error');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ready).to.equal(false);
  });

  it('in fault slow, fires ready only after slowMs', async () => {
    configureSandbox({ apiBase: '/sandbox-test', stripe: { fault: 'slow', slowMs: 600 } });
    const started = performance.now();
    const ready = nextEvent((handler) => element.on('ready', handler));
    element.mount(container);
    await ready;
    expect(performance.now() - started).to.be.at.least(600);
  });

  it('unmount() removes the iframe and destroy() frees the slot for a new Payment Element', async () => {
    element.mount(container);
    element.unmount();
    expect(container.querySelector('iframe')).to.equal(null);
    element.mount(container);
    expect(elements.getElement('payment')).to.equal(element);
    expect(thrown(() => elements.create('payment')).message).to.equal('Can only create one Element of type payment.');
    element.destroy();
    expect(container.querySelector('iframe')).to.equal(null);
    expect(elements.getElement('payment')).to.equal(null);
    element = elements.create('payment');
  });

  it('Stripe() refuses a secret key, like Stripe.js', () => {
    const error = thrown(() => window.Stripe!('sk_test_123'));
    expect(error.name).to.equal('IntegrationError');
    expect(error.message).to.contain('secret key');
  });

  it('loadStripe() with a secret key rejects instead of returning an instance', async () => {
    let error: Error | undefined;
    await loadStripe('sk_live_123').catch((e: Error) => (error = e));
    expect(error?.name).to.equal('IntegrationError');
  });
});
