import { json, problem } from './http.js';
import { INCIDENT_PROVIDERS, isIsoDateTime } from './incident.js';
import type { IncidentStore, SqliteIncidentStore } from './incident-store.js';
import type { Awaitable } from './order-store.js';
import type { FeedReport, StatusFeed } from './status-feed.js';

export type HealthProvider = 'stripe' | 'adyen' | 'paypal' | 'bank-transfer';

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

/** Where a status or a window comes from: the merchant's settings, the provider's status page, the shoppers' incidents. */
export type HealthSourceKind = 'configuration' | 'status-page' | 'incidents';

export interface HealthWindow {
  from: string;
  until: string;
  source: 'configuration' | 'status-page';
  /** The maintenance's title on the status page. */
  name?: string;
}

export interface ProviderHealth {
  status: 'up' | 'degraded' | 'down';
  /** Why it is not `up`. */
  source?: HealthSourceKind;
  /** What the status page said, e.g. `Payments API: major_outage`. */
  reasons?: string[];
  /** Windows not yet over, soonest first. */
  maintenance?: HealthWindow[];
}

export interface HealthDocument {
  providers: Record<HealthProvider, ProviderHealth>;
  /** Windows starting within the next 24 hours, every provider, soonest first. */
  upcoming: Array<HealthWindow & { provider: HealthProvider }>;
  /** The status pages read (with `statusPages`): each one's own state, its failures included. */
  statusPages?: FeedReport[];
}

export const UPCOMING_WITHIN_MS = 24 * 60 * 60_000;

export const DEFAULT_DEGRADED_INCIDENTS = 5;
export const DEFAULT_DEGRADED_WITHIN_MS = 5 * 60_000;

const isProvider = (value: unknown): value is HealthProvider =>
  typeof value === 'string' && INCIDENT_PROVIDERS.includes(value);

/**
 * Health options fixed when the handler is created, or a function read on every `GET /health`:
 * an admin page (the demo's outage lab) flips the kill switch or a maintenance window live.
 */
export type HealthSource = HealthOptions | (() => HealthOptions);

function windowProblem(window: MaintenanceWindow | undefined, index: number): string | undefined {
  const at = `health.maintenance[${index}]`;
  if (!isProvider(window?.provider)) return `${at}.provider is not a provider`;
  if (!isIsoDateTime(window.from) || !isIsoDateTime(window.until)) {
    return `${at} needs ISO 8601 from and until with a zone, e.g. 2025-06-01T02:00:00Z`;
  }
  if (Date.parse(window.from) >= Date.parse(window.until)) return `${at} ends before it starts`;
  return undefined;
}

/** What is wrong with health options, naming the option (`health.down must list…`), or undefined. */
export function healthOptionsProblem(health: HealthOptions): string | undefined {
  if (health === null || typeof health !== 'object' || Array.isArray(health)) return 'health must be an object';
  // An async function would pass every check below with no option set: say so instead.
  if (typeof (health as { then?: unknown }).then === 'function') return 'health must be options, not a promise of them';
  if (health.down !== undefined && (!Array.isArray(health.down) || !health.down.every(isProvider))) {
    return `health.down must list providers among ${INCIDENT_PROVIDERS.join(', ')}`;
  }
  if (health.maintenance !== undefined) {
    if (!Array.isArray(health.maintenance)) return 'health.maintenance must be an array';
    for (const [index, window] of health.maintenance.entries()) {
      const problem = windowProblem(window, index);
      if (problem) return problem;
    }
  }
  const { incidents, withinMs } = health.degradedAfter ?? {};
  if (incidents !== undefined && !(Number.isSafeInteger(incidents) && incidents >= 1)) {
    return 'health.degradedAfter.incidents must be a whole number of at least 1';
  }
  if (withinMs !== undefined && !(Number.isFinite(withinMs) && withinMs > 0)) {
    return 'health.degradedAfter.withinMs must be a positive number of milliseconds';
  }
  return undefined;
}

/**
 * Throws at startup, naming the option, like the provider options do: a typo must not pass
 * silently. A function is checked on every call instead (see `getHealth`).
 */
export function checkHealthOptions(health: HealthSource | undefined): void {
  if (health === undefined || typeof health === 'function') return;
  const problem = healthOptionsProblem(health);
  if (problem) throw new Error(`createRelaisHandler: ${problem}`);
}

/**
 * The health document at `now`: the merchant's settings first (kill switch, windows), then the
 * status pages (down, degraded, their maintenances), then incidents (degraded). Synchronous over
 * the SQLite incident store, a promise over the PostgreSQL one.
 */
export function healthDocument(health: HealthOptions, incidents: SqliteIncidentStore, now: number, pages?: StatusFeed): HealthDocument;
export function healthDocument(health: HealthOptions, incidents: IncidentStore, now: number, pages?: StatusFeed): Awaitable<HealthDocument>;
export function healthDocument(health: HealthOptions, incidents: IncidentStore, now: number, pages?: StatusFeed): Awaitable<HealthDocument> {
  const withinMs = health.degradedAfter?.withinMs ?? DEFAULT_DEGRADED_WITHIN_MS;
  const failing = incidents.failingOrders(now - withinMs);
  return failing instanceof Promise ? failing.then((counts) => documentOf(health, counts, now, pages)) : documentOf(health, failing, now, pages);
}

function documentOf(health: HealthOptions, failing: Map<string, number>, now: number, pages: StatusFeed | undefined): HealthDocument {
  const threshold = health.degradedAfter?.incidents ?? DEFAULT_DEGRADED_INCIDENTS;
  const readings = pages?.readings(now);
  const providers = {} as Record<HealthProvider, ProviderHealth>;
  const upcoming: HealthDocument['upcoming'] = [];
  for (const provider of INCIDENT_PROVIDERS as HealthProvider[]) {
    const page = readings?.get(provider);
    let entry: ProviderHealth;
    if (health.down?.includes(provider)) entry = { status: 'down', source: 'configuration' };
    else if (page && page.status !== 'up') entry = { status: page.status, source: 'status-page', reasons: page.because };
    else if ((failing.get(provider) ?? 0) >= threshold) entry = { status: 'degraded', source: 'incidents' };
    else entry = { status: 'up' };
    // Past windows are dropped; current and future ones are sent, and the page decides with its
    // own clock whether one is on now or starts within the hour.
    const windows: HealthWindow[] = [
      ...(health.maintenance ?? [])
        .filter((window) => window.provider === provider && Date.parse(window.until) > now)
        .map(({ from, until }) => ({ from, until, source: 'configuration' as const })),
      ...(page?.maintenance ?? []).map(({ from, until, name }) => ({ from, until, source: 'status-page' as const, name })),
    ].sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
    if (windows.length) entry.maintenance = windows;
    for (const window of windows) {
      if (Date.parse(window.from) > now && Date.parse(window.from) <= now + UPCOMING_WITHIN_MS) upcoming.push({ provider, ...window });
    }
    providers[provider] = entry;
  }
  upcoming.sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
  const document: HealthDocument = { providers, upcoming };
  if (pages) document.statusPages = pages.feeds();
  return document;
}

/** The options a `health` function gives now, or the error to report when it throws or gives nonsense. */
function readHealth(health: () => HealthOptions): { ok: true; options: HealthOptions } | { ok: false; error: Error } {
  let options: HealthOptions;
  try {
    options = health();
  } catch (error) {
    return { ok: false, error: new Error('createRelaisHandler: the health function threw', { cause: error }) };
  }
  const problem = healthOptionsProblem(options);
  if (problem === undefined) return { ok: true, options };
  return { ok: false, error: new Error(`createRelaisHandler: the health function returned invalid options: ${problem}`) };
}

export interface GetHealthOptions {
  /** Where a `health` function that failed is reported (the answer only says 500). */
  onError: (error: Error) => void;
  now?: () => number;
  /** The providers' status pages, when the merchant named any. */
  statusFeed?: StatusFeed | undefined;
}

/**
 * `GET /health`. Not cacheable: a merchant flipping the kill switch expects the next page load
 * to see it, and the page bounds the call with a short timeout anyway. A `health` function that
 * throws or returns invalid options answers 500 `health-options-invalid` rather than a guess: the
 * page then treats every provider as unknown and tries them, as with no health feed at all.
 */
export function getHealth(health: HealthSource, incidents: IncidentStore, { onError, now = Date.now, statusFeed }: GetHealthOptions) {
  return async (): Promise<Response> => {
    const read = typeof health === 'function' ? readHealth(health) : { ok: true as const, options: health };
    if (!read.ok) {
      onError(read.error);
      return problem(500, 'health-options-invalid', {}, { 'cache-control': 'no-store' });
    }
    return json(await healthDocument(read.options, incidents, now(), statusFeed), 200, { 'cache-control': 'no-store' });
  };
}

/** How long `GET /health` reuses its incident counts when nothing was written here meanwhile. */
export const HEALTH_CACHE_MS = 1000;

/**
 * The incident store for `GET /health` and `POST /events`: the per-provider counts, the one
 * query behind every health answer, are kept `HEALTH_CACHE_MS` and dropped by any write through
 * this process (an incident, or an order, which can turn an incident's order known). Pages poll
 * health on every checkout; this keeps that a lookup, and another instance's writes are seen
 * within the second.
 */
export function cachedHealthCounts(incidents: IncidentStore, now: () => number = Date.now): IncidentStore & { invalidate(): void } {
  let cached: { at: number; sinceMs: number; counts: Awaitable<Map<string, number>> } | undefined;
  return {
    ...incidents,
    add(incident) {
      cached = undefined;
      return incidents.add(incident);
    },
    failingOrders(sinceMs) {
      const at = now();
      // The window slides with the clock: counts a second old are reused for a window that started up to a second later.
      if (cached && at - cached.at < HEALTH_CACHE_MS && sinceMs >= cached.sinceMs && sinceMs - cached.sinceMs < HEALTH_CACHE_MS) return cached.counts;
      const counts = incidents.failingOrders(sinceMs);
      const entry = { at, sinceMs, counts };
      cached = entry;
      // A failed read is not kept.
      if (counts instanceof Promise) counts.catch(() => { if (cached === entry) cached = undefined; });
      return counts;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
