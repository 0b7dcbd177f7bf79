/**
 * Adyen's 3-D Secure (or any redirect action) leaves the page; Adyen sends the shopper back to the
 * return URL with `sessionId` and `redirectResult`. The order id and its secret come back through
 * sessionStorage (this tab only), bound to the session id. Session data is never stored.
 */
import type { OrderRef } from '../merchant-order.js';

const returnKey = 'relais:adyen-return';

export function rememberAdyenReturn({ orderId, secret }: OrderRef, sessionId: string): void {
  try {
    sessionStorage.setItem(returnKey, JSON.stringify({ orderId, secret, sessionId }));
  } catch {
    // Storage disabled: the return still shows the outcome, under a new order id.
  }
}

export function forgetAdyenReturn(): void {
  try {
    sessionStorage.removeItem(returnKey);
  } catch {
    // nothing to forget
  }
}

/** Whether this page is the return of an Adyen redirect (read before anything loads). */
export const isAdyenReturn = (search: string): boolean => new URLSearchParams(search).has('redirectResult');

/**
 * Takes Adyen's parameters out of the address bar (a reload must not submit them twice) and gives
 * them back with the order that left the page.
 */
export function takeAdyenReturn(window: Window): { params: URLSearchParams; orderId: string | undefined; secret: string | undefined } | undefined {
  const params = new URLSearchParams(window.location.search);
  if (!params.has('redirectResult')) return undefined;
  const clean = new URL(window.location.href);
  for (const name of ['redirectResult', 'sessionId', 'resultCode', 'type']) clean.searchParams.delete(name);
  window.history.replaceState(window.history.state, '', clean);
  let orderId: string | undefined;
  let secret: string | undefined;
  try {
    const saved = JSON.parse(sessionStorage.getItem(returnKey) ?? 'null') as { orderId: string; secret?: string; sessionId: string } | null;
    if (saved && saved.sessionId === params.get('sessionId')) ({ orderId, secret } = saved);
  } catch {
    // unreadable: as if nothing was saved
  }
  return { params, orderId, secret };
}
