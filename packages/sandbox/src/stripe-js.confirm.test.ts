/**
 * stripe.confirmPayment / retrievePaymentIntent of the stand-in against the README's fake Stripe
 * API, answered in the page by a fetch wrapper (the server side is built separately).
 */
import { expect } from '@open-wc/testing';
import type { Stripe, StripeElements, StripePaymentElement } from '@stripe/stripe-js';
import { sendKeys } from '@web/test-runner-commands';
import { TEST_CARDS, configureSandbox } from './index.js';
import { FUTURE_YY, cardInput, fillCard, frameOf, mountPoint } from './testing/card-form.js';
import { CLIENT_SECRET, INTENT_ID, type FakeApi, type FakeAnswer, fakeApi, readmeStripeAnswer } from './testing/fake-api.js';
import { resetProviderRoutes } from './testing/routes.js';
import { loadStandInStripe, nextEvent } from './testing/stripe.js';

const API = '/sandbox-confirm';
const CONFIRM_PATH = `${API}/stripe/payment_intents/${INTENT_ID}/confirm`;

describe('sandbox stripe.confirmPayment', () => {
  let stripe: Stripe;
  let elements: StripeElements;
  let element: StripePaymentElement;
  let container: HTMLDivElement;
  let api: FakeApi;

  const useApi = (answer: (request: { method: string; url: string; body: string }) => FakeAnswer): void => {
    api.restore();
    api = fakeApi(API, answer);
  };
  const confirm = () =>
    stripe.confirmPayment({ elements, clientSecret: CLIENT_SECRET, confirmParams: { return_url: 'https://shop.test/done' }, redirect: 'if_required' });
  const payWith = async (card: { number: string; expiry?: string; cvc?: string }) => {
    fillCard(container, card);
    expect((await elements.submit()).error).to.equal(undefined);
    return confirm();
  };
  const sentPaymentMethod = (): string => (JSON.parse(api.handled.at(-1)?.body ?? '{}') as { payment_method: string }).payment_method;

  before(async () => {
    stripe = await loadStandInStripe();
  });
  after(() => resetProviderRoutes());

  beforeEach(async () => {
    configureSandbox({ apiBase: API });
    api = fakeApi(API, readmeStripeAnswer(API));
    elements = stripe.elements({ mode: 'payment', amount: 4990, currency: 'eur' });
    element = elements.create('payment');
    container = mountPoint();
    const ready = nextEvent((handler) => element.on('ready', handler));
    element.mount(container);
    await ready;
  });
  afterEach(() => {
    api.restore();
    element.destroy();
    container.remove();
  });

  it('a card typed in the iframe is confirmed as pm_card_visa, and no request carries the card number', async () => {
    cardInput(container, 'number').focus();
    await sendKeys({ type: '4242424242424242' });
    cardInput(container, 'expiry').focus();
    await sendKeys({ type: `12${FUTURE_YY}` });
    cardInput(container, 'cvc').focus();
    await sendKeys({ type: '123' });
    expect((await elements.submit()).error).to.equal(undefined);

    const result = await confirm();

    expect(result.error).to.equal(undefined);
    expect(result.paymentIntent).to.include({ id: INTENT_ID, status: 'succeeded' });
    expect(api.handled.map(({ method, url }) => `${method} ${url}`)).to.deep.equal([`POST ${CONFIRM_PATH}`]);
    expect(JSON.parse(api.handled[0]!.body)).to.deep.equal({
      client_secret: CLIENT_SECRET,
      payment_method: 'pm_card_visa',
      return_url: 'https://shop.test/done',
    });
    const wire = [...api.all.map(({ url, body }) => url + body), ...performance.getEntriesByType('resource').map((entry) => entry.name)];
    for (const sent of wire) expect(sent.replace(/\D/g, '')).to.not.contain('4242424242424242');
  });

  for (const [number, paymentMethod] of Object.entries(TEST_CARDS)) {
    it(`card ${number} is sent as ${paymentMethod}`, async () => {
      useApi(() => ({ status: 200, body: { id: INTENT_ID, status: 'processing' } }));
      await payWith({ number });
      expect(sentPaymentMethod()).to.equal(paymentMethod);
    });
  }

  it('any other Luhn-valid card is sent as pm_card_visa', async () => {
    await payWith({ number: '5555555555554444' });
    expect(sentPaymentMethod()).to.equal('pm_card_visa');
  });

  it('a decline answers {error} of type card_error with the PaymentIntent, as Stripe.js does', async () => {
    const { error, paymentIntent } = await payWith({ number: '4000000000000002' });
    expect(paymentIntent).to.equal(undefined);
    expect(error).to.include({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' });
    expect(error?.payment_intent?.id).to.equal(INTENT_ID);
  });

  it('words declines and validation errors in French for locale fr, codes unchanged, as Stripe.js does', async () => {
    await elements.update({ locale: 'fr' });
    expect((await payWith({ number: '4000000000000002' })).error).to.include({
      code: 'card_declined', decline_code: 'generic_decline', message: 'Votre carte a été refusée.',
    });
    expect((await payWith({ number: '4000000000009995' })).error?.message).to.equal('Les fonds de votre carte sont insuffisants.');
    fillCard(container, { number: '4242' });
    expect((await elements.submit()).error).to.include({ code: 'incomplete_number', message: 'Le numéro de votre carte est incomplet.' });
    expect(frameOf(container).contentDocument!.getElementById('error')!.textContent).to.equal('Le numéro de votre carte est incomplet.');
  });

  it('insufficient funds and processing errors keep their codes', async () => {
    expect((await payWith({ number: '4000000000009995' })).error).to.include({ code: 'card_declined', decline_code: 'insufficient_funds' });
    expect((await payWith({ number: '4000000000000119' })).error).to.include({ type: 'card_error', code: 'processing_error' });
  });

  it('a 5xx answers api_error, a 429 rate_limit_error, a network failure api_connection_error', async () => {
    useApi(() => ({ status: 503 }));
    expect((await payWith({ number: '4242424242424242' })).error?.type).to.equal('api_error');
    useApi(() => ({ status: 429, body: {} }));
    expect((await confirm()).error?.type).to.equal('rate_limit_error');
    useApi(() => 'network-error');
    expect((await confirm()).error?.type).to.equal('api_connection_error');
  });

  it('confirmPayment before elements.submit() rejects with an IntegrationError and sends nothing', async () => {
    fillCard(container, { number: '4242424242424242' });
    const error = await confirm().then(() => null, (e: Error) => e);
    expect(error?.name).to.equal('IntegrationError');
    expect(error?.message).to.contain('elements.submit() must be called before stripe.confirmPayment()');
    expect(api.handled).to.have.length(0);
  });

  it('fault api-5xx answers api_error without calling the API', async () => {
    configureSandbox({ apiBase: API, stripe: { fault: 'api-5xx' } });
    expect((await payWith({ number: '4242424242424242' })).error?.type).to.equal('api_error');
    expect(api.handled).to.have.length(0);
  });

  it('fault api-timeout hangs for timeoutMs, then answers api_connection_error without calling the API', async () => {
    configureSandbox({ apiBase: API, stripe: { fault: 'api-timeout', timeoutMs: 400 } });
    const started = performance.now();
    expect((await payWith({ number: '4242424242424242' })).error?.type).to.equal('api_connection_error');
    expect(performance.now() - started).to.be.at.least(400);
    expect(api.handled).to.have.length(0);
  });

  it('fault lost-answer confirms on the API, then answers api_connection_error as if the answer never came', async () => {
    configureSandbox({ apiBase: API, stripe: { fault: 'lost-answer' } });
    expect((await payWith({ number: '4242424242424242' })).error?.type).to.equal('api_connection_error');
    expect(api.handled.map((request) => `${request.method} ${request.url}`)).to.deep.equal([`POST ${CONFIRM_PATH}`]);
    expect(sentPaymentMethod()).to.equal('pm_card_visa');
  });

  it('fault decline sends pm_card_visa_chargeDeclined whatever the card', async () => {
    configureSandbox({ apiBase: API, stripe: { fault: 'decline' } });
    expect((await payWith({ number: '4242424242424242' })).error?.decline_code).to.equal('generic_decline');
    expect(sentPaymentMethod()).to.equal('pm_card_visa_chargeDeclined');
  });

  it('retrievePaymentIntent GETs the PaymentIntent with its client secret', async () => {
    const { paymentIntent } = await stripe.retrievePaymentIntent(CLIENT_SECRET);
    expect(paymentIntent?.status).to.equal('requires_payment_method');
    expect(api.handled[0]).to.deep.include({
      method: 'GET',
      url: `${API}/stripe/payment_intents/${INTENT_ID}?client_secret=${CLIENT_SECRET}`,
    });
  });

  it('retrievePaymentIntent answers {error} for an unknown PaymentIntent', async () => {
    useApi(() => ({ status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such payment_intent' } } }));
    const { error, paymentIntent } = await stripe.retrievePaymentIntent(CLIENT_SECRET);
    expect(paymentIntent).to.equal(undefined);
    expect(error).to.include({ type: 'invalid_request_error', code: 'resource_missing' });
  });
});
