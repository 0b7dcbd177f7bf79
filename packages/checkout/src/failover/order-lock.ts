/**
 * One order, one payment: two tabs (or two elements, or a tab and its iframe)
 * paying the same order id take turns. The second one starts only once the first has its
 * outcome, so its create call finds the order paid (409 `already-paid`) and reports that payment
 * instead of making another: at most one authorization per order id.
 *
 * Web Locks (`navigator.locks`) are shared by every browsing context of the origin. Where they are
 * missing (older browsers, some embedded webviews, insecure contexts) calls in this page still
 * take turns, and across tabs the merchant's server keeps the promise on its own: one
 * PaymentIntent and one PayPal order per order id, created and captured under idempotency keys
 * derived from it, so two tabs racing get the same intent, which Stripe confirms only once, and
 * the same PayPal order, which is captured only once; and neither provider takes an order the
 * other was paid for (409 `already-paid` with `paidWith`, @relais/server one-payment.ts). The lock
 * spares the shopper that race; what it alone closes is a card confirmation and a PayPal capture
 * of one order landing at the same instant, which the server checks cannot see in flight.
 */

/**
 * Taken by the providers themselves, where the click's user activation is no longer needed
 * (Stripe: after `elements.submit()`; PayPal: around the order's creation, with the session
 * already started), and held until the outcome. Web Locks are not reentrant: code that wraps
 * `pay()` in this lock waits for itself forever.
 */

import { orderLockName } from '@relais/contracts';

/** The lock's name, shared with any other code (another bundle, an iframe) that pays the order. */
export { orderLockName };

// The fallback: tails of each order's queue in this page, as the server's keyed lock does.
const tails = new Map<string, Promise<void>>();

async function inPage<T>(orderId: string, fn: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  const previous = tails.get(orderId) ?? Promise.resolve();
  const result = previous.then(() => {
    // Gave up while waiting: the payment never starts.
    signal?.throwIfAborted();
    return fn();
  });
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  tails.set(orderId, tail);
  try {
    return await result;
  } finally {
    if (tails.get(orderId) === tail) tails.delete(orderId);
  }
}

/**
 * Runs `fn` holding the order's lock; resolves or rejects as `fn` does. Aborting `signal` while
 * waiting for the lock rejects with its reason and `fn` never runs; once `fn` runs, it runs to its
 * end (a payment half-made must finish, then be reported).
 */
export function withOrderLock<T>(orderId: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : (navigator.locks as LockManager | undefined);
  if (!locks || typeof locks.request !== 'function') return inPage(orderId, fn, signal);
  const options: LockOptions = signal ? { mode: 'exclusive', signal } : { mode: 'exclusive' };
  return locks.request(orderLockName(orderId), options, () => fn());
}
