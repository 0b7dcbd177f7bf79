/**
 * Incidents as the page reports them (`IncidentDetail` in @relais/checkout's events.ts), checked
 * field by field: `POST /events` is open to every shopper's browser, so nothing is trusted.
 */

import { FAILURE_KINDS as KINDS, isIsoDateTime, TECHNICAL_KINDS as TECHNICAL } from '@relais/contracts';

/** The providers an incident may name: the element's methods that report incidents. */
export const INCIDENT_PROVIDERS: readonly string[] = ['stripe', 'adyen', 'paypal', 'bank-transfer'];
/** The failure kinds (`@relais/contracts`, the element's `FailureKind`), as plain strings for checks. */
export const FAILURE_KINDS: readonly string[] = KINDS;
/** The kinds that count against a provider (`@relais/contracts`). */
export const TECHNICAL_KINDS: readonly string[] = TECHNICAL;
export { isIsoDateTime };

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
