/**
 * A wait that an abort ends early (rejecting with the signal's reason): the retries of the
 * element's API calls and of its verification after a lost answer. No wait for 0 ms.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (!ms) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}
