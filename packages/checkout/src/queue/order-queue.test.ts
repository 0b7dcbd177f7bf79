/**
 * The page side of the order queue in Chromium, with the built worker (`/relais-sw.js`) and a
 * real IndexedDB, through its public entry `createOrderQueue`.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { idbRecordStore as idbOrderStore } from '@relais/service-worker/record-store.js';
import { OrderQueue } from '@relais/service-worker/queue.js';
import { createOrderQueue, type OrderRecord, type PageQueue, type PageQueueEvent } from './order-queue.js';
import { resetFaults, scriptFaults, serverOrders, serverRequests, testEndpoint } from '../../../../test/api.js';
import { absolute, eventually, orderPosts, sampleOrder, sleep } from '../../../../test/queue.js';
import { scanIndexedDb } from '../../../../test/storage-scan.js';

const SW_URL = '/relais-sw.js';
const store = idbOrderStore();
const open: PageQueue[] = [];

async function queueFor(endpoint: string, swUrl?: string): Promise<PageQueue> {
  const queue = await createOrderQueue(swUrl === undefined ? { endpoint } : { endpoint, swUrl });
  open.push(queue);
  return queue;
}

/** Every announcement of one order, by event. */
function heard(queue: PageQueue, orderId: string): Record<PageQueueEvent, OrderRecord[]> {
  const seen: Record<PageQueueEvent, OrderRecord[]> = { queued: [], delivered: [], failed: [] };
  for (const type of ['queued', 'delivered', 'failed'] as const) {
    queue.on(type, (record) => {
      if (record.orderId === orderId) seen[type].push(record);
    });
  }
  return seen;
}

/** Pushes a waiting order's next attempt far away, as a long backoff would. */
async function postpone(orderId: string): Promise<void> {
  const record = await eventually(async () => {
    const current = await store.get(orderId);
    return current?.status === 'pending' && current.attempts > 0 && current;
  }, { what: 'a failed first attempt' });
  await store.put({ ...record, nextAttemptAt: Date.now() + 60 * 60 * 1000 });
}

/**
 * Removes a browser feature for one test (or replaces it with `value`); returns the restore.
 * Deleted, not set to undefined, so `'SyncManager' in window` is false as in Firefox or Safari.
 */
function without(target: object, property: string, value: unknown = undefined): () => void {
  const own = Object.getOwnPropertyDescriptor(target, property);
  if (own) delete (target as Record<string, unknown>)[property];
  if (value !== undefined || property in target) {
    Object.defineProperty(target, property, { value, configurable: true, writable: true });
  }
  return () => {
    if (own) Object.defineProperty(target, property, own);
    else delete (target as Record<string, unknown>)[property];
  };
}

afterEach(async () => {
  for (const queue of open.splice(0)) queue.close();
});

describe('createOrderQueue with a service worker', () => {
  it('offline, the order is queued; back online, it is delivered exactly once', async function () {
    this.timeout(30_000);
    const endpoint = testEndpoint();
    const queue = await queueFor(endpoint, SW_URL);
    expect(queue.mode).to.equal('service-worker');
    const order = sampleOrder();
    const seen = heard(queue, order.orderId);

    // One command: offline, wait, online, reply (offline cuts the page's socket to the runner).
    const outage = executeServerCommand('offline-for', { ms: 2000 });
    await eventually(() => !navigator.onLine, { what: 'the browser to go offline' });
    const direct = await fetch(`${endpoint}/orders`, { method: 'POST', body: '{}' }).then(() => 'answered', () => 'network error');
    expect(direct, 'the element\'s own attempt').to.equal('network error');
    expect(await queue.enqueue(order)).to.deep.include({ ok: true, created: true });
    await eventually(() => seen.queued.length === 1, { what: 'the queued event' });
    const waiting = await queue.pending();
    expect(waiting.map((r) => r.orderId)).to.include(order.orderId);
    expect(navigator.onLine, 'still offline while queued').to.equal(false);

    await outage;
    // Usually within tens of ms of `online`. Playwright lifts the worker's offline emulation a
    // moment after the page's: a Background Sync attempt in that gap fails and backs off (up to
    // ~8 s by then), so allow for one backoff step.
    await eventually(() => seen.delivered.length === 1, { timeoutMs: 15_000, what: 'the delivered event' });
    await sleep(300);
    expect(seen.delivered).to.have.length(1);
    expect((await serverOrders(endpoint)).map((o) => o.orderId)).to.deep.equal([order.orderId]);
    const posts = orderPosts(await serverRequests(endpoint), order.orderId);
    expect(posts.map((r) => r.status)).to.deep.equal([201]);
    await eventually(async () => (await store.get(order.orderId)) === undefined, { what: 'removal after the page was told' });
  });

  it('keeps an order the server answered 503 with Retry-After — not even flush() sends it early — then delivers it once', async function () {
    this.timeout(10_000);
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ status: 503, headers: { 'retry-after': '1' } }] });
    const queue = await queueFor(endpoint, SW_URL);
    const order = sampleOrder();
    const seen = heard(queue, order.orderId);
    const enqueuedAt = Date.now();
    await queue.enqueue(order);
    const kept = await eventually(async () => {
      const record = await store.get(order.orderId);
      return record?.lastError?.status === 503 && record;
    }, { what: 'the 503 to be recorded' });
    expect(kept.status).to.equal('pending');
    expect(kept.lastError!.retryAt).to.be.at.least(enqueuedAt + 1000);
    await queue.flush();
    expect(orderPosts(await serverRequests(endpoint), order.orderId).map((r) => r.status), 'flush waits for Retry-After').to.deep.equal([503]);

    await eventually(() => seen.delivered.length === 1, { timeoutMs: 6000, what: 'delivery after Retry-After' });
    expect(Date.now()).to.be.at.least(kept.lastError!.retryAt!);
    expect(orderPosts(await serverRequests(endpoint), order.orderId).map((r) => r.status)).to.deep.equal([503, 201]);
    expect(seen.failed).to.deep.equal([]);
  });

  it('shows an order the server refuses (422) as failed, with the reason, and never sends it again', async () => {
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ status: 422, body: { error: 'idempotency-key-reuse' } }] });
    const queue = await queueFor(endpoint, SW_URL);
    const order = sampleOrder();
    const seen = heard(queue, order.orderId);
    await queue.enqueue(order);
    await eventually(() => seen.failed.length === 1, { what: 'the failed event' });
    expect(seen.failed[0]).to.deep.include({ status: 'failed' });
    expect(seen.failed[0]!.lastError).to.include({ status: 422, message: 'idempotency-key-reuse' });
    await queue.flush();
    await sleep(200);
    expect(orderPosts(await serverRequests(endpoint), order.orderId)).to.have.length(1);
    expect((await queue.list()).find((r) => r.orderId === order.orderId)!.status, 'still visible').to.equal('failed');
    expect(seen.delivered).to.deep.equal([]);
  });

  it('sends an order again at once when the worker dies delivering it while the page is open', async () => {
    const endpoint = testEndpoint();
    const queue = await queueFor(endpoint, SW_URL);
    const order = sampleOrder();
    const seen = heard(queue, order.orderId);
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ pass: true, delayMs: 2000 }] });
    // Written behind the page queue's back and handed to the worker alone.
    await new OrderQueue({ store }).enqueue(order, absolute(endpoint));
    const registration = (await navigator.serviceWorker.getRegistration('/'))!;
    registration.active!.postMessage({ type: 'relais-replay', ignoreBackoff: true });
    await eventually(async () => (await store.get(order.orderId))?.status === 'delivering', { what: 'the worker to start' });
    await queue.flush(); // finds it in flight elsewhere and waits on its lock
    const stoppedAt = Date.now();
    await executeServerCommand('sw-stop-all');
    await eventually(() => seen.delivered.length === 1, { timeoutMs: 3000, what: 'the page to send it again' });
    expect(Date.now() - stoppedAt, 'long before the 25 s lease ends').to.be.below(3000);
    // The cut request is logged when its socket closes, which may come after the resend: sort.
    const statuses = orderPosts(await serverRequests(endpoint), order.orderId).map((r) => r.status);
    expect(statuses.sort((a, b) => a - b), 'one cut, one delivered').to.deep.equal([0, 201]);
  });

  it('refuses an order holding a card number: a result, no event, nothing written', async () => {
    const queue = await queueFor(testEndpoint(), SW_URL);
    const order = { ...sampleOrder(), customer: { name: '4242 4242 4242 4242' } };
    const seen = heard(queue, order.orderId);
    expect(await queue.enqueue(order)).to.deep.equal({ ok: false, code: 'sensitive-data' });
    expect(await store.get(order.orderId)).to.equal(undefined);
    expect(seen.queued).to.deep.equal([]);
  });
});

describe('createOrderQueue without Background Sync', () => {
  let restore: Array<() => void> = [];
  beforeEach(() => {
    restore = [without(window, 'SyncManager'), without(ServiceWorkerRegistration.prototype, 'sync')];
  });
  afterEach(() => {
    for (const undo of restore.reverse()) undo();
  });

  it('delivers on the next page load', async function () {
    this.timeout(10_000);
    const endpoint = testEndpoint();
    // The merchant is unreachable (more faults than attempts; Chromium may re-send a POST once).
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: Array.from({ length: 50 }, () => ({ network: true as const })) });
    const first = await queueFor(endpoint, SW_URL);
    expect('SyncManager' in window).to.equal(false);
    expect('sync' in (await navigator.serviceWorker.getRegistration('/'))!).to.equal(false);
    const order = sampleOrder();
    await first.enqueue(order);
    await postpone(order.orderId);
    first.close(); // the shopper leaves
    await resetFaults(endpoint);
    await sleep(200);
    expect((await store.get(order.orderId))!.status, 'nothing delivers it meanwhile').to.equal('pending');

    const next = await queueFor(endpoint, SW_URL); // the next visit
    const seen = heard(next, order.orderId);
    await eventually(() => seen.delivered.length === 1, { what: 'delivery on load' });
    expect(orderPosts(await serverRequests(endpoint), order.orderId).filter((r) => r.status === 201)).to.have.length(1);
    expect(await serverOrders(endpoint)).to.have.length(1);
  });

  it('delivers when the browser comes back online', async function () {
    this.timeout(10_000);
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: Array.from({ length: 50 }, () => ({ network: true as const })) });
    const queue = await queueFor(endpoint, SW_URL);
    const order = sampleOrder();
    const seen = heard(queue, order.orderId);
    await queue.enqueue(order);
    await postpone(order.orderId);
    await resetFaults(endpoint);
    await sleep(200);
    expect(seen.delivered, 'the backoff is an hour away').to.deep.equal([]);
    window.dispatchEvent(new Event('online'));
    await eventually(() => seen.delivered.length === 1, { timeoutMs: 2000, what: 'delivery on online' });
    expect(await serverOrders(endpoint)).to.have.length(1);
  });
});

describe('createOrderQueue without a service worker', () => {
  it('is a page-only queue when no sw-url is given', async () => {
    const endpoint = testEndpoint();
    const queue = await queueFor(endpoint);
    expect(queue.mode).to.equal('page');
    const order = sampleOrder();
    const seen = heard(queue, order.orderId);
    await queue.enqueue(order);
    await eventually(() => seen.delivered.length === 1, { what: 'delivery by the page' });
    expect(await serverOrders(endpoint)).to.have.length(1);
  });

  it('is a page-only queue when the browser offers no service worker, and delivers from the page', async () => {
    const restore = without(navigator, 'serviceWorker');
    try {
      const endpoint = testEndpoint();
      await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ status: 503 }] });
      const queue = await queueFor(endpoint, SW_URL);
      expect(queue.mode).to.equal('page');
      const order = sampleOrder();
      const seen = heard(queue, order.orderId);
      await queue.enqueue(order);
      await eventually(async () => (await store.get(order.orderId))?.attempts === 1, { what: 'the first attempt' });
      await queue.flush();
      await eventually(() => seen.delivered.length === 1, { what: 'delivery after the 503' });
      expect(orderPosts(await serverRequests(endpoint), order.orderId).map((r) => r.status)).to.deep.equal([503, 201]);
    } finally {
      restore();
    }
  });

  it('keeps a delivered order until someone listens: the first listener hears of it, then it is removed', async () => {
    const endpoint = testEndpoint();
    const queue = await queueFor(endpoint);
    const order = sampleOrder();
    await queue.enqueue(order);
    await queue.flush();
    expect((await store.get(order.orderId))!.status).to.equal('delivered');
    const seen = heard(queue, order.orderId);
    await eventually(() => seen.delivered.length === 1, { what: 'the late announcement' });
    await eventually(async () => (await store.get(order.orderId)) === undefined, { what: 'removal' });
  });
});

describe('createOrderQueue without IndexedDB', () => {
  const failingOpen = {
    open() {
      const request = new EventTarget() as IDBOpenDBRequest;
      setTimeout(() => {
        Object.defineProperty(request, 'error', { value: new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError') });
        request.onerror?.(new Event('error'));
        request.dispatchEvent(new Event('error'));
      });
      return request;
    },
  };
  for (const [situation, value] of [
    ['indexedDB is missing', undefined],
    ['opening throws (sandboxed, storage blocked)', { open: () => { throw new DOMException('The operation is insecure.', 'SecurityError'); } }],
    ['opening fails (private mode)', failingOpen],
  ] as const) {
    it(`is a memory queue that still delivers and never throws when ${situation}`, async () => {
      const restore = without(window, 'indexedDB', value);
      try {
        const endpoint = testEndpoint();
        const queue = await queueFor(endpoint, SW_URL);
        expect(queue.mode).to.equal('memory');
        const order = sampleOrder();
        const seen = heard(queue, order.orderId);
        expect(await queue.enqueue(order)).to.deep.include({ ok: true });
        expect(seen.queued).to.have.length(1);
        await queue.flush();
        await eventually(() => seen.delivered.length === 1, { what: 'delivery from memory' });
        expect(await queue.pending()).to.deep.equal([]);
        expect(await serverOrders(endpoint)).to.have.length(1);
      } finally {
        restore();
      }
    });
  }
});

describe('storage after these flows', () => {
  it('holds no card number and no client secret in any IndexedDB database', async () => {
    const scan = await scanIndexedDb();
    expect(scan.databases).to.include('relais-orders');
    expect(scan.records, 'the failed order, at least, is still there').to.be.above(0);
    expect(scan.findings).to.deep.equal([]);
  });
});
