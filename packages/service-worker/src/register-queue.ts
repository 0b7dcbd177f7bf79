/**
 * The queue inside a service worker: when it runs and whom it tells. For Relais's own worker
 * (`sw.ts`) and for merchants who already have one: `registerRelaisQueue(self)` in theirs.
 */
import { isReplayMessage, SYNC_TAG, type OrderDeliveryMessage } from './messages.js';
import { idbRecordStore } from './record-store.js';
import { OrderQueue, type OrderQueueOptions, type QueueChange } from './queue.js';

export interface RelaisQueueOptions extends Partial<OrderQueueOptions> {
  /** Background Sync tag; the page registers the same one. */
  syncTag?: string;
}

function deliveryMessage({ type, record }: QueueChange): OrderDeliveryMessage | undefined {
  if (type === 'delivered') return { type: 'relais-order-delivered', orderId: record.orderId, status: record.status };
  if (type === 'failed' || type === 'expired') return { type: 'relais-order-failed', orderId: record.orderId, status: record.status };
  return undefined;
}

export function registerRelaisQueue(scope: ServiceWorkerGlobalScope, options: RelaisQueueOptions = {}): OrderQueue {
  const { syncTag = SYNC_TAG, store = idbRecordStore(), ...queueOptions } = options;
  const queue = new OrderQueue({ ...queueOptions, store });

  // Every window of the origin, controlled or not: a checkout page outside the worker's scope
  // still shows the order it queued. A record stays `delivered` until a page acknowledges it.
  // The changes of one batch arrive together: one look-up of the windows for all of them.
  let outbox: OrderDeliveryMessage[] = [];
  let sending: Promise<void> | undefined;
  const send = async () => {
    await Promise.resolve(); // the rest of the batch joins first
    const messages = outbox;
    outbox = [];
    sending = undefined;
    const windows = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const client of windows) for (const message of messages) client.postMessage(message);
  };
  queue.subscribe((change) => {
    const message = deliveryMessage(change);
    if (!message) return undefined;
    outbox.push(message);
    return (sending ??= send());
  });

  scope.addEventListener('sync', (event) => {
    if (event.tag !== syncTag) return;
    event.waitUntil(
      queue.replay(Date.now(), { ignoreBackoff: 'network' }).then((summary) => {
        // Rejecting asks the browser to fire the sync again later (Chromium backs off on its own);
        // on its last chance the orders still wait for a page load, `online` or the next start.
        if (summary.waiting > 0 && !event.lastChance) throw new Error(`${summary.waiting} order(s) still waiting`);
      }),
    );
  });

  scope.addEventListener('message', (event) => {
    if (!isReplayMessage(event.data)) return;
    const reply = event.ports[0];
    const { ignoreBackoff } = event.data;
    event.waitUntil(
      queue.replay(Date.now(), { ignoreBackoff: ignoreBackoff === true || ignoreBackoff === 'network' ? ignoreBackoff : false }).then(
        (summary) => reply?.postMessage(summary),
        () => reply?.postMessage(undefined),
      ),
    );
  });

  // Worker start (any event woke it): where Background Sync does not exist, this and the page's
  // requests are what deliver. Due records only, so a chatty worker does not defeat the backoff.
  queue.replay().catch(() => undefined);
  return queue;
}
