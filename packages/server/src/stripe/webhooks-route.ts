import type Stripe from 'stripe';
import { json, problem, readBytes } from '../http.js';
import type { IntentStore } from './intent-store.js';

/** Stripe's events are bigger than an order; this still bounds what an unsigned caller can send. */
const WEBHOOK_BODY_LIMIT = 512 * 1024;

const RECORDED = new Set(['payment_intent.succeeded', 'payment_intent.payment_failed', 'payment_intent.canceled']);

export interface WebhookRouteOptions {
  client: Stripe;
  webhookSecret: string;
  intents: IntentStore;
}

/**
 * `POST /stripe/webhooks` (live mode only): verifies `Stripe-Signature` over the raw bytes, then
 * records the outcome of the order's intent. Any verified event is acknowledged with 200, even
 * one not recorded, or Stripe would retry it for days.
 */
export function postStripeWebhook({ client, webhookSecret, intents }: WebhookRouteOptions) {
  return async (request: Request): Promise<Response> => {
    const signature = request.headers.get('stripe-signature');
    if (!signature) return problem(400, 'invalid-signature');
    const body = await readBytes(request, WEBHOOK_BODY_LIMIT);
    if (!body.ok) {
      return body.reason === 'body-too-large' ? problem(413, 'body-too-large') : problem(400, 'invalid-signature');
    }

    let event: Stripe.Event;
    try {
      // The raw bytes, never a re-serialised JSON: the signature covers exactly what was sent.
      event = client.webhooks.constructEvent(body.bytes, signature, webhookSecret);
    } catch {
      return problem(400, 'invalid-signature');
    }

    if (RECORDED.has(event.type)) {
      const intent = event.data.object as Stripe.PaymentIntent;
      intents.recordEvent({ id: event.id, type: event.type, intentId: intent.id, status: intent.status });
    }
    return json({ received: true });
  };
}
