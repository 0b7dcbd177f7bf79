import { problem } from './http.js';

/**
 * One error for everything a provider call can go wrong with, whichever provider and mode. Routes
 * turn it into an answer; nothing here ever holds a key or a client secret, so it is safe to log.
 */
export const ProviderFailure = {
  /** Network error, timeout, 5xx, 429: the provider may be down; the request may be retried. */
  Unavailable: 'unavailable',
  /** The provider understood and said no (bad parameters, wrong state, bad credentials). */
  Refused: 'refused',
} as const;
export type ProviderFailure = (typeof ProviderFailure)[keyof typeof ProviderFailure];

export type ProviderName = 'stripe' | 'paypal' | 'adyen';

export class ProviderError extends Error {
  readonly failure: ProviderFailure;
  readonly provider: ProviderName;
  /** The provider's own code (`payment_intent_unexpected_state`, `ORDER_NOT_APPROVED`…). */
  readonly code: string | undefined;
  /** The provider's HTTP status, when it answered. */
  readonly status: number | undefined;

  constructor(
    failure: ProviderFailure,
    provider: ProviderName,
    message: string,
    details: { code?: string | undefined; status?: number | undefined; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ProviderError';
    this.failure = failure;
    this.provider = provider;
    this.code = details.code;
    this.status = details.status;
  }
}

export function isProviderError(error: unknown, code?: string): error is ProviderError {
  return error instanceof ProviderError && (code === undefined || error.code === code);
}

/**
 * The merchant API's answer for a provider failure: 502 when the provider is unreachable (the
 * element retries once, then fails over), 422 when it refused (an integration problem to fix).
 */
export function providerProblem(error: ProviderError): Response {
  if (error.failure === ProviderFailure.Unavailable) {
    return problem(502, 'provider-unavailable', { provider: error.provider });
  }
  const details: Record<string, unknown> = { provider: error.provider };
  if (error.code !== undefined) details['code'] = error.code;
  return problem(422, 'provider-refused', details);
}
