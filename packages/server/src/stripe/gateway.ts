/**
 * What the merchant endpoints need from Stripe, behind one interface with two implementations:
 * the official `stripe` package (live-gateway.ts) and the sandbox's fake PSP (sandbox/gateways.ts).
 * Failures are `ProviderError`s whichever side answers.
 */

/** Stripe's PaymentIntent statuses, as Stripe spells them. */
export const IntentStatus = {
  RequiresPaymentMethod: 'requires_payment_method',
  RequiresConfirmation: 'requires_confirmation',
  RequiresAction: 'requires_action',
  Processing: 'processing',
  RequiresCapture: 'requires_capture',
  Canceled: 'canceled',
  Succeeded: 'succeeded',
} as const;
export type IntentStatus = (typeof IntentStatus)[keyof typeof IntentStatus];

/** Statuses in which no money moved and none can without the shopper: amount may change, cancel may run. */
const UNPAID: ReadonlySet<string> = new Set([
  IntentStatus.RequiresPaymentMethod,
  IntentStatus.RequiresConfirmation,
  IntentStatus.RequiresAction,
]);

export function isUnpaid(status: string): boolean {
  return UNPAID.has(status);
}

export interface IntentView {
  id: string;
  status: IntentStatus;
  amount: number;
  /** Lower-case, as Stripe answers it. */
  currency: string;
  /** Present when read with the secret key; never stored by the merchant side. */
  clientSecret: string | null;
  /** `metadata.orderId`: the Relais order the intent was created for. */
  orderId: string | undefined;
}

export interface Money {
  /** Minor units. */
  amount: number;
  /** ISO 4217, any case. */
  currency: string;
}

export interface IntentRequest extends Money {
  orderId: string;
  /** Sent with the create: `{orderId}:stripe:create`. */
  idempotencyKey: string;
  /** The order's intent when one exists: it is retrieved (and updated), never created again. */
  intentId?: string | undefined;
  /**
   * The parameters of the first create for this order. A create retried after a crash must send
   * them again under the same idempotency key; the amount is then updated like any other change.
   */
  createWith?: Money | undefined;
}

export interface StripeGateway {
  /** Creates the order's intent, or retrieves it; either way, updates amount/currency while unpaid. */
  createOrUpdateIntent(request: IntentRequest): Promise<IntentView>;
  retrieve(intentId: string): Promise<IntentView>;
  /** Cancels an unpaid intent; a paid one is refused with `payment_intent_unexpected_state`. */
  cancel(intentId: string, idempotencyKey: string): Promise<IntentView>;
}

/** The three calls both implementations make; `createOrUpdateIntent` is the same recipe over them. */
export interface IntentCalls {
  create(money: Money, orderId: string, idempotencyKey: string): Promise<IntentView>;
  retrieve(intentId: string): Promise<IntentView>;
  update(intentId: string, money: Money): Promise<IntentView>;
}

export async function createOrUpdateWith(calls: IntentCalls, request: IntentRequest): Promise<IntentView> {
  const { orderId, idempotencyKey, intentId, createWith = request } = request;
  let intent = intentId
    ? await calls.retrieve(intentId)
    : await calls.create({ amount: createWith.amount, currency: createWith.currency }, orderId, idempotencyKey);
  const currency = request.currency.toLowerCase();
  // A paid (or paying) intent keeps its amount: changing it is not ours to do, and the route
  // answers 409 from its status.
  if (isUnpaid(intent.status) && (intent.amount !== request.amount || intent.currency !== currency)) {
    intent = await calls.update(intent.id, { amount: request.amount, currency });
  }
  return intent;
}
