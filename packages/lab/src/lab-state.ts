/**
 * What the demo's outage lab can break, as one JSON document the server keeps (`GET`/`PUT
 * /__lab/state`, outage-lab.ts). The lab's page imports it too (`@relais/lab/lab-state`):
 * no DOM, no Node API.
 */

/** How one provider behaves: its script (blocked, hangs, no global) or its API once loaded. */
export const PROVIDER_MODES = ['up', 'blocked', 'hangs', 'no-global', 'api-errors', 'declines', 'slow'] as const;
export type ProviderMode = (typeof PROVIDER_MODES)[number];

/** A scheduled maintenance window the merchant's health feed announces. */
export const MAINTENANCE = ['none', 'stripe-now', 'stripe-soon', 'paypal-now'] as const;
export type Maintenance = (typeof MAINTENANCE)[number];

export const LAB_PROVIDERS = ['stripe', 'adyen', 'paypal'] as const;
export type LabProvider = (typeof LAB_PROVIDERS)[number];

export interface LabState {
  stripe: ProviderMode;
  /** Adyen Web (the second card processor), for shops that list it. */
  adyen: ProviderMode;
  paypal: ProviderMode;
  /** The merchant's API answers 503 to everything (`withFaults` down). */
  merchantDown: boolean;
  /**
   * The shopper's connection dropped after the page loaded: no request reaches the merchant API,
   * no provider script loads (the pages already open stay open).
   */
  offline: boolean;
  /**
   * The providers' telemetry and fraud-signal hosts blocked, as filter lists (EasyPrivacy, uBlock
   * Origin's, AdGuard's, Brave's, DNS lists) block them: must change nothing for the shopper.
   */
  trackersBlocked: boolean;
  maintenance: Maintenance;
}

/**
 * The success-rate alert of the demo's server (lab-alerts.ts): each method's last 3 payments, so
 * that a drop played in the lab shows after a few payments, not twenty.
 */
export const LAB_SUCCESS_RATE = { attempts: 3, below: 0.5 } as const;

export const ALL_UP: LabState = { stripe: 'up', adyen: 'up', paypal: 'up', merchantDown: false, offline: false, trackersBlocked: false, maintenance: 'none' };

/** Script-level modes are decided by whoever answers the SDK's URL (the lab's service worker). */
export const SCRIPT_MODES: ReadonlySet<ProviderMode> = new Set(['blocked', 'hangs', 'no-global']);

const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value);

/** A complete, valid state, or the name of the first bad field. */
export function checkLabState(value: unknown): { ok: true; state: LabState } | { ok: false; field: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, field: 'body' };
  const fields = value as Record<string, unknown>;
  const known = new Set(Object.keys(ALL_UP));
  const unknown = Object.keys(fields).find((key) => !known.has(key));
  if (unknown !== undefined) return { ok: false, field: unknown };
  const state = { ...ALL_UP, ...fields };
  for (const provider of LAB_PROVIDERS) if (!isOneOf(PROVIDER_MODES, state[provider])) return { ok: false, field: provider };
  if (typeof state.merchantDown !== 'boolean') return { ok: false, field: 'merchantDown' };
  if (typeof state.offline !== 'boolean') return { ok: false, field: 'offline' };
  if (typeof state.trackersBlocked !== 'boolean') return { ok: false, field: 'trackersBlocked' };
  if (!isOneOf(MAINTENANCE, state.maintenance)) return { ok: false, field: 'maintenance' };
  return { ok: true, state: state as LabState };
}

/**
 * Whether the shop must reload for a change to show: a loaded SDK stays loaded, and the health
 * feed is read when the checkout starts. API faults, declines, the merchant's server and the
 * network apply to the next payment as they are.
 */
export function needsReload(before: LabState, after: LabState): boolean {
  const atLoad = (mode: ProviderMode) => SCRIPT_MODES.has(mode) || mode === 'slow';
  return (
    before.maintenance !== after.maintenance ||
    LAB_PROVIDERS.some((provider) => before[provider] !== after[provider] && (atLoad(before[provider]) || atLoad(after[provider])))
  );
}
