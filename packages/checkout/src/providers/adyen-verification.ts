/**
 * What the merchant says of an order's Adyen session (`POST {endpoint}/adyen/sessions/status`),
 * as one outcome. Imports no SDK: a return visit verifies through the merchant alone.
 */
import { postJson } from '../api.js';
import { providerCallKey } from '@relais/contracts';
import { FailureKind, RelaisError, toRelaisError } from '../errors.js';
import type { OrderRef } from '../merchant-order.js';
import type { PaymentOutcome } from './provider.js';

const timeoutMs = 8000;

const unknown = (message: string, cause?: unknown): PaymentOutcome => ({
  status: 'outcome-unknown',
  error: new RelaisError(FailureKind.OutcomeUnknown, message, { provider: 'adyen', cause }),
});
const nothingCharged = (message: string): PaymentOutcome => ({
  status: 'unavailable',
  error: new RelaisError(FailureKind.ApiUnavailable, message, { provider: 'adyen' }),
});

/**
 * completed -> paid (the server verified it); paymentPending -> money moving; refused, canceled,
 * expired, or still active with no payment -> nothing was charged; unknown or no answer -> verify
 * again later. `sessionResult` (from Adyen Web) lets the server ask Adyen itself.
 */
export async function verifyAdyenOrder(order: OrderRef, signal: AbortSignal, sessionResult?: string): Promise<PaymentOutcome> {
  const { endpoint, orderId, secret } = order;
  if (secret === undefined) return nothingCharged('The order was never recorded: nothing was charged');
  let answer;
  try {
    answer = await postJson<{ status?: unknown; pspReference?: unknown; sessionId?: unknown; error?: unknown }>(
      `${endpoint}/adyen/sessions/status`,
      sessionResult === undefined ? { orderId } : { orderId, sessionResult },
      { idempotencyKey: providerCallKey(orderId, 'adyen', 'status'), secret, signal, timeoutMs },
    );
  } catch (cause) {
    if (signal.aborted) throw signal.reason;
    return unknown('adyen/sessions/status did not answer', toRelaisError(cause, FailureKind.ApiUnavailable, 'adyen'));
  }
  const { status, pspReference, sessionId, error } = answer.body;
  if (answer.status === 404 && error === 'unknown-order') return nothingCharged('Adyen never had a session for the order: nothing was charged');
  if (!answer.ok || typeof status !== 'string') return unknown(`adyen/sessions/status answered ${answer.status}`);
  switch (status) {
    case 'completed':
      return { status: 'succeeded', reference: typeof pspReference === 'string' ? pspReference : String(sessionId) };
    case 'paymentPending':
      return { status: 'pending', reason: 'processing', reference: typeof sessionId === 'string' ? sessionId : undefined };
    case 'refused':
    case 'canceled':
    case 'expired':
    case 'active':
      return nothingCharged(`The Adyen session is ${status} with no payment: nothing was charged`);
    default:
      return unknown(`The Adyen session's outcome is ${status}`);
  }
}
