import { providerCallKey } from '@relais/contracts';
import { json, problem } from '../http.js';
import { invalidField, readOrderPayment } from '../payment-request.js';
import { isProviderError, providerProblem } from '../provider-error.js';
import { isUnpaid, type IntentView } from './gateway.js';
import type { StripeRouteOptions } from './payment-intents-route.js';

/**
 * `POST /stripe/payment-intents/status` {orderId, cancel?} + the order's secret -> {status, paymentIntentId}.
 * Verification after an outcome the page could not see: the answer comes from Stripe, not from
 * our last record. With `cancel: true` an unpaid intent is canceled first, so the failover can
 * offer another method knowing this one can no longer charge.
 */
export function postPaymentIntentStatus(options: StripeRouteOptions) {
  const { gateway, intents, lock, payments } = options;
  return async (request: Request): Promise<Response> => {
    const body = await readOrderPayment(request, options, ['cancel']);
    if (!body.ok) return body.response;
    const { orderId } = body.value.stored;
    const { cancel = false } = body.value.fields;
    if (typeof cancel !== 'boolean') return invalidField('cancel');

    return lock(orderId, async () => {
      const intentId = (await intents.byOrder(orderId))?.intentId;
      // No intent, or a create that never answered: no client secret ever left, nothing was paid.
      if (!intentId) return problem(404, 'unknown-order');
      let intent: IntentView;
      try {
        intent = await gateway.retrieve(intentId);
        if (cancel && isUnpaid(intent.status)) {
          try {
            intent = await gateway.cancel(intentId, providerCallKey(orderId, 'stripe', 'cancel'));
          } catch (error) {
            // The shopper's confirmation won the race: report what Stripe now says.
            if (!isProviderError(error, 'payment_intent_unexpected_state')) throw error;
            intent = await gateway.retrieve(intentId);
          }
        }
      } catch (error) {
        if (isProviderError(error)) return providerProblem(error);
        throw error;
      }
      await intents.save(orderId, intent);
      // What the server read itself is the proof: the order moves with it.
      await payments.applyIntent(orderId, intent);
      return json({ status: intent.status, paymentIntentId: intent.id });
    });
  };
}
