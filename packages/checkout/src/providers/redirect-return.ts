/**
 * A redirect (3DS, bank authentication) leaves the page; the order id and the order's secret come
 * back with the shopper through sessionStorage (this tab only). The client secret itself is never
 * stored (PCI: it authorises the intent).
 */
import type { OrderRef } from '../merchant-order.js';
import { takeAdyenReturn } from './adyen-return.js';

const returnKey = 'relais:stripe-return';
export function rememberReturn({ orderId, secret }: OrderRef, clientSecret: string): void {
  try {
    sessionStorage.setItem(returnKey, JSON.stringify({ orderId, secret, intent: clientSecret.split('_secret_')[0] }));
  } catch {
    // Storage disabled: the return still shows the outcome, under a new order id.
  }
}
export function forgetReturn(): void {
  try {
    sessionStorage.removeItem(returnKey);
  } catch {
    // nothing to forget
  }
}

/**
 * When the page is the return of a Stripe redirect (or an Adyen one: adyen-return.ts), takes its parameters out of the address bar
 * (the client secret must not stay in the history or a bookmark) and gives them back with the
 * order id that left the page.
 */
export function takeRedirectReturn(window: Window, provider: 'stripe' | 'adyen' = 'stripe'): { params: URLSearchParams; orderId: string | undefined; secret: string | undefined } | undefined {
  if (provider === 'adyen') return takeAdyenReturn(window);
  const params = new URLSearchParams(window.location.search);
  if (!params.has('payment_intent_client_secret')) return undefined;
  const clean = new URL(window.location.href);
  for (const name of ['payment_intent', 'payment_intent_client_secret', 'redirect_status']) clean.searchParams.delete(name);
  window.history.replaceState(window.history.state, '', clean);
  return { params, ...returningOrder(params) };
}

function returningOrder(params: URLSearchParams): { orderId: string | undefined; secret: string | undefined } {
  try {
    const saved = JSON.parse(sessionStorage.getItem(returnKey) ?? 'null') as { orderId: string; secret?: string; intent: string } | null;
    if (saved && saved.intent === params.get('payment_intent')) return { orderId: saved.orderId, secret: saved.secret };
  } catch {
    // unreadable: as if nothing was saved
  }
  return { orderId: undefined, secret: undefined };
}
