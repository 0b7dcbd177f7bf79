/**
 * Incidents as the page reports them (`IncidentDetail` in @relais/checkout's events.ts), checked
 * field by field: `POST /events` is open to every shopper's browser, so nothing is trusted.
 */

/** The providers and failure kinds of @relais/checkout, repeated here: packages share no `src/`. */
export const INCIDENT_PROVIDERS: readonly string[] = ['stripe', 'adyen', 'paypal', 'bank-transfer'];
export const FAILURE_KINDS: readonly string[] = [
  'sdk-load-failed', 'sdk-missing-global', 'sdk-timeout', 'csp', 'element-load-error', 'api-unavailable',
  'integration-error', 'declined', 'outcome-unknown', 'order-rejected', 'config', 'merchant-unavailable',
];
/**
 * Kinds that say the provider is not working, as opposed to a shopper's decline or a bad order.
 * Not `merchant-unavailable`: the merchant's own API failed, which is no provider's outage (the
 * health feed and the outage report never count it against one).
 */
export const TECHNICAL_KINDS: readonly string[] = [
  'sdk-load-failed', 'sdk-missing-global', 'sdk-timeout', 'csp', 'element-load-error', 'api-unavailable',
  'integration-error',
];

export const INCIDENT_FIELDS = ['provider', 'kind', 'reason', 'latencyMs', 'orderId', 'at'] as const;
export const MAX_REASON_LENGTH = 500;

export interface Incident {
  provider: string;
  kind: string;
  reason: string;
  latencyMs: number;
  orderId: string;
  /** ISO 8601, from the page's clock. */
  at: string;
}

const ORDER_ID = /^[A-Za-z0-9_:-]{1,64}$/;
// Date.parse alone accepts "1" or "May 5"; an incident carries a full timestamp with its zone.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function isIsoDateTime(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

export type IncidentCheck = { ok: true; incident: Incident } | { ok: false; field: string };

/** Checks the fields of an object already limited to `INCIDENT_FIELDS`; names the first bad one. */
export function checkIncident(fields: Record<string, unknown>): IncidentCheck {
  const { provider, kind, reason, latencyMs, orderId, at } = fields;
  if (typeof provider !== 'string' || !INCIDENT_PROVIDERS.includes(provider)) return { ok: false, field: 'provider' };
  if (typeof kind !== 'string' || !FAILURE_KINDS.includes(kind)) return { ok: false, field: 'kind' };
  if (typeof reason !== 'string' || reason.length > MAX_REASON_LENGTH) return { ok: false, field: 'reason' };
  if (typeof latencyMs !== 'number' || !Number.isFinite(latencyMs) || latencyMs < 0) return { ok: false, field: 'latencyMs' };
  if (typeof orderId !== 'string' || !ORDER_ID.test(orderId)) return { ok: false, field: 'orderId' };
  if (!isIsoDateTime(at)) return { ok: false, field: 'at' };
  return { ok: true, incident: { provider, kind, reason, latencyMs, orderId, at: new Date(at).toISOString() } };
}
