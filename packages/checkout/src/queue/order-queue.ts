/**
 * The page side of the order queue (docs/design.md, "The queue"). One object whatever the
 * browser offers:
 *
 * - `service-worker`: IndexedDB and a registered worker (`swUrl`), which keeps delivering after
 *   the tab closes (Background Sync in Chromium) and on its next start elsewhere;
 * - `page`: IndexedDB without a worker (no `swUrl`, insecure origin, registration refused): the
 *   page delivers while open and the next visit catches up;
 * - `memory`: no IndexedDB at all (blocked storage, some private modes): delivered while the
 *   page lives, lost with it — the element must warn the shopper.
 *
 * In every mode the page replays too (load, `online`, a timer on the next attempt, `flush()`):
 * per-order Web Locks shared with the worker make page and worker safe to run at once.
 * Lazy-loaded by the element: not part of the core bundle.
 */
import { OrderQueue, type EnqueueResult, type QueueChange } from '@relais/service-worker/queue.js';
import { DeliveryStatus, isAwaitingDelivery, type BackoffOverride, type OrderRecord } from '@relais/service-worker/order-record.js';
import { memoryRecordStore as memoryOrderStore, openRecordStore as openOrderStore, type RecordStore as OrderStore } from '@relais/service-worker/record-store.js';
import { orderLockName as lockName } from '@relais/contracts';
import type { OrderDeliveryMessage } from '@relais/service-worker/messages.js';
import type { ReactiveControllerHost } from 'lit';
import type { Order } from '../order.js';
import type { QueueCallbacks, QueueController } from './queue-controller.js';
import { Batcher } from './batcher.js';
import { linkServiceWorker, type WorkerLink } from './worker-link.js';

export type { EnqueueResult } from '@relais/service-worker/queue.js';
export type { OrderRecord } from '@relais/service-worker/order-record.js';

export const QueueMode = {
  ServiceWorker: 'service-worker',
  Page: 'page',
  Memory: 'memory',
} as const;
export type QueueMode = (typeof QueueMode)[keyof typeof QueueMode];

/** `failed` covers refused (4xx) and expired (past retention) orders: `record.status` tells which. */
export type PageQueueEvent = 'queued' | 'delivered' | 'failed';

export interface OrderQueueConfig {
  /** The merchant API base (`endpoint` attribute), resolved against the page. */
  endpoint: string;
  /** The queue's service worker (`sw-url`); absent: page-only queue. */
  swUrl?: string;
  swScope?: string;
  /** Aborting closes the queue (the element disconnected): timers and listeners go. */
  signal?: AbortSignal;
}

export interface PageQueue {
  readonly mode: QueueMode;
  /** Stores the order and starts delivering it. Never rejects: refusals are results. */
  enqueue(order: Order): Promise<EnqueueResult>;
  /** Orders not delivered yet (pending or being delivered), oldest first. */
  pending(): Promise<OrderRecord[]>;
  /** Every record still held, failed and expired ones included. */
  list(): Promise<OrderRecord[]>;
  /** Delivers everything due now, backoff aside (`Retry-After` still honoured). */
  flush(): Promise<void>;
  /**
   * Each order is announced once per page and state. Orders settled while no page was open are
   * announced when a listener subscribes; a delivered record is removed only once announced.
   */
  on(type: PageQueueEvent, listener: (record: OrderRecord) => void): () => void;
  close(): void;
}

const MIN_TIMER_MS = 100;
// Backoff is capped at 5 minutes; waking at least that often also re-reads a far `Retry-After`.
const MAX_TIMER_MS = 5 * 60 * 1000;
// After a pass that failed on storage itself (quota, a closed database), try again later.
const AFTER_ERROR_MS = 30_000;

/** Requests merged into one pass get the strongest override asked for: true > 'network' > false. */
const strongest = (a: BackoffOverride, b: BackoffOverride): BackoffOverride => (a === true || b === true ? true : a || b);

function eventFor(record: OrderRecord): PageQueueEvent {
  if (record.status === DeliveryStatus.Delivered) return 'delivered';
  if (record.status === DeliveryStatus.Failed || record.status === DeliveryStatus.Expired) return 'failed';
  return 'queued';
}

/**
 * What became of an order that was not delivered: expired, refused, or refused because the order
 * is paid already (`409 already-paid`: another tab or device paid it while this one kept it).
 */
export const failedState = (record: OrderRecord): 'expired' | 'failed' | 'paid' =>
  record.status === DeliveryStatus.Expired ? 'expired' : record.lastError?.message === 'already-paid' ? 'paid' : 'failed';

class PageOrderQueue implements PageQueue {
  private readonly listeners: Record<PageQueueEvent, Set<(record: OrderRecord) => void>> = {
    queued: new Set(),
    delivered: new Set(),
    failed: new Set(),
  };
  /** `orderId:status` already announced by this page. */
  private readonly told = new Set<string>();
  /** Orders being delivered elsewhere whose lock this page waits on. */
  private readonly watched = new Set<string>();
  private readonly closing = new AbortController();
  private link: WorkerLink | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private running = false;
  private request: { ignoreBackoff: BackoffOverride; waiters: Array<() => void> } | undefined;
  private readonly onOnline = () => void this.run('network');
  /** Delivered orders this page was told of, removed together. */
  private readonly acks = new Batcher<string>(async (orderIds) => void (await this.queue.acknowledgeMany(orderIds).catch(() => [])));
  private readonly news = new Batcher<string>(async (orderIds) => {
    const records = await this.queue.store.getMany(orderIds).catch(() => []);
    await Promise.all(records.map((record) => record && this.announce(record)));
  });

  constructor(
    readonly mode: QueueMode,
    private readonly queue: OrderQueue,
    private readonly endpoint: string,
  ) {
    queue.subscribe((change: QueueChange) => this.announce(change.record));
    globalThis.addEventListener?.('online', this.onOnline);
  }

  attach(link: WorkerLink | undefined): void {
    this.link = link;
  }

  async enqueue(order: Order): Promise<EnqueueResult> {
    const result = await this.queue.enqueue(order, this.endpoint);
    if (result.ok && result.created && !this.closed) {
      // Now, not after the page's own attempt: the shopper may navigate away this very moment.
      // Background Sync has the browser wake the worker even with no tab left; without it, the
      // worker is asked directly and keeps going for a while after the tab is gone.
      void this.link?.requestSync().then((registered) => registered || this.link?.askReplay(false));
      // Merchant known to be down: the timer set for the end of its backoff covers this order too.
      if (!this.queue.isBackingOff(result.record.endpoint)) void this.run(false);
    }
    return result;
  }

  async pending(): Promise<OrderRecord[]> {
    return (await this.list()).filter(isAwaitingDelivery);
  }

  async list(): Promise<OrderRecord[]> {
    try {
      return await this.queue.list();
    } catch {
      return [];
    }
  }

  flush(): Promise<void> {
    return this.run(true);
  }

  on(type: PageQueueEvent, listener: (record: OrderRecord) => void): () => void {
    this.listeners[type].add(listener);
    void this.announceAll();
    return () => this.listeners[type].delete(listener);
  }

  close(): void {
    this.closed = true;
    this.closing.abort();
    clearTimeout(this.timer);
    globalThis.removeEventListener?.('online', this.onOnline);
    this.link?.close();
  }

  /**
   * The worker settled an order: read it back from the store (the message may be stale). The
   * news of one worker batch arrives together and is read back in one transaction.
   */
  onWorkerNews({ orderId }: OrderDeliveryMessage): Promise<void> {
    return this.news.add(orderId);
  }

  /**
   * Everything in the store, announced to whoever listens: orders from earlier visits, and any
   * the worker settled while its message was lost (a worker can be stopped between the two).
   */
  async announceAll(): Promise<void> {
    const records = await this.list();
    for (const record of records) if (record.status === DeliveryStatus.Delivering) this.watch(record.orderId);
    await Promise.all(records.map((record) => this.announce(record)));
  }

  /**
   * An order another tab or the worker is delivering: wait (in the background) for its lock, then
   * look again. Still `delivering` means its sender died mid-request — send it again now rather
   * than at the end of its lease; settled, it is announced; pending, the timer is re-armed for it.
   */
  private watch(orderId: string): void {
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    if (!locks || this.watched.has(orderId) || this.closed) return;
    this.watched.add(orderId);
    locks
      .request(lockName(orderId), { signal: this.closing.signal }, async () => undefined)
      .then(async () => {
        this.watched.delete(orderId);
        const record = await this.queue.store.get(orderId);
        if (!record || this.closed) return;
        await this.announce(record);
        // Still delivering: its sender died; 'network' resends it at once (its backoff had passed).
        if (record.status === DeliveryStatus.Delivering) void this.run('network');
        else if (record.status === DeliveryStatus.Pending) void this.run(false);
      })
      .catch(() => this.watched.delete(orderId)); // closed while waiting
  }

  /** A pass runs for every caller who asked before it started; at most one pass at a time. */
  run(ignoreBackoff: BackoffOverride): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.request ??= { ignoreBackoff: false, waiters: [] };
      this.request.ignoreBackoff = strongest(this.request.ignoreBackoff, ignoreBackoff);
      this.request.waiters.push(resolve);
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.request) {
      const { ignoreBackoff, waiters } = this.request;
      this.request = undefined;
      if (!this.closed) await this.pass(ignoreBackoff);
      for (const resolve of waiters) resolve();
    }
    this.running = false;
  }

  /**
   * One replay in this page. Outside signals (load, `online`, `flush()`) also wake the worker and
   * re-read the whole store; the page's own timer does neither, so a page that stays open while
   * the merchant is down costs one probe per backoff step and nothing more.
   */
  private async pass(ignoreBackoff: BackoffOverride): Promise<void> {
    clearTimeout(this.timer);
    if (ignoreBackoff) this.link?.askReplay(ignoreBackoff);
    let wakeAt: number | undefined;
    try {
      const summary = await this.queue.replay(Date.now(), { ignoreBackoff });
      wakeAt = summary.nextAttemptAt;
      for (const orderId of summary.busy) this.watch(orderId);
      if (ignoreBackoff) await this.announceAll();
    } catch {
      wakeAt = Date.now() + AFTER_ERROR_MS;
    }
    if (wakeAt === undefined || this.closed) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(MIN_TIMER_MS, wakeAt - Date.now()));
    this.timer = setTimeout(() => void this.run(false), delay);
  }

  private async announce(record: OrderRecord): Promise<void> {
    const type = eventFor(record);
    const key = `${record.orderId}:${record.status}`;
    if (!this.told.has(key)) {
      // Nobody listening yet: not marked, so a later `on()` still hears of it.
      if (this.listeners[type].size === 0) return;
      this.told.add(key);
      for (const listener of this.listeners[type]) {
        try {
          listener(record);
        } catch (error) {
          queueMicrotask(() => {
            throw error; // reported like any listener error, without stopping the queue
          });
        }
      }
    }
    // "Removed after the page was told": only now may the delivered record go. A failed removal
    // leaves it `delivered`, and the next announceAll acknowledges it.
    if (type === 'delivered') await this.acks.add(record.orderId);
  }
}

function absolute(endpoint: string): string {
  try {
    return new URL(endpoint, document.baseURI).href;
  } catch {
    return endpoint; // refused per order by the queue (`invalid-order`, field `endpoint`)
  }
}

/**
 * The queue for this page. Never rejects: without IndexedDB it is a memory queue (`mode`
 * says so), without a service worker a page-only one.
 */
export async function createOrderQueue(config: OrderQueueConfig): Promise<PageQueue> {
  let store: OrderStore;
  try {
    store = await openOrderStore();
  } catch {
    store = memoryOrderStore();
  }
  let link: WorkerLink | undefined;
  let page: PageOrderQueue | undefined;
  // A worker could not use a memory store anyway: no point registering one.
  if (store.kind === 'indexeddb' && config.swUrl !== undefined) {
    link = await linkServiceWorker(config.swUrl, {
      ...(config.swScope === undefined ? {} : { scope: config.swScope }),
      onDelivery: (message) => void page?.onWorkerNews(message),
    }).catch(() => undefined);
  }
  const mode = store.kind === 'memory' ? QueueMode.Memory : link ? QueueMode.ServiceWorker : QueueMode.Page;
  page = new PageOrderQueue(mode, new OrderQueue({ store, newestFirst: mode === QueueMode.ServiceWorker }), absolute(config.endpoint));
  page.attach(link);
  const queue = page;
  if (config.signal?.aborted) queue.close();
  config.signal?.addEventListener('abort', () => queue.close(), { once: true });
  // The page-load replay, after the caller has had a chance to subscribe.
  setTimeout(() => void queue.run(true), 0);
  return queue;
}

/**
 * The queue of the element's controller (queue-controller.ts): its mode, and what becomes of each
 * order kept, written into the controller's states. Here, in the queue's chunk, so that the core
 * bundle keeps only the states.
 */
export async function follow(config: OrderQueueConfig, controller: QueueController, host: ReactiveControllerHost, callbacks: QueueCallbacks): Promise<PageQueue> {
  const queue = await createOrderQueue(config);
  controller.mode = queue.mode;
  queue.on('delivered', (record) => {
    controller.states.set(record.orderId, 'delivered');
    callbacks.delivered(record.orderId);
    host.requestUpdate();
  });
  // Refused (4xx, or paid already) or expired: shown on the order's own screen (see `states`).
  queue.on('failed', (record) => {
    const state = failedState(record);
    controller.states.set(record.orderId, state);
    if (state === 'paid') callbacks.paid(record.orderId);
    host.requestUpdate();
  });
  return queue;
}
