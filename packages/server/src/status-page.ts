/**
 * Reading one provider status page in Statuspage's v2 format (`/api/v2/summary.json`), the format
 * PayPal, Adyen, Braintree, Mollie and most others publish. Only what the health feed needs is
 * read: the status of the components that matter, and their scheduled maintenances. Nothing here
 * trusts the page: a field of the wrong type, a date without a zone or a status this code does
 * not know is dropped and named in `problems`, never guessed at.
 */
import { isIsoDateTime } from './incident.js';

export interface StatusPageSource {
  /** The page's `…/api/v2/summary.json` (http or https). */
  url: string;
  /** Component names that matter for this method (exact, as the page spells them). Default: all. */
  components?: string[];
}

/** What a status page says of one method at the time it was read. */
export type PageStatus = 'up' | 'degraded' | 'down';

export interface PageMaintenance {
  name: string;
  from: string;
  until: string;
  /** `in_progress` / `verifying` (on now, by the page's word) or `scheduled`. */
  state: 'scheduled' | 'in-progress';
}

export interface PageReading {
  status: PageStatus;
  /** The component statuses that set `status`, e.g. `Payments API: major_outage`. */
  because: string[];
  maintenance: PageMaintenance[];
  /** What was dropped or not found; the rest of the page is used. */
  problems: string[];
}

const COMPONENT_STATUS: Record<string, PageStatus | 'maintenance'> = {
  operational: 'up',
  degraded_performance: 'degraded',
  partial_outage: 'degraded',
  major_outage: 'down',
  under_maintenance: 'maintenance',
};
const IN_PROGRESS = new Set(['in_progress', 'verifying']);
const MAINTENANCE_STATES = new Set(['scheduled', 'in_progress', 'verifying', 'completed']);
const RANK: Record<PageStatus, number> = { up: 0, degraded: 1, down: 2 };

const isFields = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Names of the components an entry (a component or a maintenance's list) carries. */
function namesOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry) => (isFields(entry) && typeof entry['name'] === 'string' ? [entry['name']] : []));
}

const short = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}...` : text);

/**
 * The page's meaning for the components in `wanted` (all when empty), or a problem when the
 * document is not a summary at all (then the caller keeps its last good reading).
 */
export function readSummary(document: unknown, wanted: readonly string[], now: number): PageReading | { problem: string } {
  if (!isFields(document) || !Array.isArray(document['components'])) return { problem: 'not a Statuspage summary (no components)' };
  const problems: string[] = [];
  const matters = (name: string) => wanted.length === 0 || wanted.includes(name);
  const seen = new Set<string>();
  let status: PageStatus = 'up';
  const because: string[] = [];
  let underMaintenance = false;
  for (const component of document['components']) {
    if (!isFields(component) || typeof component['name'] !== 'string') continue;
    const name = component['name'];
    if (!matters(name)) continue;
    seen.add(name);
    const raw = component['status'];
    const meaning = typeof raw === 'string' ? COMPONENT_STATUS[raw] : undefined;
    if (meaning === undefined) {
      problems.push(`component "${short(name)}" has an unknown status ${short(JSON.stringify(raw) ?? 'undefined')}`);
      continue;
    }
    if (meaning === 'maintenance') underMaintenance = true;
    else if (meaning !== 'up') {
      because.push(`${name}: ${String(raw)}`);
      if (RANK[meaning] > RANK[status]) status = meaning;
    }
  }
  for (const name of wanted) if (!seen.has(name)) problems.push(`component "${short(name)}" is not on the page`);

  const maintenance: PageMaintenance[] = [];
  const listed = document['scheduled_maintenances'] ?? [];
  if (!Array.isArray(listed)) problems.push('scheduled_maintenances is not a list');
  for (const entry of Array.isArray(listed) ? listed : []) {
    if (!isFields(entry)) continue;
    const name = typeof entry['name'] === 'string' ? entry['name'] : 'maintenance';
    const state = entry['status'];
    if (typeof state !== 'string' || !MAINTENANCE_STATES.has(state)) {
      problems.push(`maintenance "${short(name)}" has an unknown status ${short(JSON.stringify(state) ?? 'undefined')}`);
      continue;
    }
    if (state === 'completed') continue;
    const components = namesOf(entry['components']);
    // A maintenance that names no component is the whole page's.
    if (wanted.length > 0 && components.length > 0 && !components.some(matters)) continue;
    const from = entry['scheduled_for'];
    const until = entry['scheduled_until'];
    // Without a zone a time means a different instant on every server: dropped, not guessed.
    if (!isIsoDateTime(from) || !isIsoDateTime(until) || Date.parse(from) >= Date.parse(until)) {
      problems.push(`maintenance "${short(name)}" has no usable scheduled_for/scheduled_until (ISO 8601 with a zone)`);
      continue;
    }
    if (Date.parse(until) <= now) {
      // Announced as over, still in progress on the page: the provider is working on it
      // without saying until when. Tried, not skipped: the page only skips with an end time.
      if (IN_PROGRESS.has(state)) {
        because.push(`${name}: overrunning maintenance`);
        if (status === 'up') status = 'degraded';
      }
      continue;
    }
    // In progress early (started before its time): it is on now, until its announced end.
    const start = IN_PROGRESS.has(state) ? new Date(Math.min(Date.parse(from), now)).toISOString() : new Date(from).toISOString();
    maintenance.push({ name: short(name), from: start, until: new Date(until).toISOString(), state: IN_PROGRESS.has(state) ? 'in-progress' : 'scheduled' });
  }
  // `under_maintenance` with no window saying until when: tried, like an overrun.
  const covered = maintenance.some((window) => window.state === 'in-progress');
  if (underMaintenance && !covered) {
    because.push('under_maintenance without a scheduled end');
    if (status === 'up') status = 'degraded';
  }
  maintenance.sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
  return { status, because, maintenance, problems };
}
