/**
 * The page's handle on the order-queue service worker (workbox-window): registration, "replay
 * now" requests, Background Sync where it exists, and the worker's news about orders.
 */
import { Workbox } from 'workbox-window';
import { isOrderDeliveryMessage, SYNC_TAG, type OrderDeliveryMessage, type ReplayMessage } from '@relais/service-worker/messages.js';
import type { BackoffOverride } from '@relais/service-worker/order-record.js';
import { scriptUrl } from '../trusted-types.js';

// Background Sync is Chromium-only and not in TypeScript's DOM lib.
type SyncCapableRegistration = ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } };

export interface WorkerLink {
  readonly registration: ServiceWorkerRegistration;
  /** Fire and forget: the worker delivers what is due; its news arrives as messages. */
  askReplay(ignoreBackoff: BackoffOverride): void;
  /** A Background Sync registration: the browser wakes the worker when it is online, even with no tab open. */
  requestSync(): Promise<boolean>;
  close(): void;
}

export interface LinkOptions {
  scope?: string;
  onDelivery(message: OrderDeliveryMessage): void;
}

/**
 * The registration's active worker, once there is one. Not `navigator.serviceWorker.ready`
 * (nor workbox-window's `active`): both wait for a worker that controls this page, which never
 * happens when the page is outside the worker's scope.
 */
function whenActive(registration: ServiceWorkerRegistration): Promise<ServiceWorker | undefined> {
  if (registration.active) return Promise.resolve(registration.active);
  const worker = registration.installing ?? registration.waiting;
  if (!worker) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onChange = () => {
      if (worker.state !== 'activated' && worker.state !== 'redundant') return;
      worker.removeEventListener('statechange', onChange);
      resolve(registration.active ?? undefined);
    };
    worker.addEventListener('statechange', onChange);
  });
}

/** Undefined when there is no service worker to be had (insecure origin, some private modes, a 404). */
export async function linkServiceWorker(swUrl: string, { scope, onDelivery }: LinkOptions): Promise<WorkerLink | undefined> {
  const container: ServiceWorkerContainer | undefined = navigator.serviceWorker;
  if (!container || !globalThis.isSecureContext) return undefined;

  const onMessage = (event: MessageEvent) => {
    if (isOrderDeliveryMessage(event.data)) onDelivery(event.data);
  };
  // Before registering: a worker that starts delivering at once must not talk to nobody.
  container.addEventListener('message', onMessage);
  let registration: ServiceWorkerRegistration | undefined;
  try {
    // A TrustedScriptURL where Trusted Types exist (workbox-window passes it on as is); refused
    // by the page's policy, the queue stays page-only like any other refused registration.
    registration = await new Workbox(scriptUrl(swUrl, true), scope === undefined ? {} : { scope }).register({ immediate: true });
  } catch {
    registration = undefined;
  }
  if (!registration) {
    container.removeEventListener('message', onMessage);
    return undefined;
  }
  // addEventListener (unlike onmessage) leaves the client's message queue closed until this.
  container.startMessages();

  const link: WorkerLink = {
    registration,
    askReplay(ignoreBackoff) {
      const message: ReplayMessage = { type: 'relais-replay', ignoreBackoff };
      void whenActive(registration).then((worker) => worker?.postMessage(message));
    },
    async requestSync() {
      const { sync } = registration as SyncCapableRegistration;
      if (!('SyncManager' in globalThis) || !sync) return false;
      try {
        // Refused until the registration has an active worker.
        await whenActive(registration);
        await sync.register(SYNC_TAG);
        return true;
      } catch {
        return false; // permission denied, or the feature switched off
      }
    },
    close() {
      container.removeEventListener('message', onMessage);
    },
  };
  return link;
}
