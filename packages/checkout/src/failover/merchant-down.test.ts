import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { checkedMethod, mountOf, payButton, providerCheckout, readyToPay } from '../../../../test/checkout.js';
import { resetFaults, scriptFaults, serverIncidents, serverOrders, testEndpoint } from '../../../../test/api.js';
import { inShadow, waitFor } from '../../../../test/dom.js';
import { openFailureMemory } from './memory.js';

/** Every distinct non-empty text the live region took, in order. */
function watchNotices(element: HTMLElement): string[] {
  const seen: string[] = [];
  const region = inShadow(element, '[part="notice"]')!;
  const read = () => {
    const text = region.textContent?.trim() ?? '';
    if (text && seen.at(-1) !== text) seen.push(text);
  };
  new MutationObserver(read).observe(region, { subtree: true, childList: true, characterData: true });
  return seen;
}

// The shop's own API is down (503 on everything it is asked to record): the page must say so, in
// one step, and blame no provider.
describe('the merchant’s API down is the shop’s outage, not a provider’s', () => {
  before(() => resetProviderRoutes());
  afterEach(() => delete window.__relaisSandbox);

  it('one notice and one merchant-unavailable incident, no breaker opened, the bank-transfer order kept and delivered once; the next load starts with Stripe', async () => {
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: Array.from({ length: 40 }, () => ({ status: 503 })) });
    const harness = await providerCheckout({ endpoint, stripe: 'stand-in', paypal: 'stand-in' });
    const { element } = harness;
    const notices = watchNotices(element);
    await readyToPay(element);
    fillCard(mountOf(element, 'stripe')!, { number: '4242 4242 4242 4242' });
    payButton(element)!.click();

    // Stripe and PayPal both need the shop's API to start: skipped together, straight to bank transfer.
    const change = await harness.first('relais-provider-change');
    expect(change.detail).to.include({ from: 'stripe', to: 'bank-transfer', reason: 'merchant-unavailable' });
    await waitFor(() => checkedMethod(element) === 'Bank');
    const paypal = inShadow<HTMLInputElement>(element, 'input[value="paypal"]')!;
    expect(paypal.disabled, 'PayPal is not offered either').to.equal(true);
    expect(notices).to.have.length(1);
    expect(notices[0]).to.contain('The shop is not responding').and.contain('bank transfer').and.contain('kept on this device');
    expect(notices[0]).to.not.match(/Card|PayPal/);

    // The bank-transfer order is kept in the page's queue; the outage is not reported twice.
    (await readyToPay(element)).click();
    const title = await waitFor(() => inShadow(element, '[part="result"].queued .title'), 8000);
    expect(title.textContent).to.contain('The shop is not responding').and.contain('Nothing was charged');
    expect(title.textContent, 'the shopper is online: not told to reconnect').to.not.contain('connection');
    expect(inShadow(element, '[part="result"] [part="pay-button"]'), 'no "try again" that does nothing').to.equal(null);
    expect(inShadow(element, '[part="result"]')!.textContent, 'no stale "place your order"').to.not.contain('Place your order');
    const incidents = harness.of('relais-incident');
    expect(incidents.map((event) => event.detail.kind)).to.deep.equal(['merchant-unavailable']);
    expect(incidents[0]!.detail.provider).to.equal('stripe');
    expect(notices, 'still one notice').to.have.length(1);

    // No provider was blamed: the memory of failures has no open circuit.
    const memory = await openFailureMemory({ scope: [endpoint, 'pk_test_relais', 'sb-relais'].join(' ') });
    expect(memory.openUntil('stripe'), 'Stripe breaker').to.equal(undefined);
    expect(memory.openUntil('paypal'), 'PayPal breaker').to.equal(undefined);

    // The shop answers again: the kept order is delivered, once.
    await resetFaults(endpoint);
    window.dispatchEvent(new Event('online'));
    await harness.first('relais-order-delivered', 8000);
    await waitFor(() => inShadow(element, '[part="result"].delivered'));
    const orders = await serverOrders(endpoint);
    expect(orders.map((order) => order.order['method'])).to.deep.equal(['bank-transfer']);
    expect(harness.of('relais-order-delivered')).to.have.length(1);
    expect(inShadow(element, '[part="notice"]')!.textContent!.trim(), 'the live region no longer says the shop is down').to.equal('');
    const stored = await serverIncidents(endpoint);
    expect(stored.map((incident) => incident['kind']), 'the server stored the beacon').to.deep.equal(['merchant-unavailable']);

    // The next page load, with the shop back, starts with the first method as usual.
    const next = await providerCheckout({ endpoint, stripe: 'stand-in', paypal: 'stand-in' });
    expect((await next.first('relais-ready')).detail.provider).to.equal('stripe');
    expect(next.of('relais-provider-change')).to.have.length(0);
  });

  it('a provider down behind the shop (502 provider-unavailable) stays the provider’s api-unavailable', async () => {
    const endpoint = testEndpoint();
    const providerDown = { status: 502, body: { error: 'provider-unavailable', provider: 'stripe' } };
    await scriptFaults(endpoint, { method: 'POST', path: '/stripe/payment-intents', responses: [providerDown, providerDown] });
    const harness = await providerCheckout({ endpoint, stripe: 'stand-in', paypal: 'stand-in' });
    await readyToPay(harness.element);
    fillCard(mountOf(harness.element, 'stripe')!, { number: '4242 4242 4242 4242' });
    payButton(harness.element)!.click();
    const change = await harness.first('relais-provider-change');
    expect(change.detail).to.include({ from: 'stripe', to: 'paypal', reason: 'api-unavailable' });
    expect(inShadow(harness.element, '[part="notice"]')!.textContent).to.contain('Sorry, payment by card is not responding');
  });
});
