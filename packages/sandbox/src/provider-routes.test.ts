/**
 * test/provider-routes.mjs, seen from a page: plain <script> tags on the real provider URLs (no
 * loader, so no loader cache or retry gets in the way of what the route answered).
 */
import { expect } from '@open-wc/testing';
import { providerRequestCount, resetProviderRoutes, routeProvider } from './testing/routes.js';

const STRIPE_URL = 'https://js.stripe.com/endive/stripe.js';
const PAYPAL_URL = 'https://www.paypal.com/web-sdk/v6/core';
const PAYPAL_SANDBOX_URL = 'https://www.sandbox.paypal.com/web-sdk/v6/core';

type Outcome = 'load' | 'error';

/** Appends a classic script; resolves with its first load/error event. */
function inject(src: string): { settled: Promise<Outcome>; script: HTMLScriptElement } {
  const script = document.createElement('script');
  script.src = src;
  const settled = new Promise<Outcome>((resolve) => {
    script.addEventListener('load', () => resolve('load'), { once: true });
    script.addEventListener('error', () => resolve('error'), { once: true });
  });
  document.head.append(script);
  return { settled, script };
}

const pending = <T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> =>
  Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);

describe('provider routes (test/provider-routes.mjs)', () => {
  beforeEach(() => resetProviderRoutes());
  afterEach(() => {
    document.querySelectorAll('script[src^="https://"]').forEach((script) => script.remove());
    return resetProviderRoutes();
  });

  it('abort answers like an ad blocker: the script fires error', async () => {
    await routeProvider('stripe', 'abort');
    expect(await inject(STRIPE_URL).settled).to.equal('error');
  });

  it('not-found answers 404: the script fires error', async () => {
    await routeProvider('paypal', 'not-found');
    expect(await inject(PAYPAL_URL).settled).to.equal('error');
  });

  it('empty answers 200 with no code: the script loads and defines nothing', async () => {
    await routeProvider('stripe', 'empty');
    expect(await inject(`${STRIPE_URL}?advancedFraudSignals=false`).settled).to.equal('load');
    expect(window.Stripe).to.equal(undefined);
  });

  it('hang never answers, and reset ends the held request with an error', async () => {
    await routeProvider('stripe', 'hang');
    const { settled } = inject(STRIPE_URL);
    expect(await pending(settled, 500)).to.equal('pending');
    await resetProviderRoutes();
    expect(await settled).to.equal('error');
  });

  it('stand-in arrives no sooner than delayMs and defines the provider global', async () => {
    await routeProvider('paypal', 'stand-in', 400);
    const started = performance.now();
    const { settled } = inject(PAYPAL_URL);
    expect(await pending(settled, 200)).to.equal('pending');
    expect(await settled).to.equal('load');
    expect(performance.now() - started).to.be.at.least(400);
    expect((window as unknown as { paypal?: { version: string } }).paypal?.version).to.match(/^6\./);
  });

  it('answers both PayPal environments and their retry URLs', async () => {
    await routeProvider('paypal', 'empty');
    expect(await inject(PAYPAL_SANDBOX_URL).settled).to.equal('load');
    expect(await inject(`${PAYPAL_URL}?paypal-sdk-retry=1`).settled).to.equal('load');
  });

  it('a new route for a provider replaces the previous one', async () => {
    await routeProvider('stripe', 'abort');
    await routeProvider('stripe', 'empty');
    expect(await inject(STRIPE_URL).settled).to.equal('load');
  });

  it('counts script requests per provider, answered or not', async () => {
    const before = await providerRequestCount();
    await routeProvider('paypal', 'abort');
    await inject(PAYPAL_URL).settled;
    await inject(PAYPAL_SANDBOX_URL).settled;
    const after = await providerRequestCount();
    expect(after.paypal - before.paypal).to.equal(2);
    expect(after.stripe - before.stripe).to.equal(0);
  });
});
