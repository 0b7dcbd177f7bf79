/**
 * HTTP to the fake Stripe API (`{apiBase}/stripe/...`, served by @relais/server in sandbox mode),
 * turned into Stripe.js's result shapes: `{paymentIntent}` or `{error}` with Stripe's error types.
 * Transport failures never throw: Stripe.js reports them as `api_connection_error` / `api_error`.
 */
import type { PaymentIntent, StripeError } from '@stripe/stripe-js';
import { apiError, connectionError, rateLimitError } from './errors.js';

export type IntentAnswer = { paymentIntent: PaymentIntent; error?: undefined } | { paymentIntent?: undefined; error: StripeError };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The JSON is the fake API's; check the two fields the stand-in acts on before trusting the rest. */
function asPaymentIntent(value: unknown): PaymentIntent | null {
  return isRecord(value) && typeof value['id'] === 'string' && typeof value['status'] === 'string' ? (value as unknown as PaymentIntent) : null;
}

function asStripeError(value: unknown): StripeError | null {
  const error = isRecord(value) ? value['error'] : undefined;
  return isRecord(error) && typeof error['type'] === 'string' ? (error as unknown as StripeError) : null;
}

export async function requestIntent(method: 'GET' | 'POST', url: string, body?: Record<string, unknown>): Promise<IntentAnswer> {
  let response: Response;
  try {
    // `fetch` is looked up per call so a page (or test) that wraps it sees every request.
    response = await fetch(url, {
      method,
      headers: body ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
      body: body ? JSON.stringify(body) : null,
      credentials: 'same-origin',
    });
  } catch {
    return { error: connectionError() };
  }
  if (response.status === 429) return { error: rateLimitError() };
  if (response.status >= 500) return { error: apiError(response.status) };

  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return { error: apiError(response.status) };
  }
  if (response.ok) {
    const paymentIntent = asPaymentIntent(json);
    return paymentIntent ? { paymentIntent } : { error: apiError(response.status) };
  }
  return {
    error: asStripeError(json) ?? { type: 'invalid_request_error', message: `The sandbox Stripe API answered HTTP ${response.status}.` },
  };
}

/** `pi_123_secret_abc` -> `pi_123`, or null when it is not a PaymentIntent client secret. */
export function intentIdFromSecret(clientSecret: unknown): string | null {
  if (typeof clientSecret !== 'string') return null;
  return /^(pi_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/.exec(clientSecret)?.[1] ?? null;
}
