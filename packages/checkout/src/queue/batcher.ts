/**
 * Items handed over one by one, processed together: everything added before the current batch
 * starts (the same task, or while the previous batch runs) joins it. `add` resolves once the
 * item's batch is done. The queue's acknowledgements and the worker's news come in bursts of a
 * whole delivery batch; this turns each burst into one IndexedDB transaction.
 */
export class Batcher<T> {
  private pending: T[] = [];
  private waiters: Array<() => void> = [];
  private running: Promise<void> | undefined;

  constructor(private readonly process: (items: T[]) => Promise<void>) {}

  add(item: T): Promise<void> {
    this.pending.push(item);
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.running ??= this.drain();
    return done;
  }

  private async drain(): Promise<void> {
    await Promise.resolve(); // the rest of this task's items join first
    while (this.pending.length > 0) {
      const items = this.pending;
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        await this.process(items);
      } catch {
        // The caller's process decides what a failure means; the next batch still runs.
      }
      for (const resolve of waiters) resolve();
    }
    this.running = undefined;
  }
}
