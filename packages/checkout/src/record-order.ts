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
      // The refusal's body: a 409 `already-paid` names who was paid (`paidWith`).
      cause: answer.body,
    });
  }
  return secret;
}

/** The method the shop says already paid the order, from its refusal to record it again (409 `already-paid`). */
export function paidWithOf(error: unknown): string | undefined {
  if (!(error instanceof RelaisError) || error.code !== FailureKind.OrderRejected || error.status !== 409) return undefined;
  const body = error.cause as { error?: unknown; paidWith?: unknown } | undefined;
  return body?.error === 'already-paid' && typeof body.paidWith === 'string' ? body.paidWith : undefined;
}
