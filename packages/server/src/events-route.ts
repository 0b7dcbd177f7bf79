import { json, problem } from './http.js';
import { INCIDENT_FIELDS, checkIncident } from './incident.js';
import type { IncidentCursor, IncidentStore } from './incident-store.js';
import { invalidField, readFields } from './payment-request.js';
import { pageHeaders, readPageQuery } from './page-query.js';
import { rateLimiter, type RateLimit } from './rate-limit.js';

/** The most incidents one `GET /events` answers; page with `since`. */
export const EVENTS_PAGE_SIZE = 1000;

export interface EventLimits {
  /** Beacons one client address may post per window, valid or not. Default 60 a minute. */
  perClient?: RateLimit;
  /** Incidents stored per order id and provider per window. Default 10 in 10 minutes. */
  perOrder?: RateLimit;
}

export const DEFAULT_EVENT_LIMITS: Required<EventLimits> = {
  perClient: { max: 60, windowMs: 60_000 },
  perOrder: { max: 10, windowMs: 10 * 60_000 },
};

export interface PostEventOptions {
  limits?: EventLimits;
  /** Where a request came from; undefined puts it with every other unknown client. */
  clientAddress: (request: Request) => string | undefined;
  now?: () => number;
}

function tooMany(retryAfterSeconds: number): Response {
  return problem(429, 'rate-limited', {}, { 'retry-after': String(retryAfterSeconds) });
}

/**
 * `POST /events`: one incident beacon from the page -> 204. Same refusals as every endpoint:
 * unknown fields, bad values, anything that looks like card data or a secret. Rate-limited per
 * client and per order (429 with `Retry-After`, nothing stored): a page reports a handful of
 * incidents per checkout, a script posting thousands is not a shopper.
 */
export function postEvent(incidents: IncidentStore, options: PostEventOptions) {
  const now = options.now ?? Date.now;
  const perClient = rateLimiter(options.limits?.perClient ?? DEFAULT_EVENT_LIMITS.perClient, now);
  const perOrder = rateLimiter(options.limits?.perOrder ?? DEFAULT_EVENT_LIMITS.perOrder, now);
  return async (request: Request): Promise<Response> => {
    const clientWait = perClient.hit(`client:${options.clientAddress(request) ?? 'unknown'}`);
    if (clientWait !== undefined) {
      await request.body?.cancel().catch(() => {}); // unread: nothing of it is needed
      return tooMany(clientWait);
    }
    // text/plain too: what `navigator.sendBeacon` sends for a string, parsed as strictly as JSON.
    const body = await readFields(request, INCIDENT_FIELDS, { accept: ['application/json', 'text/plain'] });
    if (!body.ok) return body.response;
    const checked = checkIncident(body.value);
    if (!checked.ok) return invalidField(checked.field);
    const { orderId, provider } = checked.incident;
    const orderWait = perOrder.hit(`${provider}:${orderId}`);
    if (orderWait !== undefined) return tooMany(orderWait);
    await incidents.add(checked.incident);
    return new Response(null, { status: 204 });
  };
}

/** `before` of `GET /events?order=desc`: `{receivedAt ms}_{id}` of the last incident of the page before. */
function cursorOf(value: string | null): IncidentCursor | undefined | null {
  if (value === null) return undefined;
  const match = /^(\d{1,15})_(\d{1,15})$/.exec(value);
  return match ? { at: Number(match[1]), id: Number(match[2]) } : null;
}

/**
 * `GET /events?since=ISO`: incidents received since then, oldest first, at most
 * `EVENTS_PAGE_SIZE` (the next page starts at the last `receivedAt`), each with `orderKnown`.
 *
 * `GET /events?order=desc&limit=N&since=ISO`: the newest first through the `received_at` index,
 * `limit` (at most and by default `EVENTS_PAGE_SIZE`) a page, as `GET /orders` pages: when older
 * incidents remain, a `Link: <?…&before=…>; rel="next"` header asks for them.
 *
 * For the merchant's dashboard. Admin only (it lists order ids): the handler wraps it.
 */
export function getEvents(incidents: IncidentStore) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const query = readPageQuery(url, EVENTS_PAGE_SIZE, cursorOf);
    if (query instanceof Response) return query;
    if (query.order === 'asc') return json(await incidents.since(query.sinceMs, query.limit), 200, pageHeaders(url, undefined));
    const page = await incidents.newest(query.sinceMs, query.limit, query.before);
    return json(page.incidents, 200, pageHeaders(url, page.next && `${page.next.at}_${page.next.id}`));
  };
}
