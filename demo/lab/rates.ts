/** The dashboard's arithmetic, apart from its drawing: success rate per method over time. */
import type { DashboardOrder, OutageReport, StoredIncident } from '@relais/server';
import { TECHNICAL_KINDS } from '@relais/server/incident';

export type DashboardIncident = Pick<StoredIncident, 'provider' | 'kind' | 'orderId' | 'receivedAt'>;

/** The page's kind for the merchant's own API failing it: the shop's outage, whatever the method. */
export const MERCHANT_UNAVAILABLE = 'merchant-unavailable';
/** Kinds that say a provider is not working (a decline is the shopper's bank, not an outage). */
const TECHNICAL: ReadonlySet<string> = new Set(TECHNICAL_KINDS.filter((kind) => kind !== MERCHANT_UNAVAILABLE));
export const METHODS = ['stripe', 'adyen', 'paypal', 'bank-transfer'];
/** Rows of the incident timeline: the methods, then the merchant's own server. */
export const INCIDENT_ROWS = [...METHODS, 'merchant-server'];
/**
 * Every kind a marker can stand for, in one fixed order: the symbol of a kind is the same in
 * every language (a domain sorted by translated names would swap them).
 */
export const MARKER_KINDS = [...TECHNICAL_KINDS.filter((kind) => kind !== MERCHANT_UNAVAILABLE), MERCHANT_UNAVAILABLE];
/** Plot's symbol for each of `MARKER_KINDS`, in the same order: given, never left to Plot. */
export const MARKER_SYMBOLS = ['circle', 'cross', 'diamond', 'square', 'star', 'triangle', 'wye', 'times'];

export interface RatePoint {
  time: Date;
  method: string;
  /** Orders taken / (orders taken + orders that met a technical failure), in %. */
  rate: number;
  taken: number;
  failed: number;
  /** Payments the shopper's bank declined: shown beside the rate, never counted as failures. */
  declined: number;
}

const bucketStart = (at: string, bucketMs: number) => Math.floor(Date.parse(at) / bucketMs) * bucketMs;

/**
 * Success rate per method and time bucket: orders the method took against distinct orders for
 * which it failed technically. A bucket where a method was not tried has no point. Declines are
 * counted apart: a method that declines a stolen card is working.
 */
export function successRates(orders: DashboardOrder[], incidents: DashboardIncident[], bucketMs: number): RatePoint[] {
  const buckets = new Map<string, { time: Date; method: string; taken: Set<string>; failed: Set<string>; declined: number }>();
  const bucket = (at: string, method: string) => {
    const start = bucketStart(at, bucketMs);
    const key = `${start} ${method}`;
    let entry = buckets.get(key);
    if (!entry) buckets.set(key, (entry = { time: new Date(start), method, taken: new Set(), failed: new Set(), declined: 0 }));
    return entry;
  };
  for (const order of orders) if (METHODS.includes(order.method)) bucket(order.createdAt, order.method).taken.add(order.orderId);
  for (const incident of incidents) {
    if (!METHODS.includes(incident.provider)) continue;
    if (TECHNICAL.has(incident.kind)) bucket(incident.receivedAt, incident.provider).failed.add(incident.orderId);
    else if (incident.kind === 'declined') bucket(incident.receivedAt, incident.provider).declined++;
  }
  return [...buckets.values()]
    .filter(({ taken, failed }) => taken.size + failed.size > 0)
    .map(({ time, method, taken, failed, declined }) => ({
      time,
      method,
      taken: taken.size,
      failed: failed.size,
      declined,
      rate: Math.round((100 * taken.size) / (taken.size + failed.size)),
    }))
    .sort((a, b) => a.time.getTime() - b.time.getTime());
}

export interface MethodTotals {
  method: string;
  taken: number;
  failed: number;
  declined: number;
}

/** Per method over the whole period: orders taken, orders failed technically, declines. */
export function totals(orders: DashboardOrder[], incidents: DashboardIncident[]): MethodTotals[] {
  const points = successRates(orders, incidents, Number.MAX_SAFE_INTEGER);
  const declines = incidents.filter((incident) => incident.kind === 'declined');
  return METHODS.map((method) => {
    const point = points.find((p) => p.method === method);
    return {
      method,
      taken: point?.taken ?? 0,
      failed: point?.failed ?? 0,
      // Declines of a bucket without any order or failure still count here.
      declined: declines.filter((incident) => incident.provider === method).length,
    };
  });
}

export interface IncidentMark {
  time: Date;
  /** `stripe`, `adyen`, `paypal`, `bank-transfer`, or `merchant-server` for `merchant-unavailable`. */
  row: string;
  kind: string;
  count: number;
}

/**
 * Failures grouped per bucket, row and kind: one marker with a count instead of a pile of
 * markers drawn on top of each other during a drill. Declines are not failures: not here.
 */
export function incidentMarks(incidents: DashboardIncident[], bucketMs: number): IncidentMark[] {
  const marks = new Map<string, IncidentMark>();
  for (const incident of incidents) {
    const merchant = incident.kind === MERCHANT_UNAVAILABLE;
    if (!merchant && !TECHNICAL.has(incident.kind)) continue;
    const row = merchant ? 'merchant-server' : incident.provider;
    const start = bucketStart(incident.receivedAt, bucketMs);
    const key = `${start} ${row} ${incident.kind}`;
    const mark = marks.get(key) ?? { time: new Date(start), row, kind: incident.kind, count: 0 };
    mark.count++;
    marks.set(key, mark);
  }
  return [...marks.values()].sort((a, b) => a.time.getTime() - b.time.getTime());
}

/** The time axis: whole buckets from the first to the last, so one bucket alone has a width. */
export function timeDomain(times: number[], bucketMs: number): [Date, Date] {
  const first = Math.floor(Math.min(...times) / bucketMs) * bucketMs;
  const last = Math.floor(Math.max(...times) / bucketMs) * bucketMs + bucketMs;
  return [new Date(first), new Date(last)];
}

/** A bar's edges: each bucket holds one bar per method, side by side, a third of it wide. */
export function barEdges(point: Pick<RatePoint, 'time' | 'method'>, bucketMs: number): [Date, Date] {
  const left = point.time.getTime() + (METHODS.indexOf(point.method) * bucketMs) / METHODS.length;
  return [new Date(left), new Date(left + bucketMs / METHODS.length)];
}

/** About a dozen buckets over the span of the data, in whole 10-second steps (a drill lasts a minute). */
export function bucketFor(times: number[]): number {
  const step = 10_000;
  if (times.length === 0) return step;
  const span = Math.max(...times) - Math.min(...times);
  return Math.max(step, Math.ceil(span / 12 / step) * step);
}

/** Why an order went through the queue, as the outage report reads it. */
export type QueuedBecause = 'merchant-server' | 'shopper-offline' | undefined;

export function queuedBecause(order: DashboardOrder, report: Pick<OutageReport, 'outages' | 'shopperOffline'> | undefined): QueuedBecause {
  if (order.queuedAt === undefined || !report) return undefined;
  if (report.shopperOffline.includes(order.orderId)) return 'shopper-offline';
  return report.outages.some((outage) => outage.provider === 'merchant-server' && outage.ordersQueued.includes(order.orderId))
    ? 'merchant-server'
    : undefined;
}

/** The `next` link of a paged `GET /orders?order=desc`: the query to ask for the page after. */
export function nextPage(link: string | null): string | undefined {
  return /<\?([^>]*)>;\s*rel="next"/.exec(link ?? '')?.[1];
}
