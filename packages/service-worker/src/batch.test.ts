import { expect } from '@open-wc/testing';
import { BATCH_SIZE, OrderQueue } from './queue.js';
import { idbRecordStore, type RecordStore } from './record-store.js';
import { orderLockName as lockName } from '@relais/contracts';
import { holdLocks, deliveryLock } from './delivery-lock.js';
import { DeliveryStatus } from './order-record.js';
import { scriptFaults, serverOrders, serverRequests, testEndpoint } from '../../../test/api.js';
import { absolute, sampleOrder } from '../../../test/queue.js';

const freshStore = (): RecordStore => idbRecordStore(`relais-orders-test-${crypto.randomUUID()}`);

/** Counts the store's transactions by kind, passing every call through. */
function counted(store: RecordStore) {
  const calls: Record<string, number> = {};
  const wrapped = { ...store } as RecordStore & Record<string, unknown>;
  for (const name of ['get', 'put', 'delete', 'all', 'add', 'getMany', 'putMany', 'removeDelivered'] as const) {
    const call = store[name] as (...args: unknown[]) => Promise<unknown>;
    (wrapped as Record<string, unknown>)[name] = (...args: unknown[]) => {
      calls[name] = (calls[name] ?? 0) + 1;
      return call(...args);
    };
  }
  return { store: wrapped as RecordStore, calls };
}

describe('the order queue delivers a backlog in batches', () => {
  it('delivers 2.5 full batches of orders once each, with a few transactions per batch rather than several per order', async () => {
    const endpoint = testEndpoint();
    const { store, calls } = counted(freshStore());
    const queue = new OrderQueue({ store });
    const count = Math.floor(BATCH_SIZE * 2.5);
    const orders = Array.from({ length: count }, () => sampleOrder());
    await store.putMany([]); // opens the database outside the count below
    for (const order of orders) await queue.enqueue(order, absolute(endpoint));
    for (const key of Object.keys(calls)) delete calls[key];

    expect(await queue.replay()).to.include({ delivered: count, retried: 0, waiting: 0 });
    const posts = (await serverRequests(endpoint)).filter((request) => request.method === 'POST' && request.path === '/orders');
    expect(posts.map((request) => request.key).sort()).to.deep.equal(orders.map((order) => order.orderId).sort());
    expect(await serverOrders(endpoint)).to.have.length(count);
    // Five batches (6, 12, 24, 48 and 30 orders): one read and two writes each, plus the pass's two full reads.
    expect(calls).to.deep.equal({ all: 2, getMany: 5, putMany: 10 });
    expect((await store.all()).every((record) => record.status === DeliveryStatus.Delivered)).to.equal(true);
  });

  it('sends the first requests of a backlog once a few orders are marked, not a whole batch of them', async () => {
    const endpoint = testEndpoint();
    const store = freshStore();
    let markedAtFirstRequest: number | undefined;
    const firstRequest = async (input: RequestInfo | URL, init?: RequestInit) => {
      // Read before this request may answer: until then no batch has ended, so no third one has begun.
      markedAtFirstRequest ??= (await store.all()).filter((record) => record.status === DeliveryStatus.Delivering).length;
      return fetch(input, init);
    };
    const queue = new OrderQueue({ store, concurrency: 4, fetch: firstRequest });
    const count = BATCH_SIZE * 2;
    for (let i = 0; i < count; i++) await queue.enqueue(sampleOrder(), absolute(endpoint));

    expect(await queue.replay()).to.include({ delivered: count, waiting: 0 });
    // The first two batches (4 and 8 orders) at most; batches of 48 would have marked 96 first.
    expect(markedAtFirstRequest).to.be.within(1, 12);
    expect(await serverOrders(endpoint)).to.have.length(count);
  });

  it('leaves the unsent orders of a batch as they were when the merchant fails during it', async () => {
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ status: 503 }] });
    const store = freshStore();
    const queue = new OrderQueue({ store, concurrency: 1, random: () => 0.9 });
    for (let i = 0; i < 4; i++) await queue.enqueue(sampleOrder(), absolute(endpoint));

    expect(await queue.replay()).to.include({ retried: 1, delivered: 0, waiting: 4 });
    const records = await store.all();
    expect(records.map((record) => record.status)).to.deep.equal(Array(4).fill(DeliveryStatus.Pending));
    expect(records.map((record) => record.attempts).sort()).to.deep.equal([0, 0, 0, 1], 'only the probe counts an attempt');
    expect(await serverRequests(endpoint)).to.have.length(1);
  });

  it('acknowledges many delivered orders in one call and keeps every order not delivered', async () => {
    const endpoint = testEndpoint();
    const store = freshStore();
    const queue = new OrderQueue({ store });
    const [a, b] = [sampleOrder(), sampleOrder()];
    await queue.enqueue(a, absolute(endpoint));
    await queue.replay();
    await queue.enqueue(b, absolute(endpoint)); // pending: not delivered yet
    expect(await queue.acknowledgeMany([a.orderId, b.orderId, 'unknown'])).to.deep.equal([a.orderId]);
    expect((await store.all()).map((record) => record.orderId)).to.deep.equal([b.orderId]);
  });
});

describe('holdLocks', () => {
  it('holds the free locks of a batch until released, and reports the ones held elsewhere as busy', async () => {
    const [a, b, c] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    let releaseOther!: () => void;
    const other = navigator.locks.request(lockName(b), () => new Promise<void>((resolve) => (releaseOther = resolve)));
    const locks = await holdLocks(deliveryLock(), [a, b, c]);
    expect(locks).to.deep.include({ held: [a, c], busy: [b] });
    const ours = new Set([a, b, c].map(lockName));
    const names = async () => (await navigator.locks.query()).held!.map((lock) => lock.name!).filter((name) => ours.has(name));
    expect((await names()).sort()).to.deep.equal([...ours].sort());
    locks.release();
    releaseOther();
    await other;
    // Waits for the lock: a lock never released would time the test out.
    expect(await navigator.locks.request(lockName(a), async () => 'taken')).to.equal('taken');
  });
});
