/**
 * Runs tasks for one key one after the other, tasks for different keys side by side. The payment
 * routes take one per order: twenty identical clicks must not become twenty provider calls that
 * race to create twenty PaymentIntents. Across processes, the stored claim and the provider's
 * idempotency key do that job; this lock keeps one process from even trying.
 */
export type KeyedLock = <T>(key: string, task: () => Promise<T>) => Promise<T>;

export function keyedLock(): KeyedLock {
  // Each key maps to the settled tail of its queue; a failed task must not block the next one.
  const tails = new Map<string, Promise<void>>();
  return async (key, task) => {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    try {
      return await result;
    } finally {
      // Forget the key once nobody queued behind this task, so the map does not grow per order.
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

/**
 * The in-process lock in front of one shared by every process on the database: the shared one is
 * what guarantees; the local one keeps a process from queueing twenty database sessions for twenty
 * identical clicks. Keys `paypal:{orderId}` and `{orderId}` share the order's database lock, so a
 * card payment and a PayPal capture of one order never run at once, whichever instance takes them.
 */
export function withSharedLock(local: KeyedLock, shared: KeyedLock | undefined): KeyedLock {
  if (!shared) return local;
  return (key, task) => local(key, () => shared(key.replace(/^paypal:/, ''), task));
}
