import type Stripe from 'stripe';
import { IntentStatus } from '@relais/server/provider-kit';
import type { PaymentError, SandboxIntent, StripeErrorBody } from './stripe-psp.js';
import { threeDsUrl } from './three-ds.js';

/**
 * The sandbox's intents as Stripe's API writes them: every field of a PaymentIntent (typed by the
 * `stripe` package, so a missing or invented field does not compile), the ones the sandbox has no
 * use for at the values Stripe gives an intent that never had them.
 */

/** Stripe's `last_payment_error.payment_method` is the whole PaymentMethod; the sandbox's test ones are cards. */
function paymentMethodJson(id: string, created: number): Stripe.PaymentMethod {
  return {
    id,
    object: 'payment_method',
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    created,
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
}

function lastPaymentErrorJson(error: PaymentError | null, created: number): Stripe.PaymentIntent.LastPaymentError | null {
  if (!error) return null;
  const json: Stripe.PaymentIntent.LastPaymentError = {
    type: error.type,
    code: error.code,
    message: error.message,
    payment_method: paymentMethodJson(error.payment_method.id, created),
    payment_method_type: 'card',
  };
  if (error.decline_code) json.decline_code = error.decline_code;
  return json;
}

export function intentJson(intent: SandboxIntent, basePath: string): Stripe.PaymentIntent {
  const nextAction: Stripe.PaymentIntent.NextAction | null =
    intent.status === IntentStatus.RequiresAction && intent.returnUrl
      ? { type: 'redirect_to_url', redirect_to_url: { url: threeDsUrl(basePath, intent), return_url: intent.returnUrl } }
      : null;
  const succeeded = intent.status === IntentStatus.Succeeded;
  return {
    id: intent.id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: intent.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: succeeded ? intent.amount : 0,
    application: null,
    application_fee_amount: null,
    // What the merchant side creates its intents with (stripe/live-gateway.ts).
    automatic_payment_methods: { enabled: true },
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: intent.clientSecret,
    confirmation_method: 'automatic',
    created: intent.created,
    currency: intent.currency,
    customer: null,
    customer_account: null,
    description: null,
    excluded_payment_method_types: null,
    last_payment_error: lastPaymentErrorJson(intent.lastPaymentError, intent.created),
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: intent.orderId === null ? {} : { orderId: intent.orderId },
    next_action: nextAction,
    on_behalf_of: null,
    payment_method: intent.paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: intent.status,
    transfer_data: null,
    transfer_group: null,
  };
}

/** Stripe's `{error: {...}}`, with the intent the error is about when there is one. */
export function errorJson(error: StripeErrorBody, intent: SandboxIntent | undefined, basePath: string): { error: Stripe.StripeRawError } {
  const body: Stripe.StripeRawError = { ...error };
  if (intent) body.payment_intent = intentJson(intent, basePath);
  if (error.type === 'card_error' && intent?.lastPaymentError) {
    body.payment_method = paymentMethodJson(intent.lastPaymentError.payment_method.id, intent.created);
  }
  return { error: body };
}

export type IntentEvent = Stripe.PaymentIntentSucceededEvent | Stripe.PaymentIntentPaymentFailedEvent | Stripe.PaymentIntentCanceledEvent;

/** The event Stripe would send the merchant's webhook about this intent (the sandbox sends none itself). */
export function intentEvent(intent: SandboxIntent, type: IntentEvent['type'], id: string, basePath = ''): IntentEvent {
  const base = {
    id,
    object: 'event' as const,
    api_version: null,
    created: Math.floor(Date.now() / 1000),
    data: { object: intentJson(intent, basePath) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
  };
  switch (type) {
    case 'payment_intent.succeeded':
      return { ...base, type };
    case 'payment_intent.payment_failed':
      return { ...base, type };
    case 'payment_intent.canceled':
      return { ...base, type };
  }
}
