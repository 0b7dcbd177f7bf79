/**
 * Stripe's and PayPal's verification (docs/design.md, failure table: an error or timeout *after* a payment was submitted ->
 * verify first). What the provider and the merchant say about an order whose payment answer was
 * lost, turned into one outcome: paid, money moving, nothing charged (and nothing can be), or
 * still unknown. Only the order id travels, with the order's secret in a header: the merchant's
 * status routes need nothing else, so a shopper coming back days later can be verified too.
 *
 * Lives apart from the provider adapters so that verifying an order on a return visit never loads
 * a provider SDK (this module imports no SDK loader).
 */
import { postJson } from '../api.js';
import { providerCallKey } from '@relais/contracts';
import { FailureKind, RelaisError, toRelaisError } from '../errors.js';
import type { OrderRef } from '../merchant-order.js';
import type { PaymentOutcome } from './provider.js';
import { definitionOf } from './registry.js';
import { verification } from '../failover/policy.js';

/** Providers whose payments can be lost mid-flight and verified afterwards. */
export type VerifiableProvider = 'stripe' | 'paypal';

/** One source's view of an order's PaymentIntent. */
export type IntentReading =
  | { kind: 'status'; status: string; intentId: string }
  /** The merchant never created an intent for the order: no client secret ever left, nothing was paid. */
  | { kind: 'unknown-order' }
  | { kind: 'unreachable'; error: RelaisError };

/** Per attempt; `postJson` retries once. A shopper is waiting on a "verifying" screen. */
const { timeoutMs } = verification;

const unpaid = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action']);
const moving = new Set(['processing', 'requires_capture']);

const unknown = (provider: string, message: string, cause?: unknown): PaymentOutcome => ({
  status: 'outcome-unknown',
  error: new RelaisError(FailureKind.OutcomeUnknown, message, { provider, cause }),
});

/** Nothing was charged and nothing can be any more: the next method is safe. */
const nothingCharged = (provider: VerifiableProvider, message: string): PaymentOutcome => ({
  status: 'unavailable',
  error: new RelaisError(FailureKind.ApiUnavailable, message, { provider }),
});

/** `POST {endpoint}/stripe/payment-intents/status` {orderId, cancel?}: Stripe's status, read by the server. */
export async function merchantIntentStatus({ endpoint, orderId, secret }: OrderRef, cancel: boolean, signal: AbortSignal): Promise<IntentReading> {
  // Never recorded here: the merchant cannot have created a PaymentIntent for it.
  if (secret === undefined) return { kind: 'unknown-order' };
  try {
    const answer = await postJson<{ status?: unknown; paymentIntentId?: unknown; error?: unknown }>(
      `${endpoint}/stripe/payment-intents/status`,
      cancel ? { orderId, cancel: true } : { orderId },
      { idempotencyKey: providerCallKey(orderId, 'stripe', cancel ? 'cancel' : 'status'), secret, signal, timeoutMs },
    );
    const { status, paymentIntentId, error } = answer.body;
    if (answer.ok && typeof status === 'string' && typeof paymentIntentId === 'string') return { kind: 'status', status, intentId: paymentIntentId };
    if (answer.status === 404 && error === 'unknown-order') return { kind: 'unknown-order' };
    return { kind: 'unreachable', error: new RelaisError(FailureKind.ApiUnavailable, `payment-intents/status answered ${answer.status}`, { provider: 'stripe', status: answer.status }) };
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    return { kind: 'unreachable', error: toRelaisError(error, FailureKind.ApiUnavailable, 'stripe') };
  }
}

/** What the readings agree on; `unpaid` when every answer says no money moved yet. */
function judge(readings: IntentReading[]): PaymentOutcome | 'unpaid' {
  const seen = readings.flatMap((reading) => (reading.kind === 'status' ? [reading] : []));
  if (new Set(seen.map((reading) => reading.intentId)).size > 1) {
    // Two intents for one order: something is badly wrong; a human must look, not the failover.
    return unknown('stripe', `Stripe and the merchant name different PaymentIntents for the order`);
  }
  const statuses = new Set(seen.map((reading) => reading.status));
  const intentId = seen[0]?.intentId;
  if (statuses.has('succeeded')) {
    // Both are final states: the two sources cannot both be right.
    if (statuses.has('canceled')) return unknown('stripe', 'Stripe and the merchant disagree: succeeded and canceled');
    return { status: 'succeeded', reference: intentId! };
  }
  if ([...statuses].some((status) => moving.has(status))) return { status: 'pending', reason: 'processing', reference: intentId };
  // Canceled is final: whichever source read it last, the intent can no longer be charged.
  if (statuses.has('canceled')) return nothingCharged('stripe', 'The PaymentIntent is canceled: nothing was charged');
  if (seen.length > 0 && [...statuses].every((status) => unpaid.has(status))) return 'unpaid';
  if (seen.length === 0 && readings.length > 0 && readings.every((reading) => reading.kind === 'unknown-order')) {
    return nothingCharged('stripe', 'The merchant never created a PaymentIntent for the order: nothing was charged');
  }
  const cause = readings.find((reading) => reading.kind === 'unreachable');
  return unknown('stripe', seen.length ? `Unexpected PaymentIntent status ${[...statuses].join(', ')}` : 'Neither Stripe nor the merchant could say', cause?.error);
}

/**
 * The Stripe verdict from what was read (Stripe.js's retrieve and/or the merchant's status).
 * Still unpaid -> the server cancels the intent first: only a `canceled` answer makes another
 * method safe, since a confirmation still on its way could otherwise charge after the switch.
 */
export async function verifyStripeIntent(order: OrderRef, readings: IntentReading[], signal: AbortSignal): Promise<PaymentOutcome> {
  const verdict = judge(readings);
  if (verdict !== 'unpaid') return verdict;
  const cancel = await merchantIntentStatus(order, true, signal);
  if (cancel.kind !== 'status') {
    return unknown('stripe', 'The unpaid PaymentIntent could not be canceled', cancel.kind === 'unreachable' ? cancel.error : undefined);
  }
  // The shopper's confirmation may have won the race against the cancel: the answer says so.
  const after = judge([cancel]);
  return after === 'unpaid' ? unknown('stripe', `The PaymentIntent is still ${cancel.status} after the cancel`) : after;
}

/**
 * `POST {endpoint}/paypal/orders/{id}/capture` with the order's one capture key: the server and
 * PayPal (`PayPal-Request-Id`) replay the first capture, so calling it again never charges twice.
 */
export async function capturePayPalOrder(order: OrderRef, paypalOrderId: string, signal?: AbortSignal): Promise<PaymentOutcome> {
  const { endpoint, orderId, secret } = order;
  try {
    const answer = await postJson<{ status?: string; captureId?: string; error?: string; paidWith?: string; details?: Array<{ issue?: string }> }>(
      `${endpoint}/paypal/orders/${encodeURIComponent(paypalOrderId)}/capture`,
      { orderId },
      { idempotencyKey: providerCallKey(orderId, 'paypal', 'capture'), secret, signal },
    );
    if (answer.ok && answer.body.status === 'COMPLETED') return { status: 'succeeded', reference: answer.body.captureId ?? paypalOrderId };
    // The card was paid for this order meanwhile (another tab): the server refused to capture.
    if (answer.status === 409 && answer.body.error === 'already-paid' && answer.body.paidWith) {
      return await verifyPaidWith(answer.body.paidWith, order, signal ?? new AbortController().signal);
    }
    // PayPal's guidance: let the shopper pick another funding source in PayPal.
    if (answer.body.details?.some((detail) => detail.issue === 'INSTRUMENT_DECLINED')) return { status: 'declined', message: undefined };
    return unknown('paypal', `capture answered ${answer.status}`);
  } catch (cause) {
    if (signal?.aborted) throw signal.reason;
    // The capture may have happened: verify, never offer a second method blindly.
    return unknown('paypal', 'capture did not answer', cause);
  }
}

/** PayPal statuses in which nothing was captured and nothing will be without this element. */
const notCaptured = new Set(['CREATED', 'SAVED', 'PAYER_ACTION_REQUIRED', 'VOIDED']);

/**
 * The PayPal verdict from `POST {endpoint}/paypal/orders/status`: COMPLETED -> paid; APPROVED ->
 * the shopper's approved capture, once more with the same key (its first try was the lost one);
 * not approved / voided / no PayPal order -> nothing charged.
 */
export async function verifyPayPalOrder(order: OrderRef, signal: AbortSignal): Promise<PaymentOutcome> {
  const { endpoint, orderId, secret } = order;
  // Never recorded here: the merchant cannot have created a PayPal order for it.
  if (secret === undefined) return nothingCharged('paypal', 'The order was never recorded: nothing was charged');
  let answer;
  try {
    answer = await postJson<{ status?: unknown; id?: unknown; captureId?: unknown; error?: unknown }>(
      `${endpoint}/paypal/orders/status`,
      { orderId },
      { idempotencyKey: providerCallKey(orderId, 'paypal', 'status'), secret, signal, timeoutMs },
    );
  } catch (cause) {
    if (signal.aborted) throw signal.reason;
    return unknown('paypal', 'paypal/orders/status did not answer', cause);
  }
  const { status, id, captureId, error } = answer.body;
  if (answer.status === 404 && error === 'unknown-order') return nothingCharged('paypal', 'PayPal never saw the order: nothing was charged');
  if (!answer.ok || typeof status !== 'string' || typeof id !== 'string') return unknown('paypal', `paypal/orders/status answered ${answer.status}`);
  if (status === 'COMPLETED') return { status: 'succeeded', reference: typeof captureId === 'string' ? captureId : id };
  if (status === 'APPROVED') {
    const captured = await capturePayPalOrder(order, id, signal);
    // A refused capture leaves the order APPROVED, still capturable: the capture an earlier page
    // sent just before it went away (a reload mid-payment) may land after this one. Not "nothing
    // charged" then: still unknown, so the order is kept and verified again, never replaced.
    if (captured.status === 'declined') return unknown('paypal', 'The capture was refused; the approved PayPal order can still be captured');
    return captured;
  }
  if (notCaptured.has(status)) return nothingCharged('paypal', `The PayPal order is ${status}: nothing was charged`);
  return unknown('paypal', `Unexpected PayPal order status ${status}`);
}

/**
 * Verifies a Stripe order with the merchant alone, by its id and secret: for the shopper's return
 * visit, when no client secret exists any more (it is never stored) and no SDK needs to load.
 */
export async function verifyStripeOrder(order: OrderRef, signal: AbortSignal): Promise<PaymentOutcome> {
  return verifyStripeIntent(order, [await merchantIntentStatus(order, false, signal)], signal);
}

/**
 * The order was paid with another method (another tab, another visit): that method's own
 * verification says what happened, never a second payment.
 */
export function verifyPaidWith(method: string, order: OrderRef, signal: AbortSignal): Promise<PaymentOutcome> {
  return definitionOf(method)?.verify?.(order, signal) ?? Promise.resolve(unknown(method, `paid with ${method}, which cannot be verified here`));
}
