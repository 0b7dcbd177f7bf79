/**
 * One error vocabulary for Relais (after Workbox's `WorkboxError`): every failure Relais observes
 * carries a stable `code`. Tests and merchants match on the code, never on the message text.
 */

/** Failure kinds of the failure table of docs/design.md, plus configuration and order-recording errors. */
export const FailureKind = {
  /** The SDK script fired `error` (blocked, offline, 4xx/5xx). */
  SdkLoadFailed: 'sdk-load-failed',
  /** The SDK script loaded but did not define its global (ad-blocker stub, empty body). */
  SdkMissingGlobal: 'sdk-missing-global',
  /** The SDK did not become ready within `load-timeout`. */
  SdkTimeout: 'sdk-timeout',
  /** A Content-Security-Policy blocked the SDK (`securitypolicyviolation`). */
  Csp: 'csp',
  /** The provider's element reported `loaderror`. */
  ElementLoadError: 'element-load-error',
  /** The provider's API (or the merchant's server on its behalf: 502 `provider-unavailable`) did not answer before anything was submitted. */
  ApiUnavailable: 'api-unavailable',
  /**
   * The merchant's own API did not answer (network error, 5xx, 429, timeout on its order, intent or
   * PayPal-order routes): the shop is down, not a provider. Never counts against a provider.
   */
  MerchantUnavailable: 'merchant-unavailable',
  /** Bad key or integration mistake: the merchant must act. */
  IntegrationError: 'integration-error',
  /** The payment method was declined, failed validation or 3DS, or the shopper cancelled. */
  Declined: 'declined',
  /** A payment was submitted and its answer was lost. */
  OutcomeUnknown: 'outcome-unknown',
  /** The merchant's server refused the order (4xx other than 429). */
  OrderRejected: 'order-rejected',
  /** An attribute is missing or invalid. */
  Config: 'config',
} as const;

export type FailureKind = (typeof FailureKind)[keyof typeof FailureKind];

export interface RelaisErrorOptions {
  cause?: unknown;
  /** The provider the failure belongs to, when there is one. */
  provider?: string;
  /** HTTP status of the call that failed, when there was an answer. */
  status?: number;
  /** Milliseconds to wait before retrying, from a `Retry-After` answer. */
  retryAfterMs?: number;
}

export class RelaisError extends Error {
  override readonly name = 'RelaisError';
  readonly code: FailureKind;
  readonly provider: string | undefined;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: FailureKind, message: string, options: RelaisErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.provider = options.provider;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Keeps a `RelaisError` as is; wraps anything else under `code`, with the original as `cause`. */
export function toRelaisError(reason: unknown, code: FailureKind, provider: string): RelaisError {
  if (reason instanceof RelaisError) return reason;
  return new RelaisError(code, toError(reason).message, { cause: reason, provider });
}

/** Some loaders reject with strings or plain objects; keep whatever came as `cause`. */
export function toError(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  return new Error(typeof reason === 'string' ? reason : 'Non-error rejection', { cause: reason });
}
