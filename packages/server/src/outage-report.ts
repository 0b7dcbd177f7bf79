/**
 * The merchant's outage report: which provider failed when, why, and what Relais kept of the
 * sales meanwhile. Computed from what the reference server already stores (incident beacons and
 * orders), as plain functions of them, so the same numbers come out of JSON, CSV and a test.
 */
import { toCsv } from './csv.js';
import { TECHNICAL_KINDS } from './incident.js';
import type { StoredIncident } from './incident-store.js';
import { toDecimalString } from './money.js';
import type { DashboardOrder } from './orders-route.js';

/** The `provider` of an outage of the merchant API itself, seen through the orders queued meanwhile. */
export const MERCHANT_SERVER = 'merchant-server';
/** Incidents (or queued orders) further apart than this belong to two outages. */
export const DEFAULT_OUTAGE_GAP_MS = 5 * 60_000;
/** The longest an order may have waited in the queue and still count as a merchant-server outage. */
export const DEFAULT_MAX_QUEUE_WAIT_MS = 60 * 60_000;

/** A sum of money in minor units (4990 = 49.90), one per currency. */
export interface MoneyAmount {
  currency: string;
  amount: number;
}

export interface Outage {
  /** `stripe`, `paypal`, `bank-transfer`, or `merchant-server` for the merchant API itself. */
  provider: string;
  /** The most frequent failure kind (the first seen on a tie); `unreachable` for the merchant server. */
  cause: string;
  /** How many incidents of each kind; for the merchant server, `{unreachable: orders queued}`. */
  causes: Record<string, number>;
  /** ISO 8601: the first incident received, or the first order queued. */
  start: string;
  /** ISO 8601: the last incident received, or the last queued order delivered. */
  end: string;
  /**
   * Less than the gap since `end`: the next incident would still be the same outage. Always false
   * for the merchant server: its `end` is a delivery, which proves the API answers again.
   */
  ongoing: boolean;
  /** Incident beacons received; 0 for the merchant server, which no page could reach to tell. */
  incidents: number;
  /** Order ids the incidents name (for the merchant server, the orders queued). */
  ordersAffected: string[];
  /** Affected orders recorded with a method other than the failing provider: sales failover kept. */
  ordersThroughOtherMethod: string[];
  /** Affected orders that reached the merchant through the page's queue. */
  ordersQueued: string[];
  /** What the orders above that were kept add up to: other method for a provider, queued for the server. */
  amountKept: MoneyAmount[];
}

export interface OutageReport {
  /** ISO 8601, the `now` the report was computed at. */
  generatedAt: string;
  /** ISO 8601, from the request; null when it covered everything stored. */
  since: string | null;
  /** Every provider's outages, by start. */
  outages: Outage[];
}

export interface OutageReportOptions {
  /** Epoch ms, for `generatedAt` and `ongoing`. */
  now: number;
  gapMs?: number;
  /**
   * Queued orders that waited longer than this (default 1 hour) between `queuedAt` and
   * `createdAt` are left out of the merchant-server outages: such a wait is the shopper's
   * connection (a laptop closed for days), and one of them would swallow every real outage it
   * spans. They are still listed by `GET /orders`, with their `queuedAt`.
   */
  maxQueueWaitMs?: number;
  since?: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** When the report is made, how long a silence ends an outage, how long a queued order may have waited. */
interface Timing {
  now: number;
  gapMs: number;
  maxQueueWaitMs: number;
}

/** Items sorted by start, split wherever one starts more than `gapMs` after the episode so far ends. */
function episodes<T>(items: readonly T[], start: (item: T) => number, end: (item: T) => number, gapMs: number): T[][] {
  const sorted = [...items].sort((a, b) => start(a) - start(b));
  const groups: T[][] = [];
  let groupEnd = -Infinity;
  for (const item of sorted) {
    if (start(item) - groupEnd > gapMs) groups.push([]);
    groups.at(-1)!.push(item);
    groupEnd = Math.max(groupEnd, end(item));
  }
  return groups;
}

function amountsOf(orders: readonly DashboardOrder[]): MoneyAmount[] {
  const sums = new Map<string, number>();
  for (const { currency, amount } of orders) sums.set(currency, (sums.get(currency) ?? 0) + amount);
  return [...sums].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, amount]) => ({ currency, amount }));
}

/** Count per kind, in the order first seen, and the kind with the highest count (first seen wins a tie). */
function tally(kinds: readonly string[]): { cause: string; causes: Record<string, number> } {
  const causes: Record<string, number> = {};
  for (const kind of kinds) causes[kind] = (causes[kind] ?? 0) + 1;
  const cause = Object.keys(causes).reduce((best, kind) => (causes[kind]! > causes[best]! ? kind : best));
  return { cause, causes };
}

function providerOutage(
  provider: string,
  incidents: readonly StoredIncident[],
  orders: ReadonlyMap<string, DashboardOrder>,
  { now, gapMs }: Timing,
): Outage {
  const affected = [...new Set(incidents.map((incident) => incident.orderId))];
  const known = affected.flatMap((orderId) => orders.get(orderId) ?? []);
  const otherMethod = known.filter((order) => order.method !== provider);
  const end = Date.parse(incidents.at(-1)!.receivedAt);
  return {
    provider,
    ...tally(incidents.map((incident) => incident.kind)),
    start: iso(Date.parse(incidents[0]!.receivedAt)),
    end: iso(end),
    ongoing: now - end < gapMs,
    incidents: incidents.length,
    ordersAffected: affected,
    ordersThroughOtherMethod: otherMethod.map((order) => order.orderId),
    ordersQueued: known.filter((order) => order.queuedAt !== undefined).map((order) => order.orderId),
    amountKept: amountsOf(otherMethod),
  };
}

function providerOutages(
  incidents: readonly StoredIncident[],
  orders: ReadonlyMap<string, DashboardOrder>,
  options: Timing,
): Outage[] {
  // Declines, rejected orders and config errors say nothing about a provider being down.
  const technical = incidents.filter((incident) => TECHNICAL_KINDS.includes(incident.kind));
  const providers = [...new Set(technical.map((incident) => incident.provider))];
  const receivedAt = (incident: StoredIncident) => Date.parse(incident.receivedAt);
  return providers.flatMap((provider) =>
    episodes(technical.filter((incident) => incident.provider === provider), receivedAt, receivedAt, options.gapMs)
      .map((episode) => providerOutage(provider, episode, orders, options)),
  );
}

type QueuedOrder = DashboardOrder & { queuedAt: string };

/**
 * The merchant API's own outages. No page can report those (they could not reach it), but the
 * queue can: an order queued at `queuedAt` and recorded at `createdAt` found the API unreachable
 * in between. A shopper who was offline looks the same from here; many orders at once do not.
 * A long wait is the shopper's, not the API's (the API was taking other orders meanwhile): only
 * waits up to `maxQueueWaitMs` count, or one laptop closed for days would merge every outage of
 * those days into one.
 */
function merchantServerOutages(orders: readonly DashboardOrder[], { gapMs, maxQueueWaitMs }: Timing): Outage[] {
  const from = (order: QueuedOrder) => Date.parse(order.queuedAt);
  const until = (order: QueuedOrder) => Math.max(from(order), Date.parse(order.createdAt));
  const queued = orders
    .filter((order): order is QueuedOrder => order.queuedAt !== undefined)
    .filter((order) => until(order) - from(order) <= maxQueueWaitMs);
  return episodes(queued, from, until, gapMs).map((episode) => {
    const end = Math.max(...episode.map(until));
    const ids = episode.map((order) => order.orderId);
    return {
      provider: MERCHANT_SERVER,
      cause: 'unreachable',
      causes: { unreachable: episode.length },
      start: iso(from(episode[0]!)),
      end: iso(end),
      // `end` is when the last of these orders got through: the API was answering again.
      ongoing: false,
      incidents: 0,
      ordersAffected: ids,
      // They kept the method the shopper chose; the queue is what kept them.
      ordersThroughOtherMethod: [],
      ordersQueued: ids,
      amountKept: amountsOf(episode),
    };
  });
}

/** The report for these incidents and orders (what `GET /report` reads from the stores). */
export function outageReport(
  incidents: readonly StoredIncident[],
  orders: readonly DashboardOrder[],
  { now, gapMs = DEFAULT_OUTAGE_GAP_MS, maxQueueWaitMs = DEFAULT_MAX_QUEUE_WAIT_MS, since = null }: OutageReportOptions,
): OutageReport {
  const byId = new Map(orders.map((order) => [order.orderId, order]));
  const options = { now, gapMs, maxQueueWaitMs };
  const outages = [...providerOutages(incidents, byId, options), ...merchantServerOutages(orders, options)]
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || (a.provider < b.provider ? -1 : 1));
  return { generatedAt: iso(now), since, outages };
}

export const OUTAGE_CSV_COLUMNS = [
  'provider', 'cause', 'start', 'end', 'ongoing', 'incidents',
  'orders_affected', 'orders_other_method', 'orders_queued', 'amount_kept',
] as const;

/** `99.80 EUR; 1500 JPY`: decimals as the currency has them, for a person reading the sheet. */
function amountText(amounts: readonly MoneyAmount[]): string {
  return amounts.map(({ amount, currency }) => `${toDecimalString(amount, currency)} ${currency}`).join('; ');
}

/** One row per outage; the order columns are counts (the JSON has the ids). */
export function outageReportCsv(report: OutageReport): string {
  const rows = report.outages.map((outage) => [
    outage.provider, outage.cause, outage.start, outage.end, String(outage.ongoing), String(outage.incidents),
    String(outage.ordersAffected.length), String(outage.ordersThroughOtherMethod.length),
    String(outage.ordersQueued.length), amountText(outage.amountKept),
  ]);
  return toCsv([OUTAGE_CSV_COLUMNS, ...rows]);
}
