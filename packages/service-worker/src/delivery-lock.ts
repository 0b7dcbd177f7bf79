/**
 * One delivery at a time per order, across every tab and the service worker of the origin:
 * the order's Web Lock (`orderLockName`, @relais/contracts). The browser releases a lock when its holder goes away
 * (tab closed, worker stopped), so a crash never leaves an order stuck.
 *
 * The name is the one the page's payment flow takes too (checkout `failover/order-lock.ts`):
 * while an order is being paid, the queue leaves it alone. The queue never *waits* for the
 * lock — someone holding it is delivering or paying that order right now, so the queue skips it
 * and comes back on its next pass — which also means it can never deadlock with a payment.
 */

import { orderLockName } from '@relais/contracts';

/** Runs `task` holding the order's lock; skips it (resolves undefined) when the lock is taken: never waits. */
export type DeliveryLock = <T>(orderId: string, task: () => Promise<T>) => Promise<T | undefined>;

/**
 * Web Locks exist only in secure contexts. Without them there is no service worker either, so
 * an in-page lock covers this page; two insecure tabs could both send, and the server's
 * idempotency key then answers the second one with a replay instead of a second order.
 */
function pageLock(): DeliveryLock {
  const held = new Set<string>();
  return async (orderId, task) => {
    if (held.has(orderId)) return undefined;
    held.add(orderId);
    try {
      return await task();
    } finally {
      held.delete(orderId);
    }
  };
}

export function deliveryLock(): DeliveryLock {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return pageLock();
  return async (orderId, task) => locks.request(orderLockName(orderId), { ifAvailable: true }, async (lock) => (lock ? task() : undefined));
}

export interface HeldLocks {
  /** The orders whose lock is held, in the order asked. */
  held: string[];
  /** The orders whose lock someone else holds. */
  busy: string[];
  release(): void;
}

/**
 * Takes, all at once and without waiting, the lock of every order of `orderIds` that is free,
 * and holds them until `release()`: a batch costs one round of lock requests, and the batch's
 * reads and writes can then share one transaction. Never waits for a busy lock, so two holders
 * of overlapping batches cannot deadlock.
 */
export async function holdLocks(lock: DeliveryLock, orderIds: readonly string[]): Promise<HeldLocks> {
  const releases: Array<() => void> = [];
  const taken = new Set<string>();
  const release = () => {
    for (const done of releases.splice(0)) done();
  };
  const failures: unknown[] = [];
  await Promise.all(
    orderIds.map(
      (orderId) =>
        new Promise<void>((settled) => {
          lock(orderId, () =>
            new Promise<void>((done) => {
              taken.add(orderId);
              releases.push(done);
              settled();
            }),
          ).then(
            () => settled(), // not available (or already released): nothing held
            (error: unknown) => {
              failures.push(error);
              settled();
            },
          );
        }),
    ),
  );
  if (failures.length) {
    release();
    throw failures[0];
  }
  return { held: orderIds.filter((id) => taken.has(id)), busy: orderIds.filter((id) => !taken.has(id)), release };
}
