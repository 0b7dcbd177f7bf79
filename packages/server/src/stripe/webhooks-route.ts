import type Stripe from 'stripe';
import { json, problem, readBytes } from '../http.js';
import type { OrderPayments } from '../order-payments.js';
import type { IntentStatus } from './gateway.js';
import type { IntentStore } from './intent-store.js';

/** Stripe's events are bigger than an order; this still bounds what an unsigned caller can send. */
const WEBHOOK_BODY_LIMIT = 512 * 1024;

const INTENT_EVENTS = new Set(['payment_intent.succeeded', 'payment_intent.payment_failed', 'payment_intent.canceled']);

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields => value !== null && typeof value === 'object' && !Array.isArray(value);

export interface WebhookRouteOptions {
  /** The package's client, loaded on first use (the package is only loaded in live mode). */
  client: Promise<Stripe>;
  webhookSecret: string;
  intents: IntentStore;
  payments: OrderPayments;
}

/**
 * `POST /stripe/webhooks` (live mode only): verifies `Stripe-Signature` over the raw bytes, then
 * records the outcome of the order's intent. Any verified event is acknowledged with 200, even
 * one not recorded, or Stripe would retry it for days.
 */
export function postStripeWebhook({ client, webhookSecret, intents, payments }: WebhookRouteOptions) {
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
      event = (await client).webhooks.constructEvent(body.bytes, signature, webhookSecret);
    } catch {
      return problem(400, 'invalid-signature');
    }

    // Signed is not well-formed: an event without an object or an id is refused, never a 500.
    const object: unknown = (event as { data?: { object?: unknown } }).data?.object;
    if (typeof event.id !== 'string' || !isFields(object) || typeof object['id'] !== 'string') {
      return problem(400, 'invalid-event');
    }

    if (INTENT_EVENTS.has(event.type)) {
      const intent = object as unknown as Stripe.PaymentIntent;
      if (typeof intent.status !== 'string' || !Number.isSafeInteger(intent.amount) || typeof intent.currency !== 'string') {
        return problem(400, 'invalid-event');
      }
      // Only the intents this server created move orders; the event's metadata is not enough.
      const orderId = await intents.orderOf(intent.id);
      const fresh = await intents.recordEvent({ id: event.id, type: event.type, intentId: intent.id, status: intent.status });
      if (fresh && orderId !== undefined) {
        if (event.type === 'payment_intent.payment_failed' || event.type === 'payment_intent.canceled') await payments.failed(orderId, 'stripe');
        else {
          await payments.applyIntent(orderId, {
            id: intent.id,
            status: intent.status as IntentStatus,
            amount: intent.amount,
            currency: intent.currency,
            clientSecret: null,
            orderId: intent.metadata?.['orderId'],
          });
        }
      }
    } else if (event.type === 'charge.refunded') {
      const charge = object as unknown as Stripe.Charge;
      const intentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
      const orderId = intentId ? await intents.orderOf(intentId) : undefined;
      // A partial refund leaves the order paid: the merchant decides what it means for the goods.
      if (orderId !== undefined && charge.refunded === true) await payments.refunded(orderId, 'stripe');
    }
    return json({ received: true });
  };
}
