import { json, problem } from './http.js';
import { INCIDENT_FIELDS, checkIncident } from './incident.js';
import type { IncidentStore } from './incident-store.js';
import { invalidField, readFields } from './payment-request.js';
import { sinceOf } from './query.js';

/** The most incidents one `GET /events` answers; page with `since`. */
export const EVENTS_PAGE_SIZE = 1000;

/**
 * `POST /events`: one incident beacon from the page -> 204. Same refusals as every endpoint:
 * unknown fields, bad values, anything that looks like card data or a secret.
 */
export function postEvent(incidents: IncidentStore) {
  return async (request: Request): Promise<Response> => {
    // text/plain too: what `navigator.sendBeacon` sends for a string, parsed as strictly as JSON.
    const body = await readFields(request, INCIDENT_FIELDS, { accept: ['application/json', 'text/plain'] });
    if (!body.ok) return body.response;
    const checked = checkIncident(body.value);
    if (!checked.ok) return invalidField(checked.field);
    incidents.add(checked.incident);
    return new Response(null, { status: 204 });
  };
}

/**
 * `GET /events?since=ISO`: incidents received since then, oldest first, for the merchant's
 * dashboard. Like the rest of this reference API it has no authentication of its own: a shop
 * exposing it publicly should put it behind its admin login (it lists order ids).
 */
export function getEvents(incidents: IncidentStore) {
  return async (request: Request): Promise<Response> => {
    const sinceMs = sinceOf(new URL(request.url));
    if (sinceMs === undefined) return problem(400, 'invalid-query', { field: 'since' });
    return json(incidents.since(sinceMs, EVENTS_PAGE_SIZE), 200, { 'cache-control': 'no-store' });
  };
}
