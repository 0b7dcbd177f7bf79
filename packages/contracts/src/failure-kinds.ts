/**
 * The failure kinds of docs/design.md's failure table, plus configuration and order-recording
 * errors: the `kind` of every incident the element reports and the server accepts on
 * `POST /events`. The element names them in `FailureKind` (packages/checkout/src/errors.ts);
 * test/failure-kinds.test.mjs fails when the two lists differ, since a kind the server does not
 * know makes it refuse every beacon of that kind, silently.
 */
export const FAILURE_KINDS = [
  'sdk-load-failed', 'sdk-missing-global', 'sdk-timeout', 'csp', 'element-load-error', 'api-unavailable',
  'integration-error', 'declined', 'outcome-unknown', 'order-rejected', 'config', 'merchant-unavailable',
] as const;
export type FailureKindName = (typeof FAILURE_KINDS)[number];

/**
 * Kinds that say the provider is not working, as opposed to a shopper's decline or a bad order.
 * Not `merchant-unavailable`: the merchant's own API failed, which is no provider's outage (the
 * health feed and the outage report never count it against one).
 */
export const TECHNICAL_KINDS = [
  'sdk-load-failed', 'sdk-missing-global', 'sdk-timeout', 'csp', 'element-load-error', 'api-unavailable',
  'integration-error',
] as const satisfies readonly FailureKindName[];

export function isFailureKind(value: unknown): value is FailureKindName {
  return typeof value === 'string' && (FAILURE_KINDS as readonly string[]).includes(value);
}
