import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { checkedMethod, mountOf, payButton, providerCheckout, readyToPay } from '../../../../test/checkout.js';
import { scriptFaults, serverOrders } from '../../../../test/api.js';
import { inShadow, waitFor } from '../../../../test/dom.js';

const notice = (element: HTMLElement) => inShadow(element, '[part="notice"]')?.textContent?.trim() ?? '';

// One file, one page: @stripe/stripe-js caches a loaded Stripe.js for the page's lifetime, so the
// causes that never load it come first and the one that needs its stand-in last.
describe('card to card: a Stripe that fails before anything was submitted lands on Adyen’s card form', () => {
  before(() => resetProviderRoutes());
  afterEach(() => delete window.__relaisSandbox);

  async function landsOnAdyen(options: Parameters<typeof providerCheckout>[0]) {
    const harness = await providerCheckout({ providers: 'stripe adyen paypal bank-transfer', adyen: 'stand-in', ...options });
    const change = await harness.first('relais-provider-change');
    expect(change.detail).to.include({ from: 'stripe', to: 'adyen' });
    await readyToPay(harness.element);
    expect(['Card', 'Carte']).to.include(checkedMethod(harness.element));
    expect(mountOf(harness.element, 'adyen')!.querySelector('iframe'), 'Adyen’s card fields are shown').to.exist;
    return { ...harness, change };
  }

  it('blocked Stripe.js → Adyen, with a notice that the card is still welcome', async () => {
    const { change, element } = await landsOnAdyen({ stripe: 'abort' });
    expect(change.detail.reason).to.equal('sdk-load-failed');
    await waitFor(() => notice(element).includes('Card payment now goes through another provider'), 4000);
    expect(notice(element)).to.contain('Nothing was charged');
  });

  it('says it in French: le paiement par carte passe par un autre prestataire', async () => {
    const { element } = await landsOnAdyen({ stripe: 'abort', lang: 'fr' });
    await waitFor(() => notice(element).toLowerCase().includes('le paiement par carte passe par un autre prestataire'), 4000);
  });

  it('Stripe.js without its global → Adyen (sdk-missing-global)', async () => {
    const { change } = await landsOnAdyen({ stripe: 'empty' });
    expect(change.detail.reason).to.equal('sdk-missing-global');
  });

  it('Stripe.js answering 404 → Adyen, and Adyen takes the payment', async () => {
    const { element, endpoint, of } = await landsOnAdyen({ stripe: 'not-found' });
    fillCard(mountOf(element, 'adyen')!, { number: '4242 4242 4242 4242' });
    payButton(element)!.click();
    await waitFor(() => of('relais-payment-succeeded')[0], 8000);
    await waitFor(async () => (await serverOrders(endpoint))[0]?.answer.body['status'] === 'paid');
    const [order] = await serverOrders(endpoint);
    expect(order!.order['method']).to.equal('adyen');
  });

  it('Stripe’s API failing before the confirmation (502 provider-unavailable, retried once) → Adyen, which pays the same order once', async () => {
    const harness = await providerCheckout({ providers: 'stripe adyen paypal bank-transfer', stripe: 'stand-in', adyen: 'stand-in' });
    const { element, endpoint, of } = harness;
    await scriptFaults(endpoint, {
      method: 'POST', path: '/stripe/payment-intents',
      responses: [{ status: 502, body: { error: 'provider-unavailable' } }, { status: 502, body: { error: 'provider-unavailable' } }],
    });
    await readyToPay(element);
    const orderId = element.orderId;
    fillCard(mountOf(element, 'stripe')!, { number: '4242 4242 4242 4242' });
    payButton(element)!.click();
    const change = await harness.first('relais-provider-change');
    expect(change.detail).to.include({ from: 'stripe', to: 'adyen', reason: 'api-unavailable' });
    await waitFor(() => mountOf(element, 'adyen')?.querySelector('iframe') && inShadow(element, '[part="pay-button"]:not([disabled])'), 8000);
    await waitFor(() => notice(element).includes('another provider'), 4000);
    fillCard(mountOf(element, 'adyen')!, { number: '4242 4242 4242 4242' });
    payButton(element)!.click();
    const succeeded = await waitFor(() => of('relais-payment-succeeded')[0], 8000);
    expect(succeeded.detail).to.include({ provider: 'adyen', orderId });
    await waitFor(async () => (await serverOrders(endpoint))[0]?.answer.body['status'] === 'paid');
    expect(await serverOrders(endpoint), 'one order').to.have.length(1);
  });
});
