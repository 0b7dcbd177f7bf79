/**
 * The real @stripe/stripe-js/pure loader against the answers of the Stripe.js URL. Its cache is
 * per page and cleared only after a failure, so the successful load comes last in this file.
 */
import { expect } from '@open-wc/testing';
import { loadStripe } from '@stripe/stripe-js/pure';
import { providerRequestCount, resetProviderRoutes, routeProvider } from './testing/routes.js';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('Stripe.js through the real loader', () => {
  before(() => resetProviderRoutes());
  after(() => resetProviderRoutes());

  it('an ad-blocked Stripe.js makes loadStripe reject "Failed to load Stripe.js" after its one retry', async () => {
    await routeProvider('stripe', 'abort');
    const before = (await providerRequestCount()).stripe;
    const error = await rejection(loadStripe('pk_test_sandbox'));
    expect(error.message).to.equal('Failed to load Stripe.js');
    expect((await providerRequestCount()).stripe - before).to.equal(2);
    expect(window.Stripe).to.equal(undefined);
  });

  it('a Stripe.js answered 404 makes loadStripe reject "Failed to load Stripe.js"', async () => {
    await routeProvider('stripe', 'not-found');
    const error = await rejection(loadStripe('pk_test_sandbox'));
    expect(error.message).to.equal('Failed to load Stripe.js');
  });

  it('a Stripe.js that loads without its global makes loadStripe reject "Stripe.js not available"', async () => {
    await routeProvider('stripe', 'empty');
    const error = await rejection(loadStripe('pk_test_sandbox'));
    expect(error.message).to.equal('Stripe.js not available');
  });

  it('the stand-in answers the real URL: loadStripe resolves and window.Stripe.version is "endive"', async () => {
    await routeProvider('stripe', 'stand-in');
    const stripe = await loadStripe('pk_test_sandbox');
    expect(stripe).to.not.equal(null);
    expect(typeof stripe?.elements).to.equal('function');
    expect((window.Stripe as unknown as { version: string }).version).to.equal('endive');
    const script = document.querySelector<HTMLScriptElement>('script[src^="https://js.stripe.com/endive/stripe.js"]');
    expect(script, 'the loader injected the real URL').to.not.equal(null);
  });
});
