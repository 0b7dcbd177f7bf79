import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import { configureSandbox } from '@relais/sandbox';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import '../index.js';
import { testEndpoint } from '../../../../test/api.js';
import { waitFor } from '../../../../test/dom.js';

describe('connecting, disconnecting and reconfiguring during a load', () => {
  const rejections: PromiseRejectionEvent[] = [];
  const onRejection = (event: PromiseRejectionEvent) => rejections.push(event);
  before(async () => {
    await resetProviderRoutes();
    await routeProvider('stripe', 'stand-in', 150);
    await routeProvider('paypal', 'stand-in', 150);
    window.addEventListener('unhandledrejection', onRejection);
  });
  after(() => window.removeEventListener('unhandledrejection', onRejection));

  it('leaves one script tag per provider, no orphaned iframe and no unhandled rejection', async () => {
    const endpoint = testEndpoint();
    configureSandbox({ apiBase: `${endpoint}/sandbox` });
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const element = document.createElement('relais-checkout');
    for (const [name, value] of Object.entries({ amount: '4990', currency: 'EUR', endpoint, 'stripe-key': 'pk_test_x', 'paypal-client-id': 'sb',
      providers: 'stripe paypal bank-transfer', 'bank-iban': 'FR1420041010050500013M02606', 'bank-beneficiary': 'Relais' })) {
      element.setAttribute(name, value);
    }
    for (let round = 0; round < 12; round++) {
      host.append(element);
      await new Promise((resolve) => setTimeout(resolve, round * 7));
      if (round % 3 === 0) element.setAttribute('amount', String(1000 + round));
      if (round % 4 === 1) element.setAttribute('providers', round % 8 === 1 ? 'paypal stripe bank-transfer' : 'stripe paypal bank-transfer');
      element.remove();
    }
    element.setAttribute('providers', 'stripe paypal bank-transfer');
    host.append(element);
    await waitFor(() => document.querySelector('iframe[title="Secure payment input frame"]'), 6000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(document.querySelectorAll('script[src^="https://js.stripe.com"]')).to.have.length(1);
    expect(document.querySelectorAll('script[src*="/web-sdk/v6/core"]').length).to.be.at.most(1);
    expect(document.querySelectorAll('iframe[title="Secure payment input frame"]')).to.have.length(1);
    expect(document.querySelectorAll('[data-relais-mount]')).to.have.length(1);
    element.remove();
    expect(document.querySelectorAll('iframe[title="Secure payment input frame"]')).to.have.length(0);
    expect(document.querySelectorAll('[data-relais-mount]')).to.have.length(0);
    expect(rejections.map((event) => String(event.reason))).to.deep.equal([]);
  });
});
