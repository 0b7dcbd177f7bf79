/**
 * Journeys play side by side in one page, and one of them may take the browser offline: that also
 * cuts the page's link to the test runner and to the test API. Everything that talks to them goes
 * through `talk`, which waits while the browser is offline; `offlineFor` waits until nothing is
 * talking, then takes the browser offline. (The element's own requests are not gated: an outage
 * of the shopper's connection is the fault under test, for every journey in the page.)
 */
import { executeServerCommand } from '@web/test-runner-commands';

let offline: Promise<void> = Promise.resolve();
let talking = 0;
const drained: Array<() => void> = [];

async function online(): Promise<void> {
  for (;;) {
    const current = offline;
    await current;
    if (current === offline) return;
  }
}

export async function talk<T>(work: () => Promise<T>): Promise<T> {
  await online();
  talking += 1;
  try {
    // The frames come back online a moment after the runner says so: a request in that moment fails.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof TypeError) || attempt === 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  } finally {
    talking -= 1;
    if (talking === 0) for (const resolve of drained.splice(0)) resolve();
  }
}

/** Takes the browser offline for `ms`; `whileOffline` runs once it is. Resolves when it is back online. */
export async function offlineFor(ms: number, whileOffline: () => Promise<unknown>): Promise<void> {
  await online();
  let release!: () => void;
  offline = new Promise((resolve) => (release = resolve));
  try {
    while (talking > 0) await new Promise<void>((resolve) => drained.push(resolve));
    // One command: offline, wait, online, reply (a reply sent while offline would never arrive).
    const outage = executeServerCommand('offline-for', { ms });
    const deadline = performance.now() + 2000;
    while (navigator.onLine && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await whileOffline();
    // The reply crosses the page's link to the runner, which the outage cut: should it never
    // arrive, the gate opens anyway (every other journey waits on it).
    await Promise.race([outage, new Promise((resolve) => setTimeout(resolve, ms + 15_000))]);
  } finally {
    release();
  }
}
