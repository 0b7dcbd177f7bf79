/** How the sandbox Payment Element fills and sizes its card frame: not in mount()'s task, sized once. */
import { expect } from '@open-wc/testing';
import type { Stripe, StripePaymentElement } from '@stripe/stripe-js';
import { configureSandbox } from './index.js';
import { frameOf, mountPoint } from './testing/card-form.js';
import { resetProviderRoutes } from './testing/routes.js';
import { loadStandInStripe, nextEvent } from './testing/stripe.js';

const frames = (count: number): Promise<void> =>
  count <= 0 ? Promise.resolve() : new Promise((resolve) => requestAnimationFrame(() => resolve(frames(count - 1))));

describe('sandbox Payment Element frame', () => {
  let stripe: Stripe;
  let element: StripePaymentElement;
  let container: HTMLDivElement;

  before(async () => {
    stripe = await loadStandInStripe();
  });
  after(() => resetProviderRoutes());

  beforeEach(() => {
    configureSandbox({ apiBase: '/sandbox-test' });
    element = stripe.elements({ mode: 'payment', amount: 4990, currency: 'eur' }).create('payment');
    container = mountPoint();
  });
  afterEach(() => {
    element.destroy();
    container.remove();
  });

  it('fills the card form in a task after mount(), not in the task that created the frame', async () => {
    const ready = nextEvent((handler) => element.on('ready', handler));
    element.mount(container);
    const doc = frameOf(container).contentDocument!;
    expect(doc.querySelectorAll('input'), 'no form yet when mount() returns').to.have.length(0);
    await ready;
    expect(frameOf(container).contentDocument!.querySelectorAll('input'), 'the form once ready').to.have.length(3);
  });

  it('grows the frame to its form once, and not again on the next frames (the empty frame is in quirks mode)', async () => {
    element.mount(container);
    await nextEvent((handler) => element.on('ready', handler));
    const iframe = frameOf(container);
    await frames(2);
    const sized = iframe.getBoundingClientRect().height;
    const note = iframe.contentDocument!.querySelector('.note')!;
    expect(note.getBoundingClientRect().bottom, 'the whole form is visible').to.be.at.most(iframe.clientHeight);
    await frames(6);
    expect(iframe.getBoundingClientRect().height, 'the same height six frames later').to.equal(sized);
  });

  it('fills a frame moved before its form was filled (the move reloads it empty) with exactly one form', async () => {
    const ready = nextEvent((handler) => element.on('ready', handler));
    element.mount(container);
    const iframe = frameOf(container);
    const first = iframe.contentDocument;
    const other = mountPoint();
    other.append(iframe.parentElement!);
    await ready;
    const doc = iframe.contentDocument!;
    expect(doc, 'a new document').not.to.equal(first);
    expect(doc.querySelectorAll('input[id="number"]'), 'one card number field').to.have.length(1);
    other.remove();
  });
});
