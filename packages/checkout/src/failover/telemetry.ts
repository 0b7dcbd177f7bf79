/**
 * Telling the merchant: the last incidents kept in the page for export, and
 * each one sent to `POST {endpoint}/events`. Only the fields of `IncidentDetail` ever leave the
 * page; reasons come from Relais's own errors, never card data or secrets.
 */
import type { IncidentDetail } from '../events.js';

export const incidentLogLimit = 100;
/** The server refuses longer reasons; cut here so the beacon is not lost for a long message. */
export const maxReasonLength = 500;

const columns = ['provider', 'kind', 'reason', 'latencyMs', 'orderId', 'at'] as const satisfies ReadonlyArray<keyof IncidentDetail>;

/** A copy with exactly the `IncidentDetail` fields: whatever else an object carries stays here. */
function pick(incident: IncidentDetail): IncidentDetail {
  const { provider, kind, reason, latencyMs, orderId, at } = incident;
  return { provider, kind, reason: String(reason).slice(0, maxReasonLength), latencyMs, orderId, at };
}

/** One CSV field (RFC 4180). */
function csvField(value: string | number): string {
  let text = String(value);
  // A cell starting with = + - @ is a formula to a spreadsheet: a reason quoting a provider's
  // message must not run in the merchant's Excel. Numbers are written as numbers.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The last incidents, oldest first, for the merchant to export. */
export class IncidentLog {
  readonly #incidents: IncidentDetail[] = [];

  constructor(readonly limit = incidentLogLimit) {}

  add(incident: IncidentDetail): void {
    this.#incidents.push(pick(incident));
    if (this.#incidents.length > this.limit) this.#incidents.splice(0, this.#incidents.length - this.limit);
  }

  list(): IncidentDetail[] {
    return this.#incidents.map((incident) => ({ ...incident }));
  }

  toJSON(): IncidentDetail[] {
    return this.list();
  }

  /** A header line and one row per incident, CRLF-separated (RFC 4180). */
  toCSV(): string {
    const rows = this.#incidents.map((incident) => columns.map((column) => csvField(incident[column])).join(','));
    return [columns.join(','), ...rows].map((line) => `${line}\r\n`).join('');
  }
}

/**
 * Sends one incident to `{endpoint}/events`: `sendBeacon` survives the page being left (the
 * shopper often leaves right after a failure); `fetch` with `keepalive` where it is missing or
 * refuses (over its quota). Fire and forget: returns whether the browser took it, never throws.
 */
export function sendIncident(endpoint: string, incident: IncidentDetail): boolean {
  const url = `${endpoint}/events`;
  let body: string;
  try {
    body = JSON.stringify(pick(incident));
  } catch {
    return false;
  }
  try {
    if (typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(url, new Blob([body], { type: 'application/json' }))) {
      return true;
    }
  } catch {
    // Some browsers throw for a non-CORS-safelisted type to another origin: try fetch.
  }
  try {
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      keepalive: true,
      credentials: 'same-origin',
    }).catch(() => undefined);
    return true;
  } catch {
    return false;
  }
}
