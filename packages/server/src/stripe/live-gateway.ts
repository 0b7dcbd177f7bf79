import Stripe from 'stripe';
import { ProviderError, ProviderFailure } from '../provider-error.js';
import {
  createOrUpdateWith, type IntentCalls, type IntentStatus, type IntentView, type Money, type StripeGateway,
} from './gateway.js';

/** Stripe through the official package: the package signs, retries and parses; we map. */

export interface LiveStripeOptions {
  secretKey: string;
  /** A `fetch` to send Stripe's requests through (tests); default: the package's Node client. */
  fetch?: typeof fetch | undefined;
  /** Another origin for Stripe's API (tests, proxies), e.g. `http://127.0.0.1:9000`. Default: api.stripe.com. */
  apiBase?: string | undefined;
}

export function stripeClient({ secretKey, fetch, apiBase }: LiveStripeOptions): Stripe {
  const base = apiBase === undefined ? undefined : new URL(apiBase);
  return new Stripe(secretKey, {
    // Every write carries our own idempotency key, so the package's retries are safe.
    maxNetworkRetries: 1,
    // The element gives up on the merchant after 10 s; waiting longer for Stripe helps nobody.
    timeout: 8000,
    appInfo: { name: 'Relais' },
    ...(fetch ? { httpClient: Stripe.createFetchHttpClient(fetch) } : {}),
    ...(base
      ? { host: base.hostname, port: base.port || (base.protocol === 'http:' ? 80 : 443), protocol: base.protocol === 'http:' ? ('http' as const) : ('https' as const) }
      : {}),
  });
}

const UNAVAILABLE = new Set(['StripeConnectionError', 'StripeAPIError', 'StripeRateLimitError']);

/** The package's errors carry Stripe's answer, never our key: keep them as `cause`. */
function providerError(error: unknown): ProviderError {
  if (error instanceof Stripe.errors.StripeError) {
    const unavailable = UNAVAILABLE.has(error.type) || (error.statusCode ?? 0) >= 500;
    return new ProviderError(
      unavailable ? ProviderFailure.Unavailable : ProviderFailure.Refused,
      'stripe',
      `Stripe answered ${error.statusCode ?? 'nothing'} (${error.type})`,
      { code: error.code, status: error.statusCode, cause: error },
    );
  }
  return new ProviderError(ProviderFailure.Unavailable, 'stripe', 'Stripe call failed', { cause: error });
}

async function call(request: () => Promise<Stripe.PaymentIntent>): Promise<IntentView> {
  let intent: Stripe.PaymentIntent;
  try {
    intent = await request();
  } catch (error) {
    throw providerError(error);
  }
  // The package resolves whatever JSON came back without an `error` key (a proxy's `{}` with a
  // 500 included): an answer that is not a PaymentIntent is an outage, not an intent.
  const answer = intent as Partial<Stripe.PaymentIntent> | null;
  if (typeof answer?.id !== 'string' || typeof answer.status !== 'string' || !Number.isSafeInteger(answer.amount) || typeof answer.currency !== 'string') {
    throw new ProviderError(ProviderFailure.Unavailable, 'stripe', 'Stripe answered something that is not a PaymentIntent');
  }
  return {
    id: intent.id,
    status: intent.status as IntentStatus,
    amount: intent.amount,
    currency: intent.currency,
    clientSecret: intent.client_secret,
    orderId: intent.metadata?.['orderId'],
  };
}

export function liveStripeGateway(client: Stripe): StripeGateway {
  const calls: IntentCalls = {
    create: (money: Money, orderId, idempotencyKey) =>
      call(() =>
        client.paymentIntents.create(
          {
            amount: money.amount,
            currency: money.currency.toLowerCase(),
            automatic_payment_methods: { enabled: true },
            metadata: { orderId },
          },
          { idempotencyKey },
        ),
      ),
    retrieve: (intentId) => call(() => client.paymentIntents.retrieve(intentId)),
    update: (intentId, money) =>
      call(() => client.paymentIntents.update(intentId, { amount: money.amount, currency: money.currency.toLowerCase() })),
  };
  return {
    createOrUpdateIntent: (request) => createOrUpdateWith(calls, request),
    retrieve: calls.retrieve,
    cancel: (intentId, idempotencyKey) => call(() => client.paymentIntents.cancel(intentId, {}, { idempotencyKey })),
  };
}
