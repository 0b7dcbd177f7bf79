import { json } from './http.js';
import { INCIDENT_PROVIDERS, isIsoDateTime } from './incident.js';
import type { IncidentStore } from './incident-store.js';

export type HealthProvider = 'stripe' | 'paypal' | 'bank-transfer';

export interface MaintenanceWindow {
  provider: HealthProvider;
  /** ISO 8601 with a zone. */
  from: string;
  until: string;
}

export interface HealthOptions {
  /** Manual kill switch: these are answered `down` and the page skips them without trying. */
  down?: HealthProvider[];
  /** Scheduled maintenance; the page skips a provider inside a window and announces the next hour's. */
  maintenance?: MaintenanceWindow[];
  /**
   * A provider with technical incidents from at least `incidents` distinct orders within
   * `withinMs` is answered `degraded`. Defaults: 5 orders, 5 minutes.
   */
  degradedAfter?: { incidents?: number; withinMs?: number };
}

export interface ProviderHealth {
  status: 'up' | 'degraded' | 'down';
  /** Windows not yet over, soonest first. */
  maintenance?: Array<{ from: string; until: string }>;
}

export interface HealthDocument {
  providers: Record<HealthProvider, ProviderHealth>;
}

export const DEFAULT_DEGRADED_INCIDENTS = 5;
export const DEFAULT_DEGRADED_WITHIN_MS = 5 * 60_000;

const isProvider = (value: unknown): value is HealthProvider =>
  typeof value === 'string' && INCIDENT_PROVIDERS.includes(value);

/** Throws at startup, naming the option, like the provider options do: a typo must not pass silently. */
export function checkHealthOptions(health: HealthOptions | undefined): void {
  if (health === undefined) return;
  const fail = (what: string) => {
    throw new Error(`createRelaisHandler: health.${what}`);
  };
  if (health.down !== undefined && (!Array.isArray(health.down) || !health.down.every(isProvider))) {
    fail(`down must list providers among ${INCIDENT_PROVIDERS.join(', ')}`);
  }
  if (health.maintenance !== undefined) {
    if (!Array.isArray(health.maintenance)) fail('maintenance must be an array');
    health.maintenance.forEach((window, index) => {
      if (!isProvider(window?.provider)) fail(`maintenance[${index}].provider is not a provider`);
      if (!isIsoDateTime(window.from) || !isIsoDateTime(window.until)) {
        fail(`maintenance[${index}] needs ISO 8601 from and until with a zone, e.g. 2025-06-01T02:00:00Z`);
      }
      if (Date.parse(window.from) >= Date.parse(window.until)) fail(`maintenance[${index}] ends before it starts`);
    });
  }
  const { incidents, withinMs } = health.degradedAfter ?? {};
  if (incidents !== undefined && !(Number.isSafeInteger(incidents) && incidents >= 1)) {
    fail('degradedAfter.incidents must be a whole number of at least 1');
  }
  if (withinMs !== undefined && !(Number.isFinite(withinMs) && withinMs > 0)) {
    fail('degradedAfter.withinMs must be a positive number of milliseconds');
  }
}

/** The health document at `now`: configuration first (down, maintenance), then incidents (degraded). */
export function healthDocument(health: HealthOptions, incidents: IncidentStore, now: number): HealthDocument {
  const threshold = health.degradedAfter?.incidents ?? DEFAULT_DEGRADED_INCIDENTS;
  const withinMs = health.degradedAfter?.withinMs ?? DEFAULT_DEGRADED_WITHIN_MS;
  const failing = incidents.failingOrders(now - withinMs);
  const providers = {} as Record<HealthProvider, ProviderHealth>;
  for (const provider of INCIDENT_PROVIDERS as HealthProvider[]) {
    const down = health.down?.includes(provider) ?? false;
    const entry: ProviderHealth = {
      status: down ? 'down' : (failing.get(provider) ?? 0) >= threshold ? 'degraded' : 'up',
    };
    // Past windows are dropped; current and future ones are sent, and the page decides with its
    // own clock whether one is on now or starts within the hour.
    const windows = (health.maintenance ?? [])
      .filter((window) => window.provider === provider && Date.parse(window.until) > now)
      .sort((a, b) => Date.parse(a.from) - Date.parse(b.from))
      .map(({ from, until }) => ({ from, until }));
    if (windows.length) entry.maintenance = windows;
    providers[provider] = entry;
  }
  return { providers };
}

/**
 * `GET /health`. Not cacheable: a merchant flipping the kill switch expects the next page load
 * to see it, and the page bounds the call with a short timeout anyway.
 */
export function getHealth(health: HealthOptions, incidents: IncidentStore, now: () => number = Date.now) {
  return async (): Promise<Response> => json(healthDocument(health, incidents, now()), 200, { 'cache-control': 'no-store' });
}
