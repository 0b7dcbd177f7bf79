/**
 * The order queue (after Workbox's `Queue`): the one public object over the store, the record
 * rules and delivery. The page and the service worker each build one over the same database;
 * they coordinate through per-order Web Locks only, never through messages, so either side
 * may die at any moment without losing or doubling an order.
 *
 * A backlog is delivered in batches: the batch's locks are taken in one round, its records read
 * in one transaction, marked `delivering` in one and settled in one. Per order, only the request
 * itself is left; a batch of 1,000 orders costs a few dozen transactions instead of thousands.
 */
import { DELIVERY_TIMEOUT_MS, backoffDelay, postOrder, applyOutcome, type DeliveryOutcome } from './delivery.js';
import { holdLocks, deliveryLock, type DeliveryLock } from './delivery-lock.js';
import {
  RETENTION_MS, createRecord, isDue, isExpired, isStale, isAwaitingDelivery, markDelivering, markExpired,
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
/**
 * Orders locked, read and written together. Larger batches save transactions; smaller ones tell
 * the page sooner (a batch's orders are announced when it ends) and leave more of a backlog to
 * whoever replays from its other end.
 */
export const BATCH_SIZE = 48;

/**
 * `items` cut into batches that start at `first` and double up to `max`. A batch's requests leave
 * only once all of its locks are taken and its records read and marked: on a busy machine that
 * is a noticeable wait for 48 orders, so the first batch is only as large as what is sent at once,
 * and the batches grow while the requests already sent keep the connections busy.
 */
export function batchesOf<T>(items: readonly T[], first: number, max = BATCH_SIZE): T[][] {
  const batches: T[][] = [];
  let size = Math.max(1, Math.min(first, max));
  for (let start = 0; start < items.length; start += size, size = Math.min(max, size * 2)) {
    batches.push(items.slice(start, start + size));
  }
  return batches;
}

const byNextAttempt = (a: OrderRecord, b: OrderRecord) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt;

async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs at most `limit` tasks at once, in the order they were asked for. */
function limiter(limit: number): Limiter {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (active < limit) active += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // the slot is handed over
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
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
    const batches = batchesOf(candidates, this.concurrency);
    // Two batches at a time over one pool of requests: while one batch writes its outcomes and
    // tells the pages, the next one's requests keep the pool full.
    const requests = limiter(this.concurrency);
    await eachLimited(batches, 2, async (batch) => {
      const orderIds = batch
        .filter((candidate) => isExpired(candidate, now, this.retentionMs) || !this.isBackingOff(candidate.endpoint, now))
        .map((candidate) => candidate.orderId);
      if (orderIds.length === 0) return;
      await this.notifyAll(await this.deliverBatch(orderIds, now, options, summary, requests));
    });

    for (const record of await this.store.all()) {
      if (!isAwaitingDelivery(record)) continue;
      summary.waiting += 1;
      const at = Math.max(record.nextAttemptAt, this.blocked.get(record.endpoint)?.until ?? 0);
      summary.nextAttemptAt = Math.min(summary.nextAttemptAt ?? at, at);
    }
    return summary;
  }

  /** Removes a delivered record once a page has shown it; anything else stays. */
  async acknowledge(orderId: string): Promise<boolean> {
    return (await this.acknowledgeMany([orderId])).length === 1;
  }

  /**
   * `acknowledge` for many orders in one transaction; resolves with the ids removed. No lock
   * needed: the read and the delete share a transaction, and nobody sends a delivered order again.
   */
  acknowledgeMany(orderIds: readonly string[]): Promise<string[]> {
    return orderIds.length === 0 ? Promise.resolve([]) : this.store.removeDelivered(orderIds);
  }

  /**
   * Delivers the due records of `orderIds` whose lock it gets, holding their locks until their
   * outcome is written. The state is read again under the locks: the list it came from is stale.
   */
  private async deliverBatch(
    orderIds: string[], now: number, options: DueOptions, summary: ReplaySummary, requests: Limiter,
  ): Promise<QueueChange[]> {
    const locks = await holdLocks(this.lock, orderIds);
    summary.busy.push(...locks.busy);
    const changes: QueueChange[] = [];
    try {
      const started: OrderRecord[] = [];
      const sends: Array<{ before: OrderRecord; delivering: OrderRecord }> = [];
      for (const current of await this.store.getMany(locks.held)) {
        if (!current || !isAwaitingDelivery(current)) continue;
        if (isExpired(current, now, this.retentionMs)) {
          const expired = markExpired(current, Date.now());
          started.push(expired);
          changes.push({ type: 'expired', record: expired });
        } else if (isDue(current, now, options)) {
          // `delivering` here means the last holder died mid-request; the same key makes a resend safe.
          const delivering = markDelivering(current, Date.now(), this.timeoutMs + LEASE_MARGIN_MS);
          started.push(delivering);
          sends.push({ before: current, delivering });
        }
      }
      if (started.length === 0) return changes;
      // Written before any request leaves: a later holder finding `delivering` sends again, same key.
      await this.store.putMany(started);

      const settled: OrderRecord[] = [];
      await Promise.all(sends.map(({ before, delivering }) => requests(async () => {
        // The endpoint failed on another order meanwhile: this one stays as it was, unsent.
        if (this.isBackingOff(delivering.endpoint, now)) return void settled.push(before);
        const result = await this.send(delivering);
        settled.push(result.record);
        if (result.type === 'retried') summary.retried += 1;
        else {
          summary[result.type] += 1;
          changes.push({ type: result.type, record: result.record });
        }
      })));
      await this.store.putMany(settled);
      summary.expired += changes.filter((change) => change.type === 'expired').length;
      return changes;
    } finally {
      locks.release();
    }
  }

  /** One request for one order, under its lock; what it did to the endpoint's backoff is kept. */
  private async send(delivering: OrderRecord): Promise<{ type: 'delivered' | 'failed' | 'retried'; record: OrderRecord }> {
    const outcome: DeliveryOutcome = await postOrder(delivering, {
      ...(this.fetch ? { fetch: this.fetch } : {}),
      timeoutMs: this.timeoutMs,
    });
    const settledAt = Date.now();
    const record = applyOutcome(delivering, outcome, settledAt, this.random);
    if (outcome.kind === 'retry') {
      const failures = (this.blocked.get(record.endpoint)?.failures ?? 0) + 1;
      const until = Math.max(record.nextAttemptAt, settledAt + backoffDelay(failures, this.random));
      this.blocked.set(record.endpoint, { until, failures, answered: outcome.error.code === 'http' });
      return { type: 'retried', record };
    }
    this.blocked.delete(record.endpoint); // it answered: whatever else waits for it may go
    return { type: outcome.kind === 'delivered' ? 'delivered' : 'failed', record };
  }

  /** Every listener hears of every change; calls are not awaited one by one, so a listener can batch. */
  private async notifyAll(changes: readonly QueueChange[]): Promise<void> {
    await Promise.all(changes.map((change) => this.notify(change)));
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
