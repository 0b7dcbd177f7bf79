/**
 * Stripe.js throws `IntegrationError`s for integration mistakes (bad key, missing argument,
 * wrong mount point) instead of returning `{error}`: those are bugs for the merchant, not
 * outcomes for the shopper. Relais classifies them by `name`, so the stand-in keeps the name.
 */
import type { StripeError } from '@stripe/stripe-js';

export function integrationError(message: string): Error {
  const error = new Error(message);
  error.name = 'IntegrationError';
  return error;
}

export const connectionError = (): StripeError => ({
  type: 'api_connection_error',
  message: 'An error occurred with our connection to Stripe. Request was retried 0 times.',
});

export const apiError = (status?: number): StripeError => ({
  type: 'api_error',
  message: `An unexpected error occurred on Stripe's servers${status === undefined ? '' : ` (HTTP ${status})`}.`,
});

export const rateLimitError = (): StripeError => ({
  type: 'rate_limit_error',
  message: 'Too many requests hit the API too quickly.',
});
