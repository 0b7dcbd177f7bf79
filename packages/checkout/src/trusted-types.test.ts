/**
 * A merchant page enforcing Trusted Types with the policies Relais documents:
 * `require-trusted-types-for 'script'; trusted-types relais lit-html`, and no default policy.
 */
import { expect } from '@open-wc/testing';
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import { resetProviderRoutes } from '@relais/sandbox/testing/routes.js';
import { mountOf, payButton, providerCheckout, readyToPay } from '../../../test/checkout.js';
import { serverOrders, testEndpoint } from '../../../test/api.js';
import { inShadow, waitFor } from '../../../test/dom.js';
import { eventually, sampleOrder } from '../../../test/queue.js';
import { enforceTrustedTypes, type Violation } from '../../../test/trusted-types.js';
import { createOrderQueue } from './queue/order-queue.js';
import { scriptUrl } from './trusted-types.js';

describe('under trusted-types relais lit-html, enforced, with no default policy', () => {
  let violations: Violation[];
  before(async () => {
    await resetProviderRoutes();
    violations = await enforceTrustedTypes('relais lit-html');
  });
  // Each test answers for what it loaded.
  beforeEach(() => violations.splice(0));
  afterEach(() => delete window.__relaisSandbox);

  it('Stripe is ready through the relais policy and takes a card payment, with no violation', async () => {
    const { element, of } = await providerCheckout({ providers: 'stripe bank-transfer', stripe: 'stand-in' });
    expect((await readyToPay(element)) && of('relais-ready')[0]!.detail.provider).to.equal('stripe');
    expect(document.querySelector('script[src="https://js.stripe.com/endive/stripe.js"]'), 'one script, inserted by Relais').to.exist;
    fillCard(mountOf(element, 'stripe')!, { number: '4242 4242 4242 4242' });
    payButton(element)!.click();
    await waitFor(() => inShadow(element, '[part="result"].succeeded'), 6000);
    expect(of('relais-incident')).to.deep.equal([]);
    expect(violations).to.deep.equal([]);
  });

  it('PayPal is ready through the relais policy and captures on approval, with no violation', async () => {
    const { element, of } = await providerCheckout({ providers: 'paypal bank-transfer', paypal: 'stand-in', sandbox: { paypal: { approval: 'auto' } } });
    const button = await waitFor(() => mountOf(element, 'paypal')?.querySelector<HTMLElement>('paypal-button'), 6000);
    expect(of('relais-ready')[0]!.detail.provider).to.equal('paypal');
    button.click();
    await waitFor(() => inShadow(element, '[part="result"].succeeded'), 6000);
    expect(of('relais-incident')).to.deep.equal([]);
    expect(violations).to.deep.equal([]);
  });

  it('the bank transfer places its order, with no violation', async () => {
    const { element, endpoint, first } = await providerCheckout({ providers: 'bank-transfer' });
    (await readyToPay(element)).click();
    expect((await first('relais-payment-pending')).detail.reason).to.equal('awaiting-transfer');
    expect((await serverOrders(endpoint)).map((order) => order.orderId)).to.deep.equal([element.orderId]);
    expect(violations).to.deep.equal([]);
  });

  it('the order queue registers its worker with a trusted URL and delivers through it, with no violation', async () => {
    const endpoint = testEndpoint();
    const queue = await createOrderQueue({ endpoint: new URL(endpoint, location.href).href, swUrl: '/relais-sw.js' });
    try {
      expect(queue.mode).to.equal('service-worker');
      const registration = await navigator.serviceWorker.getRegistration('/');
      expect(registration?.active?.scriptURL ?? registration?.installing?.scriptURL ?? registration?.waiting?.scriptURL).to.equal(new URL('/relais-sw.js', location.href).href);
      const order = sampleOrder();
      const delivered = new Promise((resolve) => queue.on('delivered', (record) => record.orderId === order.orderId && resolve(record)));
      expect(await queue.enqueue(order)).to.deep.include({ ok: true });
      await delivered;
      await eventually(async () => (await serverOrders(endpoint)).some((recorded) => recorded.orderId === order.orderId));
    } finally {
      queue.close();
    }
    expect(violations).to.deep.equal([]);
  });

  it('the relais policy vouches only for the SDK URLs Relais loads and a same-origin worker', () => {
    for (const url of ['https://js.stripe.com/endive/stripe.js', 'https://www.paypal.com/web-sdk/v6/core', 'https://www.sandbox.paypal.com/web-sdk/v6/core']) {
      expect(String(scriptUrl(url)), url).to.equal(url);
    }
    expect(String(scriptUrl('/relais-sw.js', true))).to.equal('/relais-sw.js');
    for (const [url, worker] of [
      ['https://js.stripe.com/v3/', false],
      ['https://js.stripe.com/endive/stripe.js?x=1', false],
      ['https://evil.example/web-sdk/v6/core', false],
      ['/relais-sw.js', false],
      ['https://evil.example/relais-sw.js', true],
    ] as const) {
      expect(() => scriptUrl(url, worker), url).to.throw(TypeError, /does not trust/);
    }
    expect(violations).to.deep.equal([]);
  });
});
