/**
 * A promise that rejects once `ms` pass without an answer: IndexedDB on the page and in the
 * worker (some private modes leave `open` pending forever instead of failing), where a hang must
 * not hold the checkout or the queue. The timer is cleared as soon as the promise settles.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what = 'IndexedDB'): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
