/**
 * After a payment whose answer was lost: verify before anything else (docs/design.md failure table).
 * The order id is kept in IndexedDB while its outcome is unknown, so a shopper who leaves and
 * comes back finds it being verified again instead of being offered a second payment.
 * Loaded on demand: only pages that lost an answer need it.
 */
import { sleep } from '@relais/contracts';
import type { PaymentOutcome, Provider, ProviderContext } from '../providers/provider.js';
import { FailureKind, RelaisError } from '../errors.js';
import { withOrderLock } from './order-lock.js';
import { verification as policy } from './policy.js';
import { definitionOf } from '../providers/registry.js';
import type { OrderRef } from '../merchant-order.js';
import { forget, keptHere, remember, unresolved, type PendingPayment } from './pending-payments.js';

/** Waits between verifications; after the last one the payment stays "being verified". */
export const verificationDelays: readonly number[] = policy.delaysMs;

const known = (outcome: PaymentOutcome) => outcome.status !== 'outcome-unknown' && outcome.status !== 'pending';

/**
 * Before a payment is submitted: if the page goes away meanwhile, the next visit verifies it. Kept
 * once the merchant recorded the order (its secret is what a later visit asks with); an order the
 * merchant never recorded cannot have been paid.
 */
export async function rememberPayment(provider: string, context: ProviderContext): Promise<void> {
  const { order, config, merchant } = context;
  const secret = await merchant.record(order);
  await remember({ orderId: order.orderId, secret, provider, endpoint: config.endpoint, at: Date.now(), amount: order.amount, currency: order.currency });
}

/**
 * The outcome is known (paid, declined, nothing charged): nothing left to verify. A paid order is
 * forgotten here only once the device holds it paid (see `rememberPaid`).
 */
export const forgetPayment = (orderId: string): Promise<void> => forget(orderId);

/** The order's payment kept on the device by another tab or an earlier visit: it may be in flight. */
export async function keptElsewhere(endpoint: string, orderId: string): Promise<PendingPayment | undefined> {
  if (keptHere(orderId)) return undefined;
  return (await unresolved(endpoint)).find((payment) => payment.orderId === orderId);
}

/**
 * Asks the provider (and through it the merchant) until the outcome is known. Never charges:
 * `verify` only reads, or cancels what is unpaid.
 */
export async function verify(provider: Provider, context: ProviderContext, signal: AbortSignal): Promise<PaymentOutcome> {
  const { order, merchant } = context;
  // Only a recorded order can have been paid: its secret is known, nothing is posted here.
  if (merchant.secret !== undefined) await rememberPayment(provider.id, context);
  const ask = () => provider.verify?.(context, signal) ?? verifyByOrderId(provider.id, merchant.ref, signal);
  return verifyUntilKnown(order.orderId, ask, signal);
}

/** How old a payment of an earlier visit may be for this visit to take it over. */
export const adoptWithinMs = policy.adoptWithinMs;

/**
 * A payment of this shop left unverified by an earlier visit (the page closed mid-payment, or the
 * answer was lost), for the same amount and recent: what the merchant says of it now, when there
 * is something to show (paid, processing, still unknown). Unpaid, there is nothing to take over:
 * the shopper pays under this visit's own order id.
 */
export async function verifyEarlier(
  endpoint: string,
  cart: { amount: number; currency: string },
  signal: AbortSignal,
  /** Told when the first check leaves an adoptable payment unknown (the retries take seconds). */
  unknown?: (payment: PendingPayment, outcome: PaymentOutcome) => void,
  /** The merchant numbers the order: only a payment of that order is this visit's to verify. */
  orderId?: string,
  /**
   * Told as soon as an adoptable payment is found, before its first check: that check can take
   * seconds (a slow merchant, a loaded device), and meanwhile the page is verifying this order.
   */
  found?: (payment: PendingPayment) => void,
): Promise<{ payment: PendingPayment; outcome: PaymentOutcome } | undefined> {
  const payment = (await unresolved(endpoint)).reverse().find((candidate) =>
    (orderId === undefined || candidate.orderId === orderId) && candidate.amount === cart.amount && candidate.currency === cart.currency);
  if (!payment) return undefined;
  const ref = { endpoint, orderId: payment.orderId, secret: payment.secret };
  const adoptable = Date.now() - payment.at <= adoptWithinMs;
  if (adoptable) found?.(payment);
  const outcome = await verifyUntilKnown(payment.orderId, () => verifyByOrderId(payment.provider, ref, signal), signal, (first) => adoptable && unknown?.(payment, first));
  const unpaid = outcome.status === 'declined' || outcome.status === 'unavailable' || outcome.status === 'not-recorded';
  // Paid, but too old to show: nobody will write it paid, so it is not verified again.
  if (!adoptable && outcome.status === 'succeeded') await forget(payment.orderId);
  return unpaid || !adoptable ? undefined : { payment, outcome };
}

/** `unknown`: told once, when the first answer leaves the outcome unknown (the retries take seconds). */
async function verifyUntilKnown(orderId: string, ask: () => Promise<PaymentOutcome>, signal: AbortSignal, unknown?: (outcome: PaymentOutcome) => void): Promise<PaymentOutcome> {
  let outcome = await withOrderLock(orderId, ask, signal);
  if (outcome.status === 'outcome-unknown') unknown?.(outcome);
  for (const delay of verificationDelays) {
    if (outcome.status !== 'outcome-unknown') break;
    await sleep(delay, signal);
    outcome = await withOrderLock(orderId, ask, signal);
  }
  // Paid: kept until the page has written it paid on the device (a page closed in between must
  // leave one of the two records), so the page that shows it forgets it.
  if (known(outcome) && outcome.status !== 'succeeded') await forget(orderId);
  return outcome;
}

/** The method's own verification by order id; a method without one cannot tell. */
export function verifyByOrderId(provider: string, order: OrderRef, signal: AbortSignal): Promise<PaymentOutcome> {
  const verify = definitionOf(provider)?.verify;
  if (verify) return verify(order, signal);
  const error = new RelaisError(FailureKind.OutcomeUnknown, `${provider} has no verification by order id`, { provider });
  return Promise.resolve({ status: 'outcome-unknown', error });
}
