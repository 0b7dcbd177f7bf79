/**
 * The order queue (after Workbox's `Queue`): the one public object over the store, the record
 * rules and delivery. The page and the service worker each build one over the same database;
 * they coordinate through per-order Web Locks only, never through messages, so either side
 * may die at any moment without losing or doubling an order.
 */
import { DELIVERY_TIMEOUT_MS, backoffDelay, postOrder, applyOutcome, type DeliveryOutcome } from './delivery.js';
import { deliveryLock, type DeliveryLock } from './delivery-lock.js';
import {
  DeliveryStatus, RETENTION_MS, createRecord, isDue, isExpired, isStale, isAwaitingDelivery, markDelivering, markExpired,
  type DueOptions, type OrderRecord,
} from './order-record.js';
import type { RecordStore } from './record-store.js';

export interface OrderQueueOptions {
  store: RecordStore;
  lock?: DeliveryLock;
  fetch?: typeof fetch;
  /** Per request; a request past it counts as a network error. */
  timeoutMs?: number;
  /** Orders in flight at once (each order is still sent by one holder at a time). */
  concurrency?: number;
  /**
   * Takes due orders newest first. A page beside a service worker replays with it: both then work
   * through a backlog from opposite ends and meet in the middle, instead of queueing on the same
   * orders' locks one behind the other.
   */
  newestFirst?: boolean;
  retentionMs?: number;
  random?: () => number;
}

export type QueueChangeType = 'queued' | 'delivered' | 'failed' | 'expired';
export interface QueueChange {
  type: QueueChangeType;
  record: OrderRecord;
}
export type QueueListener = (change: QueueChange) => void | Promise<void>;

export type EnqueueResult =
  | { ok: true; record: OrderRecord; created: boolean }
  | { ok: false; code: 'sensitive-data' | 'invalid-order' | 'storage-failed'; field?: string };

export interface ReplaySummary {
  delivered: number;
  failed: number;
  expired: number;
  /** Attempts that ended in a retryable error. */
  retried: number;
  /** Records still waiting (pending or delivering) after this pass. */
  waiting: number;
  /** When the earliest waiting record may be tried again; undefined when none waits. */
  nextAttemptAt: number | undefined;
  /** Orders skipped because their lock was held elsewhere (being delivered or paid there). */
  busy: string[];
}

// A delivery that outlives its request timeout by this much was interrupted: its holder died.
const LEASE_MARGIN_MS = 5000;

const byNextAttempt = (a: OrderRecord, b: OrderRecord) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt;

async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

export class OrderQueue {
  readonly store: RecordStore;
  private readonly lock: DeliveryLock;
  private readonly fetch: typeof fetch | undefined;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly newestFirst: boolean;
  private readonly retentionMs: number;
  private readonly random: () => number;
  private readonly listeners = new Set<QueueListener>();
  /**
   * Endpoint -> until when nothing more is sent there, after how many failures in a row, and
   * whether the server answered (5xx, 429) or not at all. A retryable failure holds back the
   * endpoint's other orders, for a backoff that grows with the endpoint's failures, not with
   * one order's: a merchant that is down gets one probe per step however many orders wait.
   */
  private readonly blocked = new Map<string, { until: number; failures: number; answered: boolean }>();

  constructor(options: OrderQueueOptions) {
    this.store = options.store;
    this.lock = options.lock ?? deliveryLock();
    this.fetch = options.fetch;
    this.timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
    this.concurrency = options.concurrency ?? 6;
    this.newestFirst = options.newestFirst ?? false;
    this.retentionMs = options.retentionMs ?? RETENTION_MS;
    this.random = options.random ?? Math.random;
  }

  /** Whether this queue holds back orders to `endpoint` until a backoff ends (it failed on the last try). */
  isBackingOff(endpoint: string, now = Date.now()): boolean {
    return (this.blocked.get(endpoint)?.until ?? 0) > now;
  }

  /** Listeners run after the order's lock is released, so one may call `acknowledge()`. */
  subscribe(listener: QueueListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Keeps an order to deliver to `endpoint` (an absolute URL). The same orderId twice keeps the
   * first record: a retry from the page never replaces an order already on its way.
   */
  async enqueue(order: unknown, endpoint: string, now = Date.now()): Promise<EnqueueResult> {
    const check = createRecord(order, endpoint, now);
    if (!check.ok) return check.field === undefined ? { ok: false, code: check.code } : check;
    let added: { record: OrderRecord; created: boolean };
    try {
      added = await this.store.add(check.record);
    } catch {
      return { ok: false, code: 'storage-failed' };
    }
    if (added.created) await this.notify({ type: 'queued', record: added.record });
    return { ok: true, ...added };
  }

  /** Every record, oldest first: waiting, delivered but not yet acknowledged, failed, expired. */
  async list(): Promise<OrderRecord[]> {
    return (await this.store.all()).sort((a, b) => a.createdAt - b.createdAt);
  }

  /**
   * One pass: expires what is past retention, removes settled records nobody collected, and
   * delivers every due record it can lock (a record locked elsewhere is being delivered or paid
   * there; the next pass looks again).
   */
  async replay(now = Date.now(), options: DueOptions = {}): Promise<ReplaySummary> {
    for (const [endpoint, block] of this.blocked) {
      if (options.ignoreBackoff === true || (options.ignoreBackoff === 'network' && !block.answered)) this.blocked.delete(endpoint);
    }
    const summary: ReplaySummary = { delivered: 0, failed: 0, expired: 0, retried: 0, waiting: 0, nextAttemptAt: undefined, busy: [] };
    const records = await this.store.all();

    for (const stale of records.filter((record) => isStale(record, now, this.retentionMs))) {
      await this.lock(stale.orderId, async () => {
        const current = await this.store.get(stale.orderId);
        if (current && isStale(current, now, this.retentionMs)) await this.store.delete(stale.orderId);
      });
    }

    const candidates = records
      .filter((record) => isExpired(record, now, this.retentionMs) || isDue(record, now, options))
      .sort(byNextAttempt);
    if (this.newestFirst) candidates.reverse();
    await eachLimited(candidates, this.concurrency, async (candidate) => {
      if (!isExpired(candidate, now, this.retentionMs) && this.isBackingOff(candidate.endpoint, now)) return;
      let locked = false;
      const result = await this.lock(candidate.orderId, () => {
        locked = true;
        return this.attempt(candidate.orderId, now, options);
      });
      if (!locked) summary.busy.push(candidate.orderId);
      if (!result) return;
      if (result === 'retried') summary.retried += 1;
      else {
        summary[result.type === 'delivered' ? 'delivered' : result.type === 'failed' ? 'failed' : 'expired'] += 1;
        await this.notify(result);
      }
    });

    for (const record of await this.store.all()) {
      if (!isAwaitingDelivery(record)) continue;
      summary.waiting += 1;
      const at = Math.max(record.nextAttemptAt, this.blocked.get(record.endpoint)?.until ?? 0);
      summary.nextAttemptAt = Math.min(summary.nextAttemptAt ?? at, at);
    }
    return summary;
  }

  /**
   * Removes a delivered record once a page has shown it; anything else stays. False when the
   * order's lock is busy: the record stays `delivered` and is acknowledged on a later pass.
   */
  async acknowledge(orderId: string): Promise<boolean> {
    const removed = await this.lock(orderId, async () => {
      const current = await this.store.get(orderId);
      if (current?.status !== DeliveryStatus.Delivered) return false;
      await this.store.delete(orderId);
      return true;
    });
    return removed ?? false;
  }

  /** Runs under the order's lock. The state is read again here: the list it came from is stale. */
  private async attempt(orderId: string, now: number, options: DueOptions): Promise<QueueChange | 'retried' | undefined> {
    const current = await this.store.get(orderId);
    if (!current || !isAwaitingDelivery(current)) return undefined;
    if (isExpired(current, now, this.retentionMs)) {
      const expired = markExpired(current, Date.now());
      await this.store.put(expired);
      return { type: 'expired', record: expired };
    }
    // `delivering` here means the last holder died mid-request; the same key makes a resend safe.
    if (!isDue(current, now, options)) return undefined;

    const delivering = markDelivering(current, Date.now(), this.timeoutMs + LEASE_MARGIN_MS);
    await this.store.put(delivering);
    const outcome: DeliveryOutcome = await postOrder(delivering, {
      ...(this.fetch ? { fetch: this.fetch } : {}),
      timeoutMs: this.timeoutMs,
    });
    const settledAt = Date.now();
    const settled = applyOutcome(delivering, outcome, settledAt, this.random);
    await this.store.put(settled);

    if (outcome.kind === 'retry') {
      const failures = (this.blocked.get(settled.endpoint)?.failures ?? 0) + 1;
      const until = Math.max(settled.nextAttemptAt, settledAt + backoffDelay(failures, this.random));
      this.blocked.set(settled.endpoint, { until, failures, answered: outcome.error.code === 'http' });
      return 'retried';
    }
    this.blocked.delete(settled.endpoint); // it answered: whatever else waits for it may go
    return { type: outcome.kind === 'delivered' ? 'delivered' : 'failed', record: settled };
  }

  private async notify(change: QueueChange): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(change);
      } catch {
        // A listener's bug must not stop deliveries; the record itself is already safe.
      }
    }
  }
}
