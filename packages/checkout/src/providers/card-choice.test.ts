import { expect } from '@open-wc/testing';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import type { RelaisCheckout } from '../relais-checkout.js';
import { providerCheckout, readyToPay } from '../../../../test/checkout.js';
import { serverRequests } from '../../../../test/api.js';

const PROVIDERS = 'stripe adyen paypal bank-transfer';

/** The choices as a screen reader names them, and the card one. */
function choices(element: RelaisCheckout) {
  const radios = [...element.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
  const names = radios.map((radio) => radio.parentElement!.textContent!.trim().split(/\s/)[0]);
  return { names, card: radios.filter((radio, index) => names[index] === 'Card') };
}

/** When the adapter module of `id` was first requested (page clock), if it was. */
const adapterRequestedAt = (id: string) =>
  performance.getEntriesByType('resource').find((entry) => new RegExp(`/providers/${id}\\.(ts|js)(\\?|$)`).test(entry.name))?.startTime;

// One file, one page: @stripe/stripe-js keeps a loaded Stripe.js for the page's lifetime, so the
// blocked case comes first and the working one last.
describe('one "Card" choice for two card processors', () => {
  before(() => resetProviderRoutes());
  after(() => resetProviderRoutes());
  afterEach(() => delete window.__relaisSandbox);

  it('names each choice once, and the card choice moves to Adyen when Stripe.js is blocked', async () => {
    const harness = await providerCheckout({ providers: PROVIDERS, stripe: 'abort', adyen: 'stand-in' });
    const change = await harness.first('relais-provider-change');
    expect(change.detail).to.include({ from: 'stripe', to: 'adyen' });
    await readyToPay(harness.element);
    const { names, card } = choices(harness.element);
    expect(names, 'no two choices share a name').to.deep.equal([...new Set(names)]);
    expect(names).to.deep.equal(['Card', 'PayPal', 'Bank']);
    expect(card).to.have.length(1);
    expect(card[0]!.checked, 'the shopper is still on "Card"').to.equal(true);
    expect(card[0]!.value, 'served by Adyen now').to.equal('adyen');
    // Fetched while Stripe.js was loading, so the switch did not wait for it.
    const requested = adapterRequestedAt('adyen');
    expect(requested, 'Adyen’s adapter was fetched').to.be.a('number');
    expect(requested!, 'before Stripe failed').to.be.below(change.timeStamp);
  });

  it('while Stripe works: "Card" is Stripe’s, and nothing is recorded or opened for Adyen in the background', async () => {
    const harness = await providerCheckout({ providers: PROVIDERS, stripe: 'stand-in', adyen: 'stand-in' });
    const ready = await harness.first('relais-ready');
    expect(ready.detail.provider).to.equal('stripe');
    await readyToPay(harness.element);
    const { names, card } = choices(harness.element);
    expect(names).to.deep.equal(['Card', 'PayPal', 'Bank']);
    expect(card[0]!.checked).to.equal(true);
    expect(card[0]!.value).to.equal('stripe');
    // Warming Adyen up fetches code only: no order for a shopper who has not paid, no Adyen session.
    const paths = (await serverRequests(harness.endpoint)).map((request) => request.path);
    expect(paths.filter((path) => path === '/orders' || path.startsWith('/adyen/')), paths.join(', ')).to.deep.equal([]);
  });
});
