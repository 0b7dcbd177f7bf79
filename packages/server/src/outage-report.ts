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

/**
 * What the report reads of an order: a dashboard order without its payment reference, which no
 * part of the report shows (the stores read these columns alone, see report-orders.ts).
 */
export type ReportOrder = Omit<DashboardOrder, 'paymentReference'>;

/** The `provider` of an outage of the merchant API itself. */
export const MERCHANT_SERVER = 'merchant-server';
/** The kind of incident a page reports when the merchant's own API failed it (not a provider). */
export const MERCHANT_UNAVAILABLE = 'merchant-unavailable';
/** Incidents (or queued orders) further apart than this belong to two outages. */
export const DEFAULT_OUTAGE_GAP_MS = 5 * 60_000;
/** The longest an order may have waited in the queue and still count as a merchant-server outage. */
export const DEFAULT_MAX_QUEUE_WAIT_MS = 60 * 60_000;
/**
 * How late the page's queue may deliver an order after the merchant API answers again: its
 * backoff between attempts grows to 5 minutes (`BACKOFF_CAP_MS` of @relais/service-worker).
 */
export const DEFAULT_QUEUE_LAG_MS = 5 * 60_000;

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
  /** How many incidents of each kind; for the merchant server, also `{unreachable: orders queued}`. */
  causes: Record<string, number>;
  /** ISO 8601: the first failure seen (incident, or order queued). */
  start: string;
  /**
   * ISO 8601: the last failure seen. For the merchant server, the moment it is known to answer
   * again when that comes sooner: the first order it recorded after a queued order's wait began.
   */
  end: string;
  /**
   * Only while the failures continue: no success since the last one (an order paid or recorded
   * through that method; for the merchant server, any order recorded) and less than the gap since it.
   */
  ongoing: boolean;
  /** ISO 8601: the first success after `end`, which ended the outage; absent when none came yet. */
  recoveredAt?: string;
  /** Incident beacons received. */
  incidents: number;
  /** Order ids the incidents name (and, for the merchant server, the orders queued). */
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
  /**
   * ISO 8601, only when the period goes on past this page (`GET /report` reads a bounded page):
   * the report covers what was received before it, and the next page (`Link: rel="next"`)
   * starts there. An outage that spans it continues on the next page.
   */
  until?: string;
  /** Every provider's outages, by start. */
  outages: Outage[];
  /**
   * Orders the queue delivered that the shopper's own connection explains, not the merchant
   * API: the API recorded other orders while they waited, or they waited longer than an hour.
   */
  shopperOffline: string[];
}

export interface OutageReportOptions {
  /** Epoch ms, for `generatedAt` and `ongoing`. */
  now: number;
  gapMs?: number;
  /**
   * Queued orders that waited longer than this (default 1 hour) between `queuedAt` and
   * `createdAt` are left out of the merchant-server outages: such a wait is the shopper's
   * connection (a laptop closed for days), and one of them would swallow every real outage it
   * spans. They are listed in `shopperOffline`, and by `GET /orders` with their `queuedAt`.
   */
  maxQueueWaitMs?: number;
  /** How late the queue may deliver after the API is back (default 5 minutes, its backoff cap). */
  queueLagMs?: number;
  since?: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

interface Timing {
  now: number;
  gapMs: number;
  maxQueueWaitMs: number;
  queueLagMs: number;
}

/** One piece of evidence of a failure: when it began, when it is last known to hold. */
interface Failure<T> {
  item: T;
  from: number;
  until: number;
}

/**
 * Failures sorted by start, split where one starts more than `gapMs` after the episode so far
 * ends, or after a success (`successes`, sorted epoch ms) that came in between: a method that
 * worked again ended its outage, whatever failed next is another one.
 */
function episodes<T>(failures: readonly Failure<T>[], successes: readonly number[], gapMs: number): Failure<T>[][] {
  const sorted = [...failures].sort((a, b) => a.from - b.from);
  const groups: Failure<T>[][] = [];
  let groupEnd = -Infinity;
  for (const failure of sorted) {
    const worked = (firstAfter(successes, groupEnd) ?? Infinity) < failure.from;
    if (failure.from - groupEnd > gapMs || worked) groups.push([]);
    groups.at(-1)!.push(failure);
    groupEnd = Math.max(groupEnd, failure.until);
  }
  return groups;
}

/** The first of `sorted` (epoch ms) strictly after `end`, or undefined: a binary search. */
function firstAfter(sorted: readonly number[], end: number): number | undefined {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! > end) high = middle;
    else low = middle + 1;
  }
  return sorted[low];
}

function amountsOf(orders: readonly ReportOrder[]): MoneyAmount[] {
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

/** When the order last moved (paid, or moved to its method); its creation for older data. */
const movedAt = (order: ReportOrder) => Date.parse(order.updatedAt ?? order.createdAt);

/**
 * When a method worked, sorted: an order verified paid through it (or refunded since), or, for
 * bank transfer, an order that took its instructions (the method's whole job).
 */
function successesOf(provider: string, orders: readonly ReportOrder[]): number[] {
  const worked = (order: ReportOrder) =>
    order.method === provider
    && (order.status === 'paid' || order.status === 'refunded' || (provider === 'bank-transfer' && order.status === 'pending-payment'));
  return orders.filter(worked).map(movedAt).sort((a, b) => a - b);
}

function ongoingOf(end: number, recoveredAt: number | undefined, { now, gapMs }: Timing): Pick<Outage, 'ongoing' | 'recoveredAt'> {
  if (recoveredAt !== undefined) return { ongoing: false, recoveredAt: iso(recoveredAt) };
  return { ongoing: now - end < gapMs };
}

function providerOutage(
  provider: string,
  episode: readonly Failure<StoredIncident>[],
  orders: ReadonlyMap<string, ReportOrder>,
  successes: readonly number[],
  timing: Timing,
): Outage {
  const incidents = episode.map((failure) => failure.item);
  const affected = [...new Set(incidents.map((incident) => incident.orderId))];
  const known = affected.flatMap((orderId) => orders.get(orderId) ?? []);
  const otherMethod = known.filter((order) => order.method !== provider);
  const end = episode.at(-1)!.until;
  return {
    provider,
    ...tally(incidents.map((incident) => incident.kind)),
    start: iso(episode[0]!.from),
    end: iso(end),
    ...ongoingOf(end, firstAfter(successes, end), timing),
    incidents: incidents.length,
    ordersAffected: affected,
    ordersThroughOtherMethod: otherMethod.map((order) => order.orderId),
    ordersQueued: known.filter((order) => order.queuedAt !== undefined).map((order) => order.orderId),
    amountKept: amountsOf(otherMethod),
  };
}

function providerOutages(
  incidents: readonly StoredIncident[],
  orders: readonly ReportOrder[],
  byId: ReadonlyMap<string, ReportOrder>,
  timing: Timing,
): Outage[] {
  // Declines, rejected orders and config errors say nothing about a provider being down; nor
  // does the merchant's own API failing, whichever method the shopper was on.
  const technical = incidents.filter((incident) => TECHNICAL_KINDS.includes(incident.kind) && incident.kind !== MERCHANT_UNAVAILABLE);
  const providers = [...new Set(technical.map((incident) => incident.provider))];
  return providers.flatMap((provider) => {
    const successes = successesOf(provider, orders);
    const failures = technical
      .filter((incident) => incident.provider === provider)
      .map((item) => ({ item, from: Date.parse(item.receivedAt), until: Date.parse(item.receivedAt) }));
    return episodes(failures, successes, timing.gapMs).map((episode) => providerOutage(provider, episode, byId, successes, timing));
  });
}

type QueuedOrder = ReportOrder & { queuedAt: string };
type MerchantEvidence = { incident: StoredIncident } | { order: QueuedOrder };

/**
 * Which queued orders are evidence of the merchant API being down, and which the shopper's
 * connection explains. From here both look alike: an order queued at `queuedAt` and recorded at
 * `createdAt`. What tells them apart is the rest of the traffic. While the API is down nobody's
 * order gets through, so a queued order counts as the API's outage only when
 *  - the page reported `merchant-unavailable` for it (its shop answered 5xx/429 or timed out), or
 *  - the API recorded no other order during its wait, up to the queue's lag (`queueLagMs`): once
 *    the API is back, new orders arrive at once while the queue waits out its backoff.
 * An order that waited longer than `maxQueueWaitMs` is always the shopper's (a closed laptop).
 * A lone shopper offline while nobody else orders cannot be told apart this way: it counts.
 */
function classifyQueued(
  orders: readonly ReportOrder[],
  reported: ReadonlySet<string>,
  { maxQueueWaitMs, queueLagMs }: Timing,
): { evidence: QueuedOrder[]; offline: QueuedOrder[] } {
  const recorded = orders.map((order) => Date.parse(order.createdAt)).sort((a, b) => a - b);
  const evidence: QueuedOrder[] = [];
  const offline: QueuedOrder[] = [];
  for (const order of orders) {
    if (order.queuedAt === undefined) continue;
    const queued = order as QueuedOrder;
    const from = Date.parse(queued.queuedAt);
    const delivered = Date.parse(queued.createdAt);
    // Its own `createdAt` is `delivered`, never before `delivered - queueLagMs`.
    const othersGotThrough = (firstAfter(recorded, from) ?? Infinity) < delivered - queueLagMs;
    const merchant = delivered - from <= maxQueueWaitMs && (reported.has(queued.orderId) || !othersGotThrough);
    (merchant ? evidence : offline).push(queued);
  }
  return { evidence, offline };
}

/**
 * When a page's `merchant-unavailable` happened: the page's clock, kept between an hour before
 * the server received it and that moment (a beacon may arrive late, a clock may be wrong).
 */
function incidentTime(incident: StoredIncident, maxQueueWaitMs: number): number {
  const received = Date.parse(incident.receivedAt);
  return Math.min(received, Math.max(Date.parse(incident.at), received - maxQueueWaitMs));
}

/**
 * The merchant API's own outages, from the pages' `merchant-unavailable` incidents and the
 * queued orders that are evidence of it (see `classifyQueued`). Every order the API recorded is
 * a success: it was answering then.
 */
function merchantServerOutages(
  incidents: readonly StoredIncident[],
  orders: readonly ReportOrder[],
  byId: ReadonlyMap<string, ReportOrder>,
  timing: Timing,
): { outages: Outage[]; offline: string[] } {
  const failed = incidents.filter((incident) => incident.kind === MERCHANT_UNAVAILABLE);
  const { evidence, offline } = classifyQueued(orders, new Set(failed.map((incident) => incident.orderId)), timing);
  const successes = orders.map((order) => Date.parse(order.createdAt)).sort((a, b) => a - b);
  const failures: Failure<MerchantEvidence>[] = [
    ...failed.map((incident) => {
      const at = incidentTime(incident, timing.maxQueueWaitMs);
      return { item: { incident }, from: at, until: at };
    }),
    ...evidence.map((order) => {
      const from = Date.parse(order.queuedAt);
      // Down since it was queued, and up again by the first order recorded after that.
      const until = Math.max(from, Math.min(Date.parse(order.createdAt), firstAfter(successes, from) ?? Infinity));
      return { item: { order }, from, until };
    }),
  ];
  const outages = episodes(failures, successes, timing.gapMs).map((episode) => {
    const episodeIncidents = episode.flatMap(({ item }) => ('incident' in item ? [item.incident] : []));
    const queued = episode.flatMap(({ item }) => ('order' in item ? [item.order] : []));
    const queuedIds = queued.map((order) => order.orderId);
    const end = Math.max(...episode.map((failure) => failure.until));
    const causes = tally([...episodeIncidents.map((incident) => incident.kind), ...queued.map(() => 'unreachable')]).causes;
    const affected = [...new Set([...episodeIncidents.map((incident) => incident.orderId), ...queuedIds])];
    return {
      provider: MERCHANT_SERVER,
      cause: 'unreachable',
      causes,
      start: iso(episode[0]!.from),
      end: iso(end),
      // An order recorded at `end` itself (a queued delivery) already shows the API answers.
      ...ongoingOf(end, firstAfter(successes, end - 1), timing),
      incidents: episodeIncidents.length,
      ordersAffected: affected,
      // They kept the method the shopper chose; the queue is what kept them.
      ordersThroughOtherMethod: [],
      ordersQueued: affected.filter((id) => byId.get(id)?.queuedAt !== undefined),
      amountKept: amountsOf(affected.flatMap((id) => {
        const order = byId.get(id);
        return order?.queuedAt !== undefined ? [order] : [];
      })),
    };
  });
  return { outages, offline: offline.map((order) => order.orderId) };
}

/** The report for these incidents and orders (what `GET /report` reads from the stores). */
export function outageReport(
  incidents: readonly StoredIncident[],
  orders: readonly ReportOrder[],
  options: OutageReportOptions,
): OutageReport {
  const { now, since = null } = options;
  const timing: Timing = {
    now,
    gapMs: options.gapMs ?? DEFAULT_OUTAGE_GAP_MS,
    maxQueueWaitMs: options.maxQueueWaitMs ?? DEFAULT_MAX_QUEUE_WAIT_MS,
    queueLagMs: options.queueLagMs ?? DEFAULT_QUEUE_LAG_MS,
  };
  const byId = new Map(orders.map((order) => [order.orderId, order]));
  const merchant = merchantServerOutages(incidents, orders, byId, timing);
  const outages = [...providerOutages(incidents, orders, byId, timing), ...merchant.outages]
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || (a.provider < b.provider ? -1 : 1));
  return { generatedAt: iso(now), since, outages, shopperOffline: merchant.offline };
}

export const OUTAGE_CSV_COLUMNS = [
  'provider', 'cause', 'start', 'end', 'ongoing', 'incidents',
  'orders_affected', 'orders_other_method', 'orders_queued', 'amount_kept', 'recovered_at',
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
    String(outage.ordersQueued.length), amountText(outage.amountKept), outage.recoveredAt ?? '',
  ]);
  return toCsv([OUTAGE_CSV_COLUMNS, ...rows]);
}
