/**
 * Idempotency keys. An order's own is its order id (`POST /orders`); every call made for it to a
 * provider, or to the merchant's payment routes, derives its key from it: `{orderId}:{provider}:{step}`
 * — `create`, `session` (Adyen), `capture`, `cancel`, `status`, or the page's attempt number — so a retry of one step
 * is the same call, and two steps never share a key.
 */
export type CallStep = 'create' | 'session' | 'capture' | 'cancel' | 'status' | number;

export function providerCallKey(orderId: string, provider: string, step: CallStep): string {
  return `${orderId}:${provider}:${step}`;
}
