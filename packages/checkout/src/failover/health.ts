/**
 * The merchant's health document (docs/design.md, `GET {endpoint}/health`): providers down or in
 * scheduled maintenance are skipped without loading their SDK. The feed is advice: unreachable,
 * slow or malformed, it changes nothing, so every failure here is `undefined`, never an error.
 */
import { isIsoDateTime as isIso } from '@relais/contracts';
import type { ProviderId } from '../config.js';
import { registeredIds } from '../providers/registry.js';

export interface HealthSkip {
  reason: 'down' | 'maintenance';
  /** ISO 8601: when the provider is expected back, when the document says. */
  until?: string;
}

export interface MaintenanceNotice {
  provider: ProviderId;
  /** ISO 8601 */
  from: string;
  /** ISO 8601 */
  until: string;
}

export interface HealthReport {
  /** Down, or inside a maintenance window now: do not try. */
  skip: Map<ProviderId, HealthSkip>;
  /** Working, but failing for many shoppers: try, and expect to move on. */
  degraded: Set<ProviderId>;
  /** Windows starting within the next hour, soonest first, for a notice shown before the shopper tries. */
  upcoming: MaintenanceNotice[];
}

export interface FetchHealthOptions {
  /** Default 1500: the feed must never delay the first render. */
  timeoutMs?: number;
  signal?: AbortSignal;
  now?: () => number;
}

export const upcomingWithinMs = 60 * 60_000;

interface MaintenanceWindow {
  from: string;
  until: string;
}
interface ProviderHealth {
  status: 'up' | 'degraded' | 'down';
  until: string | undefined;
  maintenance: MaintenanceWindow[];
}

const isFields = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function toWindow(value: unknown): MaintenanceWindow | undefined {
  if (!isFields(value) || !isIso(value['from']) || !isIso(value['until'])) return undefined;
  if (Date.parse(value['from']) >= Date.parse(value['until'])) return undefined;
  return { from: value['from'], until: value['until'] };
}

function toProviderHealth(value: unknown): ProviderHealth | undefined {
  if (!isFields(value)) return undefined;
  const { status, until, maintenance = [] } = value;
  if (status !== 'up' && status !== 'degraded' && status !== 'down') return undefined;
  if (until !== undefined && !isIso(until)) return undefined;
  if (!Array.isArray(maintenance)) return undefined;
  const windows = maintenance.map(toWindow);
  if (windows.includes(undefined)) return undefined;
  return { status, until, maintenance: windows as MaintenanceWindow[] };
}

/** The document's meaning at `now`; `undefined` when any known provider's entry is malformed. */
export function readHealth(document: unknown, now: number): HealthReport | undefined {
  if (!isFields(document) || !isFields(document['providers'])) return undefined;
  const report: HealthReport = { skip: new Map(), degraded: new Set(), upcoming: [] };
  for (const provider of registeredIds()) {
    // Providers Relais does not know are someone else's business; absent ones are up.
    if (!Object.hasOwn(document['providers'], provider)) continue;
    const health = toProviderHealth(document['providers'][provider]);
    if (!health) return undefined;

    const current = health.maintenance.filter((w) => Date.parse(w.from) <= now && now < Date.parse(w.until));
    // A `down` whose `until` has passed is over; the document may be older than the outage.
    if (health.status === 'down' && (health.until === undefined || now < Date.parse(health.until))) {
      report.skip.set(provider, health.until === undefined ? { reason: 'down' } : { reason: 'down', until: health.until });
    } else if (current.length) {
      const last = current.reduce((a, b) => (Date.parse(b.until) > Date.parse(a.until) ? b : a));
      report.skip.set(provider, { reason: 'maintenance', until: last.until });
    } else if (health.status === 'degraded') {
      report.degraded.add(provider);
    }
    for (const { from, until } of health.maintenance) {
      const starts = Date.parse(from);
      if (starts > now && starts <= now + upcomingWithinMs) report.upcoming.push({ provider, from, until });
    }
  }
  report.upcoming.sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
  return report;
}

/** `GET {endpoint}/health` within `timeoutMs`; `undefined` on any failure. Never throws. */
export async function fetchHealth(endpoint: string, options: FetchHealthOptions = {}): Promise<HealthReport | undefined> {
  const { timeoutMs = 1500, signal, now = Date.now } = options;
  const timeout = AbortSignal.timeout(timeoutMs);
  const stop = signal ? AbortSignal.any([signal, timeout]) : timeout;
  // Raced as well as passed to fetch: a `fetch` wrapped by the page (monitoring, polyfills) may
  // drop the signal, and a feed that sends headers and then stalls must still not hold the start.
  const stopped = new Promise<undefined>((resolve) => stop.addEventListener('abort', () => resolve(undefined), { once: true }));
  const read = async () => {
    const response = await fetch(`${endpoint}/health`, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store',
      signal: stop,
    });
    if (!response.ok) return undefined;
    return readHealth(await response.json(), now());
  };
  try {
    return await Promise.race([read(), stopped]);
  } catch {
    return undefined;
  }
}
