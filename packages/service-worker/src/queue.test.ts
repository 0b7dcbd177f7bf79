import { expect } from '@open-wc/testing';
import { OrderQueue, type QueueChange } from './queue.js';
import { idbRecordStore, type RecordStore } from './record-store.js';
import { orderLockName } from '@relais/contracts';
import { DeliveryStatus, RETENTION_MS, markDelivering } from './order-record.js';
import { scriptFaults, serverOrders, serverRequests, testEndpoint } from '../../../test/api.js';
import { absolute, orderPosts, sampleOrder, sleep } from '../../../test/queue.js';
import { scanIndexedDb } from '../../../test/storage-scan.js';

/** Each test its own database: no record of one test is replayed by another. */
const freshStore = (): RecordStore => idbRecordStore(`relais-orders-test-${crypto.randomUUID()}`);

function watch(queue: OrderQueue): QueueChange['type'][] {
  const seen: QueueChange['type'][] = [];
  queue.subscribe((change) => void seen.push(change.type));
  return seen;
}

describe('the order queue (page side of the shared store)', () => {
  it('keeps one record when the same order is queued twice, and announces it once', async () => {
    const queue = new OrderQueue({ store: freshStore() });
    const seen = watch(queue);
    const endpoint = absolute(testEndpoint());
    const order = sampleOrder();
    const first = await queue.enqueue(order, endpoint);
    const second = await queue.enqueue({ ...order, amount: 1 }, endpoint);
    expect(first).to.deep.include({ ok: true, created: true });
    expect(second).to.deep.include({ ok: true, created: false });
    expect(second.ok && second.record.order.amount).to.equal(4990);
    expect((await queue.list()).map((r) => r.orderId)).to.deep.equal([order.orderId]);
    expect(seen).to.deep.equal(['queued']);
  });

  it('never writes an order holding a card number or a client secret', async () => {
    const store = freshStore();
    const queue = new OrderQueue({ store });
    const endpoint = absolute(testEndpoint());
    expect(await queue.enqueue({ ...sampleOrder(), customer: { name: '4111 1111 1111 1111' } }, endpoint)).to.deep.equal({ ok: false, code: 'sensitive-data' });
    expect(await queue.enqueue(sampleOrder({ paymentReference: 'pi_1_secret_2' }), endpoint)).to.deep.equal({ ok: false, code: 'sensitive-data' });
    expect(await store.all()).to.deep.equal([]);
  });

  it('keeps an order the server answered 503, with the error and a backoff, then delivers it once', async () => {
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ status: 503 }] });
    const queue = new OrderQueue({ store: freshStore(), random: () => 0.5 });
    const seen = watch(queue);
    const order = sampleOrder();
    await queue.enqueue(order, absolute(endpoint));

    const before = Date.now();
    const first = await queue.replay();
    expect(first).to.include({ delivered: 0, retried: 1, waiting: 1 });
    const [kept] = await queue.list();
    expect(kept).to.deep.include({ status: DeliveryStatus.Pending, attempts: 1 });
    expect(kept!.lastError).to.include({ code: 'http', status: 503 });
    expect(kept!.nextAttemptAt).to.be.within(before + 500, Date.now() + 500); // half of the 1 s ceiling
    expect(first.nextAttemptAt).to.equal(kept!.nextAttemptAt);
    expect((await queue.replay()).retried, 'not due yet').to.equal(0);

    const second = await queue.replay(kept!.nextAttemptAt);
    expect(second).to.include({ delivered: 1, waiting: 0 });
    expect(second.nextAttemptAt).to.equal(undefined);
    expect(orderPosts(await serverRequests(endpoint), order.orderId).map((r) => r.status)).to.deep.equal([503, 201]);
    expect(seen).to.deep.equal(['queued', 'delivered']);
  });

  it('fails an order the server refuses (422): kept with the error, never sent again', async () => {
    const endpoint = testEndpoint();
    const order = sampleOrder();
    // The key was used for another body: the merchant will never take this one.
    await fetch(`${endpoint}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': order.orderId },
      body: JSON.stringify({ ...order, amount: 100 }),
    });
    const queue = new OrderQueue({ store: freshStore() });
    const seen = watch(queue);
    await queue.enqueue(order, absolute(endpoint));
    expect(await queue.replay()).to.include({ failed: 1, waiting: 0 });
    await queue.replay(Date.now() + 60_000, { ignoreBackoff: true });
    const [failed] = await queue.list();
    expect(failed).to.deep.include({ status: DeliveryStatus.Failed, attempts: 1 });
    expect(failed!.lastError).to.include({ status: 422, message: 'idempotency-key-reuse' });
    expect(orderPosts(await serverRequests(endpoint), order.orderId).map((r) => r.status)).to.deep.equal([201, 422]);
    expect(seen).to.deep.equal(['queued', 'failed']);
  });

  it('sends an order once when two queues replay it at the same moment', async () => {
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ pass: true, delayMs: 300 }] });
    const store = freshStore();
    const tabA = new OrderQueue({ store });
    const tabB = new OrderQueue({ store });
    const order = sampleOrder();
    await tabA.enqueue(order, absolute(endpoint));
    const [a, b] = await Promise.all([tabA.replay(), tabB.replay(), tabA.replay(), tabB.replay()]);
    expect(orderPosts(await serverRequests(endpoint), order.orderId)).to.have.length(1);
    expect(a!.delivered + b!.delivered).to.be.at.most(1);
    expect((await store.get(order.orderId))!.status).to.equal(DeliveryStatus.Delivered);
  });

  it('leaves an order alone while its lock is held elsewhere (a payment, another tab), and delivers it after', async () => {
    const endpoint = testEndpoint();
    const queue = new OrderQueue({ store: freshStore() });
    const order = sampleOrder();
    await queue.enqueue(order, absolute(endpoint));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holding = navigator.locks.request(orderLockName(order.orderId), () => held);
    await sleep(10);
    expect(await queue.replay()).to.include({ delivered: 0, waiting: 1 });
    expect(await serverRequests(endpoint)).to.deep.equal([]);
    release();
    await holding;
    expect(await queue.replay()).to.include({ delivered: 1 });
  });

  it('sends again, with the same key, an order whose sender died mid-request; the server records it once', async () => {
    const endpoint = testEndpoint();
    const store = freshStore();
    const queue = new OrderQueue({ store });
    const order = sampleOrder();
    await queue.enqueue(order, absolute(endpoint));
    // What a tab closed mid-request leaves: the server has the order, the record says delivering.
    await fetch(`${endpoint}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': order.orderId },
      body: JSON.stringify((await store.get(order.orderId))!.order),
    });
    await store.put(markDelivering((await store.get(order.orderId))!, Date.now(), 25_000));
    expect((await queue.replay()).delivered, 'its lease has not ended').to.equal(0);
    expect((await queue.replay(Date.now(), { ignoreBackoff: true })).delivered).to.equal(1);
    expect(orderPosts(await serverRequests(endpoint), order.orderId).map((r) => r.status)).to.deep.equal([201, 200]);
    expect(await serverOrders(endpoint)).to.have.length(1);
    expect((await store.get(order.orderId))!).to.include({ status: DeliveryStatus.Delivered, attempts: 2 });
  });

  it('probes a merchant that is down once per pass instead of sending every order', async () => {
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: Array.from({ length: 20 }, () => ({ status: 503 })) });
    const queue = new OrderQueue({ store: freshStore(), concurrency: 1, random: () => 0.9 });
    for (let i = 0; i < 5; i++) await queue.enqueue(sampleOrder(), absolute(endpoint));
    const pass = await queue.replay();
    expect(pass).to.include({ retried: 1, waiting: 5 });
    expect(await serverRequests(endpoint)).to.have.length(1);
    expect((await queue.replay()).retried, 'the others wait for the probe\'s backoff').to.equal(0);
    // The hold-back grows with the endpoint's failures in a row, whichever order was the probe:
    // the second probe (a fresh order, 1 s backoff of its own) holds the endpoint for 1.8 s.
    const start = Date.now();
    expect((await queue.replay(start + 1000)).retried).to.equal(1);
    expect((await queue.replay(start + 1500)).retried).to.equal(0);
    expect(await serverRequests(endpoint)).to.have.length(2);
  });

  it('lets connectivity signals end the wait for an unreachable merchant, not for one answering 503', async () => {
    const down = testEndpoint();
    const unreachable = 'http://127.0.0.1:9/checkout'; // a blocked port: every attempt is a network error
    await scriptFaults(down, { method: 'POST', path: '/orders', responses: Array.from({ length: 5 }, () => ({ status: 503 })) });
    const queue = new OrderQueue({ store: freshStore(), random: () => 0.9 });
    await queue.enqueue(sampleOrder(), absolute(down));
    await queue.enqueue(sampleOrder(), unreachable);
    expect(await queue.replay()).to.include({ retried: 2 });
    const online = await queue.replay(Date.now(), { ignoreBackoff: 'network' });
    expect(online.retried, 'only the unreachable one is tried again').to.equal(1);
    expect(await serverRequests(down)).to.have.length(1);
    expect((await queue.replay(Date.now(), { ignoreBackoff: true })).retried, 'a flush tries both').to.equal(2);
  });

  it('expires an order still undelivered after seven days: kept, visible, never sent', async () => {
    const endpoint = testEndpoint();
    const queue = new OrderQueue({ store: freshStore() });
    const seen = watch(queue);
    const order = sampleOrder();
    await queue.enqueue(order, absolute(endpoint));
    expect(await queue.replay(Date.now() + RETENTION_MS + 1000)).to.include({ expired: 1, delivered: 0 });
    expect((await queue.list())[0]!.status).to.equal(DeliveryStatus.Expired);
    expect(await serverRequests(endpoint)).to.deep.equal([]);
    expect(seen).to.deep.equal(['queued', 'expired']);
  });

  it('removes a delivered order only once a page acknowledged it, or a retention period later', async () => {
    const endpoint = testEndpoint();
    const store = freshStore();
    const queue = new OrderQueue({ store });
    const [a, b] = [sampleOrder(), sampleOrder()];
    await queue.enqueue(a, absolute(endpoint));
    await queue.enqueue(b, absolute(endpoint));
    expect(await queue.replay()).to.include({ delivered: 2 });
    expect((await store.all()).map((r) => r.status)).to.deep.equal([DeliveryStatus.Delivered, DeliveryStatus.Delivered]);
    expect(await queue.acknowledge(a.orderId)).to.equal(true);
    expect(await store.get(a.orderId)).to.equal(undefined);
    await queue.replay(Date.now() + RETENTION_MS - 60_000);
    expect(await store.get(b.orderId), 'still waiting for a page').to.exist;
    await queue.replay(Date.now() + RETENTION_MS + 60_000);
    expect(await store.get(b.orderId)).to.equal(undefined);
  });

  it('refuses to acknowledge an order that is not delivered', async () => {
    const queue = new OrderQueue({ store: freshStore() });
    const order = sampleOrder();
    await queue.enqueue(order, absolute(testEndpoint()));
    expect(await queue.acknowledge(order.orderId)).to.equal(false);
    expect(await queue.list()).to.have.length(1);
  });
});

describe('storage after these flows', () => {
  it('holds no card number and no client secret in any IndexedDB database', async () => {
    const scan = await scanIndexedDb();
    expect(scan.records, 'the flows above left records to scan').to.be.above(5);
    expect(scan.findings).to.deep.equal([]);
  });
});
