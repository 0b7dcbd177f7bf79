/** `POST {endpoint}/orders` before a payment: the merchant's answer carries the order's secret. */
import { postJson } from './api.js';
import { FailureKind, RelaisError, toRelaisError } from './errors.js';
import type { Order } from './order.js';

/**
 * Rejects with `merchant-unavailable` when the merchant cannot be reached, `order-rejected` when it
 * refuses the order (a price check, a cart that changed).
 */
export async function recordOrder(endpoint: string, order: Order, signal: AbortSignal | undefined): Promise<string> {
  let answer;
  try {
    answer = await postJson<{ secret?: unknown; error?: unknown }>(`${endpoint}/orders`, order, { idempotencyKey: order.orderId, signal });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw toRelaisError(error, FailureKind.MerchantUnavailable, order.method);
  }
  const { secret, error } = answer.body;
  if (!answer.ok || typeof secret !== 'string') {
    throw new RelaisError(FailureKind.OrderRejected, `The shop refused the order (${answer.status}${typeof error === 'string' ? ` ${error}` : ''})`, {
      status: answer.status,
      provider: order.method,
    });
  }
  return secret;
}
