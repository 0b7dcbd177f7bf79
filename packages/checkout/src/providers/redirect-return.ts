/**
 * A redirect (3DS, bank authentication) leaves the page; the order id comes back with the shopper
 * through sessionStorage. The client secret itself is never stored (PCI: it authorises the intent).
 */
const returnKey = 'relais:stripe-return';
export function rememberReturn(orderId: string, clientSecret: string): void {
  try {
    sessionStorage.setItem(returnKey, JSON.stringify({ orderId, intent: clientSecret.split('_secret_')[0] }));
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

/** The order id of a payment that left the page for a redirect, if this is its return. */
export function returningOrderId(params: URLSearchParams): string | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(returnKey) ?? 'null') as { orderId: string; intent: string } | null;
    return saved && saved.intent === params.get('payment_intent') ? saved.orderId : undefined;
  } catch {
    return undefined;
  }
}
