/**
 * `public/relais-sw.js`, the worker merchants serve as is (`sw-url`). It only queues orders:
 * no fetch handler, so it never stands between the page and the network.
 */
import { registerRelaisQueue } from './register-queue.js';

declare let self: ServiceWorkerGlobalScope;

// No caches to migrate and nothing to keep consistent with open pages: a new version takes over
// at once, so a fix to delivery reaches queued orders without waiting for every tab to close.
self.addEventListener('install', (event) => event.waitUntil(self.skipWaiting()));
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

registerRelaisQueue(self);
