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

/**
 * When the page is the return of a Stripe redirect, takes its parameters out of the address bar
 * (the client secret must not stay in the history or a bookmark) and gives them back with the
 * order id that left the page.
 */
export function takeRedirectReturn(window: Window): { params: URLSearchParams; orderId: string | undefined } | undefined {
  const params = new URLSearchParams(window.location.search);
  if (!params.has('payment_intent_client_secret')) return undefined;
  const clean = new URL(window.location.href);
  for (const name of ['payment_intent', 'payment_intent_client_secret', 'redirect_status']) clean.searchParams.delete(name);
  window.history.replaceState(window.history.state, '', clean);
  return { params, orderId: returningOrderId(params) };
}

function returningOrderId(params: URLSearchParams): string | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(returnKey) ?? 'null') as { orderId: string; intent: string } | null;
    return saved && saved.intent === params.get('payment_intent') ? saved.orderId : undefined;
  } catch {
    return undefined;
  }
}
