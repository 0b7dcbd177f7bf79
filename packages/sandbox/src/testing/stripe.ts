/** Loads the Stripe.js stand-in the way Relais does: real loader, real URL, routed answer. */
import { loadStripe } from '@stripe/stripe-js/pure';
import type { Stripe } from '@stripe/stripe-js';
import { routeProvider } from './routes.js';

export async function loadStandInStripe(publishableKey = 'pk_test_sandbox'): Promise<Stripe> {
  await routeProvider('stripe', 'stand-in');
  const stripe = await loadStripe(publishableKey);
  if (!stripe) throw new Error('loadStripe resolved null');
  return stripe;
}

/** Resolves with the element's first event of that type, or rejects after `ms`. */
export function nextEvent<T>(subscribe: (handler: (event: T) => void) => void, ms = 3000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no event within ${ms} ms`)), ms);
    subscribe((event) => {
      clearTimeout(timer);
      resolve(event);
    });
  });
}
