/** The dashboard's arithmetic, apart from its drawing: success rate per method over time. */
import type { DashboardOrder, StoredIncident } from '@relais/server';
import { TECHNICAL_KINDS } from '@relais/server/incident';

export type DashboardIncident = Pick<StoredIncident, 'provider' | 'kind' | 'orderId' | 'receivedAt'>;

/** Kinds that say a provider is not working (a decline is the shopper's bank, not an outage). */
const TECHNICAL: ReadonlySet<string> = new Set(TECHNICAL_KINDS);
export const METHODS = ['stripe', 'paypal', 'bank-transfer'];

export interface RatePoint {
  time: Date;
  method: string;
  /** Orders taken / (orders taken + orders that met a technical failure), in %. */
  rate: number;
  taken: number;
  failed: number;
}

/**
 * Success rate per method and time bucket: orders the method took against distinct orders for
 * which it failed technically. A bucket where a method was not tried has no point.
 */
export function successRates(orders: DashboardOrder[], incidents: DashboardIncident[], bucketMs: number): RatePoint[] {
  const buckets = new Map<string, { time: Date; method: string; taken: Set<string>; failed: Set<string> }>();
  const bucket = (at: string, method: string) => {
    const start = Math.floor(Date.parse(at) / bucketMs) * bucketMs;
    const key = `${start} ${method}`;
    let entry = buckets.get(key);
    if (!entry) buckets.set(key, (entry = { time: new Date(start), method, taken: new Set(), failed: new Set() }));
    return entry;
  };
  for (const order of orders) if (METHODS.includes(order.method)) bucket(order.createdAt, order.method).taken.add(order.orderId);
  for (const incident of incidents) {
    if (TECHNICAL.has(incident.kind)) bucket(incident.receivedAt, incident.provider).failed.add(incident.orderId);
  }
  return [...buckets.values()]
    .map(({ time, method, taken, failed }) => ({
      time,
      method,
      taken: taken.size,
      failed: failed.size,
      rate: Math.round((100 * taken.size) / (taken.size + failed.size)),
    }))
    .sort((a, b) => a.time.getTime() - b.time.getTime());
}

/** About a dozen buckets over the span of the data, in whole 10-second steps (a drill lasts a minute). */
export function bucketFor(times: number[]): number {
  const step = 10_000;
  if (times.length === 0) return step;
  const span = Math.max(...times) - Math.min(...times);
  return Math.max(step, Math.ceil(span / 12 / step) * step);
}
