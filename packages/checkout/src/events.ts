/**
 * Every event `<relais-checkout>` fires, typed in one place and fired through one helper
 * (after Web Awesome's `src/events/`). All bubble. `composed` is decided per event: those a
 * merchant's monitoring listens to at the document level cross shadow roots; the rest do not.
 */
import type { ConfigIssue, ProviderId } from './config.js';
import type { FailureKind } from './errors.js';

export interface IncidentDetail {
  provider: ProviderId;
  kind: FailureKind;
  /** Human-readable cause for logs (never card data or secrets). */
  reason: string;
  /** Time from the start of the attempt to the failure being observed. */
  latencyMs: number;
  orderId: string;
  /** ISO 8601 timestamp. */
  at: string;
}

export interface RelaisEventMap {
  /** The first provider became interactive. */
  'relais-ready': { provider: ProviderId; orderId: string };
  /** The active method changed: a failure moved the shopper, or the shopper chose. */
  'relais-provider-change': {
    from: ProviderId | null;
    to: ProviderId | null;
    /** The failure that moved the shopper, their own choice, or a method back after all had failed. */
    reason: FailureKind | 'shopper-choice' | 'recovered';
    latencyMs: number;
  };
  'relais-payment-succeeded': { orderId: string; provider: ProviderId; reference: string };
  'relais-payment-declined': { orderId: string; provider: ProviderId; message: string | undefined };
  /** Outcome being verified, or awaiting a bank transfer. */
  'relais-payment-pending': {
    orderId: string;
    provider: ProviderId;
    reason: 'awaiting-transfer' | 'processing' | 'verifying';
    reference: string | undefined;
  };
  'relais-order-queued': { orderId: string };
  'relais-order-delivered': { orderId: string };
  /** Every failure Relais observed, for the merchant's monitoring. */
  'relais-incident': IncidentDetail;
  'relais-config-error': { issues: ConfigIssue[] };
}

export type RelaisEventName = keyof RelaisEventMap;

const composed: Record<RelaisEventName, boolean> = {
  'relais-ready': false,
  'relais-provider-change': true,
  'relais-payment-succeeded': true,
  'relais-payment-declined': true,
  'relais-payment-pending': true,
  'relais-order-queued': true,
  'relais-order-delivered': true,
  'relais-incident': true,
  'relais-config-error': true,
};

export function emit<K extends RelaisEventName>(target: EventTarget, type: K, detail: RelaisEventMap[K]): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: composed[type] }));
}

declare global {
  interface HTMLElementEventMap extends RelaisEventMapAsEvents {}
}

type RelaisEventMapAsEvents = { [K in RelaisEventName]: CustomEvent<RelaisEventMap[K]> };
