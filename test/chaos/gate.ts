/**
 * The shopper of one journey goes offline: every request of the journey's frames (their SDK frames
 * too) fails as on a lost connection, and the frames' `navigator.onLine` and `offline`/`online`
 * events say so. Only that journey: the journeys played beside it, the page's socket to the test
 * runner and the test API stay online (taking the whole browser offline cut them all, and a page
 * whose socket dropped never reported). The service worker is shared by the page's journeys and
 * belongs to none: its requests stay online.
 */
import { executeServerCommand } from '@web/test-runner-commands';

type Frames = () => Window[];

function announce(windows: Window[], online: boolean): void {
  for (const win of windows) {
    try {
      if (online) delete (win.navigator as { onLine?: boolean }).onLine;
      else Object.defineProperty(win.navigator, 'onLine', { configurable: true, get: () => false });
      win.dispatchEvent(new (win as Window & typeof globalThis).Event(online ? 'online' : 'offline'));
    } catch {
      // A frame that is navigating has no window to tell; its next page loads offline anyway.
    }
  }
}

/** Takes the journey's frames offline while `whileOffline` runs, then back online. */
export async function offlineWhile(journey: string, frames: Frames, whileOffline: () => Promise<unknown>): Promise<void> {
  await executeServerCommand('chaos-offline', { journey, offline: true });
  announce(frames(), false);
  try {
    await whileOffline();
  } finally {
    await executeServerCommand('chaos-offline', { journey, offline: false });
    announce(frames(), true);
  }
}
