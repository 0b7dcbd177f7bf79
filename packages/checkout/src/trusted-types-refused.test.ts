/**
 * A merchant page enforcing Trusted Types whose `trusted-types` directive forgot `relais`
 * (`trusted-types lit-html` only): no SDK can be loaded, and the shopper still pays by transfer.
 */
import { expect } from '@open-wc/testing';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { checkedMethod, providerCheckout, readyToPay } from '../../../test/checkout.js';
import { serverOrders, testEndpoint } from '../../../test/api.js';
import { sampleOrder } from '../../../test/queue.js';
import { enforceTrustedTypes, type Violation } from '../../../test/trusted-types.js';
import { createOrderQueue } from './queue/order-queue.js';

describe('under trusted-types lit-html only, enforced: the relais policy is refused', () => {
  let violations: Violation[];
  const uncaught: unknown[] = [];
  const onError = (event: ErrorEvent) => uncaught.push(event.error);
  const onRejection = (event: PromiseRejectionEvent) => uncaught.push(event.reason);
  before(async () => {
    await resetProviderRoutes();
    violations = await enforceTrustedTypes('lit-html');
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });
  after(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  });

  it('Stripe and PayPal are csp incidents naming relais, and the bank transfer takes the order', async () => {
    const { element, endpoint, of, first } = await providerCheckout({ providers: 'stripe paypal bank-transfer', stripe: 'stand-in', paypal: 'stand-in' });
    const pay = await readyToPay(element);
    expect(checkedMethod(element)).to.equal('Bank');
    const incidents = of('relais-incident').map((event) => event.detail);
    expect(incidents.map(({ provider, kind }) => `${provider} ${kind}`)).to.deep.equal(['stripe csp', 'paypal csp']);
    for (const incident of incidents) expect(incident.reason).to.contain("policy 'relais'");
    expect(of('relais-provider-change').map((event) => event.detail.reason)).to.include('csp');
    expect(document.querySelector('script[src^="https://js.stripe.com"], script[src*="/web-sdk/v6/core"]'), 'no SDK script in the page').to.equal(null);

    pay.click();
    await first('relais-payment-pending');
    expect((await serverOrders(endpoint)).map((order) => order.orderId)).to.deep.equal([element.orderId]);
    // The browser reports the refused policy once: Relais asks for it once per page.
    expect(violations.map(({ directive, sample }) => `${directive} ${sample}`)).to.deep.equal(['trusted-types relais']);
    expect(uncaught).to.deep.equal([]);
  });

  it('the order queue falls back to the page without its worker, and still delivers', async () => {
    const endpoint = testEndpoint();
    const queue = await createOrderQueue({ endpoint: new URL(endpoint, location.href).href, swUrl: '/relais-sw.js' });
    try {
      expect(queue.mode).to.equal('page');
      const order = sampleOrder();
      const delivered = new Promise((resolve) => queue.on('delivered', (record) => record.orderId === order.orderId && resolve(record)));
      await queue.enqueue(order);
      await delivered;
    } finally {
      queue.close();
    }
    expect(violations, 'no new report: the refusal is remembered').to.have.length(1);
    expect(uncaught).to.deep.equal([]);
  });
});
