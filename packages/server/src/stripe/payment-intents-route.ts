import { providerCallKey } from '@relais/contracts';
import { json, problem } from '../http.js';
import type { KeyedLock } from '../keyed-lock.js';
import type { OrderPayments } from '../order-payments.js';
import { readOrderPayment, type PaymentAccess } from '../payment-request.js';
import { isProviderError, providerProblem } from '../provider-error.js';
import { IntentStatus, type IntentView, type StripeGateway } from './gateway.js';
import type { IntentStore } from './intent-store.js';

export interface StripeRouteOptions extends PaymentAccess {
  gateway: StripeGateway;
  payments: OrderPayments;
  intents: IntentStore;
  /** Shared by every route touching an order's intent, so a cancel never interleaves a create. */
  lock: KeyedLock;
  /** The answer when another provider was paid for the order (one-payment.ts). */
  paidElsewhere?: ((orderId: string) => Promise<Response | undefined>) | undefined;
}

/** Why an intent that exists cannot be paid (again): its status decides, never a second intent. */
function closedAnswer(intent: IntentView): Response | undefined {
  switch (intent.status) {
    case IntentStatus.Succeeded:
      return problem(409, 'already-paid');
    case IntentStatus.Processing:
    case IntentStatus.RequiresCapture:
      // Money is moving: a second confirmation could charge twice.
      return problem(409, 'payment-processing');
    case IntentStatus.Canceled:
      // Canceled by the failover; one intent per order, so Stripe is closed for this order.
      return problem(409, 'payment-canceled');
    default:
      return undefined;
  }
}

/**
 * `POST /stripe/payment-intents` {orderId} + the order's secret -> {clientSecret}. The intent is
 * for the order's recorded amount and currency, whatever the page thinks. One intent per order
 * id: the first call creates it (idempotency key `{orderId}:stripe:create`), later calls find it,
 * bring its amount back to the recorded one while unpaid, and answer the same client secret.
 */
export function postPaymentIntent(options: StripeRouteOptions) {
  const { gateway, intents, lock, paidElsewhere, payments } = options;
  return async (request: Request): Promise<Response> => {
    const body = await readOrderPayment(request, options);
    if (!body.ok) return body.response;
    const { orderId, amount, currency } = body.value.stored.order;

    // Once started, a provider call runs to the end even if the shopper's request goes away:
    // what Stripe created must be recorded, or the next try would not find it.
    return lock(orderId, async () => {
      const elsewhere = await paidElsewhere?.(orderId);
      if (elsewhere) return elsewhere;
      const record = await intents.claim(orderId, amount, currency);
      let intent: IntentView;
      try {
        intent = await gateway.createOrUpdateIntent({
          orderId,
          amount,
          currency,
          idempotencyKey: providerCallKey(orderId, 'stripe', 'create'),
          intentId: record.intentId ?? undefined,
          createWith: { amount: record.createAmount, currency: record.createCurrency },
        });
      } catch (error) {
        if (isProviderError(error)) return providerProblem(error);
        throw error;
      }
      await intents.save(orderId, intent);
      await payments.applyIntent(orderId, intent);
      const closed = closedAnswer(intent);
      if (closed) return closed;
      if (!intent.clientSecret) return problem(502, 'provider-unavailable', { provider: 'stripe' });
      return json({ clientSecret: intent.clientSecret });
    });
  };
}
