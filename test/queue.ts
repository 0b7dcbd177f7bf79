/** Helpers for the order-queue tests (packages/service-worker, packages/checkout/src/queue). */
import type { ServerRequest } from './api.js';

export function sampleOrder(overrides: { orderId?: string; amount?: number; paymentReference?: string } = {}) {
  return {
    orderId: crypto.randomUUID(),
    amount: 4990,
    currency: 'EUR',
    method: 'bank-transfer' as const,
    items: [{ name: 'Carafe', quantity: 1, amount: 4990 }],
    customer: { email: 'ana@example.com', name: 'Ana Lima' },
    ...overrides,
  };
}

/** Endpoints are stored absolute: a worker resolves relative URLs against its own script. */
export const absolute = (path: string): string => new URL(path, location.href).href;

/** The `POST /orders` requests the test API answered for one order. */
export const orderPosts = (requests: ServerRequest[], orderId: string): ServerRequest[] =>
  requests.filter((request) => request.method === 'POST' && request.path === '/orders' && request.key === orderId);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls an async probe until it returns something truthy. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  { timeoutMs = 5000, what = String(probe) } = {},
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * Registers the built worker at `/relais-sw.js` (served by test/service-worker-middleware.mjs)
 * and waits for it to be activated — not `navigator.serviceWorker.ready`, which waits for a
 * worker that controls the page.
 */
export async function registerQueueWorker(): Promise<ServiceWorkerRegistration> {
  const registration = await navigator.serviceWorker.register('/relais-sw.js', { scope: '/' });
  await eventually(() => registration.active?.state === 'activated', { what: 'the worker to be activated' });
  return registration;
}

/** Every message the queue's worker posts to this page, from now on. */
export function workerMessages(): { messages: Array<{ type: string; orderId: string; status: string }>; stop(): void } {
  const messages: Array<{ type: string; orderId: string; status: string }> = [];
  const listener = (event: MessageEvent) => {
    if (typeof event.data?.type === 'string' && event.data.type.startsWith('relais-order-')) messages.push(event.data);
  };
  navigator.serviceWorker.addEventListener('message', listener);
  navigator.serviceWorker.startMessages();
  return { messages, stop: () => navigator.serviceWorker.removeEventListener('message', listener) };
}
