import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { providerRequestCount, resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { checkedMethod, mountOf, payButton, providerCheckout, readyToPay } from '../../../../test/checkout.js';
import { configureHealth, configureStatusPage, serverIncidents, testEndpoint } from '../../../../test/api.js';
import { inShadow, waitFor } from '../../../../test/dom.js';
import { openFailureMemory } from './memory.js';

// The same shop (endpoint and keys) loaded twice in one page stands for a page reload: the
// memory of failures lives in IndexedDB, not in the element.
describe('memory of failures, across page loads', () => {
  beforeEach(() => resetProviderRoutes());

  it('starts the next load with the next method, without requesting a blocked Stripe.js again', async () => {
    const endpoint = testEndpoint();
    const first = await providerCheckout({ endpoint, providers: 'stripe bank-transfer', stripe: 'abort' });
    await first.first('relais-provider-change');
    first.element.remove();
    const before = (await providerRequestCount()).stripe;
    expect(before, 'Stripe.js was requested by the first load').to.be.greaterThan(0);

    const reload = await providerCheckout({ endpoint, providers: 'stripe bank-transfer', stripe: 'abort' });
    await readyToPay(reload.element);
    expect(checkedMethod(reload.element)).to.equal('Bank');
    expect((await providerRequestCount()).stripe, 'not requested again').to.equal(before);
    expect(inShadow(reload.element, '[part="notice"]')!.textContent).to.equal('Payment by card is unavailable right now. You can pay by bank transfer.');
    expect(reload.of('relais-incident'), 'a skip is not a new incident').to.have.length(0);
  });

  it('makes one try again once the cooldown has passed', async () => {
    const endpoint = testEndpoint();
    const attributes = { 'breaker-cooldown': '400' };
    const first = await providerCheckout({ endpoint, attributes, providers: 'stripe bank-transfer', stripe: 'abort' });
    await first.first('relais-provider-change');
    first.element.remove();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await routeProvider('stripe', 'stand-in');
    const before = (await providerRequestCount()).stripe;
    const later = await providerCheckout({ endpoint, attributes, providers: 'stripe bank-transfer' });
    await readyToPay(later.element);
    expect(checkedMethod(later.element)).to.equal('Card');
    expect((await providerRequestCount()).stripe).to.equal(before + 1);
  });

  it('never opens for a decline: the next load starts with the card again', async () => {
    const endpoint = testEndpoint();
    const harness = await providerCheckout({ endpoint, providers: 'stripe bank-transfer', stripe: 'stand-in' });
    await readyToPay(harness.element);
    fillCard(mountOf(harness.element, 'stripe')!, { number: '4000 0000 0000 0002' });
    payButton(harness.element)!.click();
    await harness.first('relais-payment-declined');
    const memory = await openFailureMemory({ scope: `${endpoint} pk_test_relais sb-relais` });
    expect(memory.isOpen('stripe')).to.equal(false);
    expect(memory.openUntil('stripe')).to.equal(undefined);
  });

  it('sends every incident to the merchant as a beacon, unless no-incident-beacon is set', async () => {
    const endpoint = testEndpoint();
    // PayPal, not Stripe: this page already holds a loaded Stripe.js from the tests above.
    const harness = await providerCheckout({ endpoint, providers: 'paypal bank-transfer', paypal: 'abort' });
    const incident = await harness.first('relais-incident');
    const received = await waitFor(async () => {
      const list = await serverIncidents(endpoint);
      return list.length ? list : undefined;
    });
    expect(received[0]).to.include({ provider: 'paypal', kind: 'sdk-load-failed', orderId: incident.detail.orderId });
    expect(JSON.parse(harness.element.exportIncidents())[0]).to.include({ kind: 'sdk-load-failed' });
    expect(harness.element.exportIncidents('csv').split('\r\n')[0]).to.contain('provider');

    const quiet = testEndpoint();
    const silent = await providerCheckout({ endpoint: quiet, providers: 'paypal bank-transfer', paypal: 'abort', attributes: { 'no-incident-beacon': '' } });
    await silent.first('relais-incident');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await serverIncidents(quiet)).to.deep.equal([]);
  });
});

describe('the merchant health feed', () => {
  beforeEach(() => resetProviderRoutes());

  it('skips a method in scheduled maintenance without requesting its SDK, and says so first', async () => {
    const endpoint = testEndpoint();
    const until = new Date(Date.now() + 3_600_000).toISOString();
    await configureHealth(endpoint, { maintenance: [{ provider: 'stripe', from: new Date(Date.now() - 60_000).toISOString(), until }] });
    await routeProvider('stripe', 'stand-in');
    const before = (await providerRequestCount()).stripe;
    const harness = await providerCheckout({ endpoint, providers: 'stripe bank-transfer' });
    await readyToPay(harness.element);
    expect(checkedMethod(harness.element)).to.equal('Bank');
    expect((await providerRequestCount()).stripe).to.equal(before);
    expect(inShadow(harness.element, '[part="notice"]')!.textContent).to.match(/^Payment by card is under scheduled maintenance until \d\d:\d\d\. You can pay by bank transfer\.$/);
  });

  it('skips PayPal with the maintenance notice when its status page says a maintenance is in progress', async () => {
    const endpoint = testEndpoint();
    const until = new Date(Date.now() + 3_600_000).toISOString();
    // A Statuspage v2 summary, as PayPal's page publishes it: the maintenance names the component.
    const summary = {
      page: { id: 'pp', name: 'PayPal Status', url: 'https://status.paypal.test', updated_at: new Date().toISOString() },
      components: [{ id: 'c1', name: 'Payments API', status: 'under_maintenance' }, { id: 'c2', name: 'Developer Sandbox', status: 'operational' }],
      incidents: [],
      scheduled_maintenances: [{
        id: 'm1', name: 'Payments API upgrade', status: 'in_progress', impact: 'maintenance',
        scheduled_for: new Date(Date.now() - 60_000).toISOString(), scheduled_until: until,
        components: [{ id: 'c1', name: 'Payments API', status: 'under_maintenance' }],
      }],
    };
    await configureStatusPage(endpoint, { provider: 'paypal', components: ['Payments API'], summary });
    // The server polls the page on its own timer: the checkout starts once the feed carries it.
    const health = await waitFor(async () => {
      const document = await (await fetch(`${endpoint}/health`)).json();
      return document.providers.paypal.maintenance?.length ? document : undefined;
    });
    expect(health.providers.paypal.maintenance[0]).to.include({ until, source: 'status-page' });
    await routeProvider('paypal', 'stand-in');
    const before = (await providerRequestCount()).paypal;
    const harness = await providerCheckout({ endpoint, providers: 'paypal bank-transfer' });
    await readyToPay(harness.element);
    expect(checkedMethod(harness.element)).to.equal('Bank');
    expect((await providerRequestCount()).paypal, 'PayPal\'s SDK not requested').to.equal(before);
    expect(inShadow(harness.element, '[part="notice"]')!.textContent).to.match(/^Payment by PayPal is under scheduled maintenance until \d\d:\d\d\. You can pay by bank transfer\.$/);
  });

  it('skips a method the merchant switched off', async () => {
    const endpoint = testEndpoint();
    await configureHealth(endpoint, { down: ['paypal'] });
    const harness = await providerCheckout({ endpoint, providers: 'paypal bank-transfer', paypal: 'stand-in' });
    await readyToPay(harness.element);
    expect(checkedMethod(harness.element)).to.equal('Bank');
  });

  it('does not hold up the first render when the feed never answers', async () => {
    const endpoint = testEndpoint();
    const { scriptFaults } = await import('../../../../test/api.js');
    await scriptFaults(endpoint, { method: 'GET', path: '/health', responses: [{ hang: true }] });
    // Waiting for the feed would take its whole 1500 ms timeout: both figures must stay clear of it.
    const started = performance.now();
    const harness = await providerCheckout({ endpoint, providers: 'bank-transfer' });
    expect(inShadow(harness.element, '[part="base"]'), 'rendered').to.exist;
    expect(performance.now() - started, 'first render').to.be.below(1000);
    await readyToPay(harness.element);
    expect(performance.now() - started, 'ready after the grace (healthGraceMs), not the timeout').to.be.below(1450);
  });
});
