/**
 * The built worker (`public/relais-sw.js`, served at /relais-sw.js) in Chromium, with a real
 * IndexedDB shared with this page. The page only writes records here (an `OrderQueue` it never
 * replays): every delivery below is the worker's.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { OrderQueue } from './queue.js';
import { idbRecordStore } from './record-store.js';
import { DeliveryStatus } from './order-record.js';
import { SYNC_TAG } from './messages.js';
import { scriptFaults, serverOrders, serverRequests, testEndpoint } from '../../../test/api.js';
import { absolute, eventually, orderPosts, registerQueueWorker, sampleOrder, sleep, workerMessages } from '../../../test/queue.js';
import { scanIndexedDb } from '../../../test/storage-scan.js';

const store = idbRecordStore(); // the worker's own database: `relais-orders`
const page = new OrderQueue({ store });
let registration: ServiceWorkerRegistration;

/** Asks the worker to replay, as the page queue does; posting also starts a stopped worker. */
function askWorker(ignoreBackoff = true): void {
  registration.active!.postMessage({ type: 'relais-replay', ignoreBackoff });
}

const statusOf = async (orderId: string) => (await store.get(orderId))?.status;

describe('the order-queue service worker', () => {
  before(async () => {
    registration = await registerQueueWorker();
  });

  it('takes control of the page at once (skipWaiting, clients.claim) and has no fetch handler in the way', async () => {
    await eventually(() => navigator.serviceWorker.controller, { what: 'a controller' });
    expect(navigator.serviceWorker.controller!.scriptURL).to.equal(absolute('/relais-sw.js'));
    expect((await fetch(`${testEndpoint()}/__orders`)).ok).to.equal(true);
  });

  it('delivers on a Background Sync event and tells every page', async () => {
    const endpoint = testEndpoint();
    const news = workerMessages();
    const order = sampleOrder();
    await page.enqueue(order, absolute(endpoint));
    await executeServerCommand('sw-dispatch-sync', { tag: SYNC_TAG });
    await eventually(() => news.messages.find((m) => m.orderId === order.orderId), { what: 'the delivered message' });
    news.stop();
    expect(news.messages.filter((m) => m.orderId === order.orderId)).to.deep.equal([
      { type: 'relais-order-delivered', orderId: order.orderId, status: DeliveryStatus.Delivered },
    ]);
    expect(orderPosts(await serverRequests(endpoint), order.orderId).map((r) => r.status)).to.deep.equal([201]);
    expect(await statusOf(order.orderId), 'kept until a page acknowledges it').to.equal(DeliveryStatus.Delivered);
    expect(await page.acknowledge(order.orderId)).to.equal(true);
  });

  it('keeps an order the server answered 503, then delivers it once when asked again', async () => {
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ status: 503 }] });
    const order = sampleOrder();
    await page.enqueue(order, absolute(endpoint));
    askWorker();
    const kept = await eventually(async () => {
      const record = await store.get(order.orderId);
      return record?.status === DeliveryStatus.Pending && record.attempts === 1 && record;
    }, { what: 'the order kept after a 503' });
    expect(kept.lastError).to.include({ code: 'http', status: 503 });
    askWorker();
    await eventually(async () => (await statusOf(order.orderId)) === DeliveryStatus.Delivered, { what: 'delivery' });
    expect(orderPosts(await serverRequests(endpoint), order.orderId).map((r) => r.status)).to.deep.equal([503, 201]);
    await page.acknowledge(order.orderId);
  });

  it('fails an order the server refuses (422), tells the page, and never sends it again', async () => {
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ status: 422, body: { error: 'idempotency-key-reuse' } }] });
    const news = workerMessages();
    const order = sampleOrder();
    await page.enqueue(order, absolute(endpoint));
    askWorker();
    await eventually(() => news.messages.find((m) => m.orderId === order.orderId), { what: 'the failed message' });
    askWorker();
    await executeServerCommand('sw-dispatch-sync', { tag: SYNC_TAG });
    await sleep(200);
    news.stop();
    expect(news.messages.filter((m) => m.orderId === order.orderId)).to.deep.equal([
      { type: 'relais-order-failed', orderId: order.orderId, status: DeliveryStatus.Failed },
    ]);
    expect(orderPosts(await serverRequests(endpoint), order.orderId)).to.have.length(1);
    expect((await store.get(order.orderId))!.lastError).to.include({ status: 422, message: 'idempotency-key-reuse' });
  });

  it('sends an order once when the page and the worker replay it at the same moment', async () => {
    const endpoint = testEndpoint();
    // A slow answer, so both sides are surely at the order together.
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ pass: true, delayMs: 300 }] });
    const order = sampleOrder();
    await page.enqueue(order, absolute(endpoint));
    askWorker();
    await executeServerCommand('sw-dispatch-sync', { tag: SYNC_TAG });
    await Promise.all([page.replay(Date.now(), { ignoreBackoff: true }), page.replay(Date.now(), { ignoreBackoff: true })]);
    await eventually(async () => (await statusOf(order.orderId)) === DeliveryStatus.Delivered, { what: 'delivery' });
    await sleep(400); // anyone who would send a second time has had the time to
    expect(orderPosts(await serverRequests(endpoint), order.orderId)).to.have.length(1);
    await page.acknowledge(order.orderId);
  });

  it('loses no order and records none twice when stopped mid-delivery at random points, 50 times in a row', async function () {
    this.timeout(180_000);
    const endpoint = testEndpoint();
    const news = workerMessages();
    const orderIds: string[] = [];
    let stoppedMidDelivery = 0;
    for (let round = 0; round < 50; round++) {
      const order = sampleOrder();
      orderIds.push(order.orderId);
      // The server takes 0-120 ms to answer; the worker is stopped 0-150 ms after being asked:
      // before the request, while it is in flight, after the server stored it but before the
      // worker wrote it down, or after everything.
      await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ pass: true, delayMs: Math.floor(Math.random() * 120) }] });
      await page.enqueue(order, absolute(endpoint));
      askWorker();
      await sleep(Math.floor(Math.random() * 150));
      await executeServerCommand('sw-stop-all');
      if ((await statusOf(order.orderId)) === DeliveryStatus.Delivering) stoppedMidDelivery += 1;
      // Recovery: a later message starts the worker again, which finds the order pending or
      // interrupted (`delivering`, lock free) and sends it again under the same key.
      await eventually(async () => {
        if ((await statusOf(order.orderId)) === DeliveryStatus.Delivered) return true;
        askWorker();
        await sleep(100);
        return false;
      }, { timeoutMs: 10_000, what: `order ${round} delivered after the stop` });
    }
    news.stop();

    const recorded = (await serverOrders(endpoint)).map((order) => order.orderId);
    const posts = (await serverRequests(endpoint)).filter((r) => r.path === '/orders');
    const created = posts.filter((r) => r.status === 201);
    const lost = orderIds.filter((id) => !recorded.includes(id));
    expect(lost, 'lost').to.deep.equal([]);
    expect(recorded.length - new Set(recorded).size, 'recorded twice').to.equal(0);
    expect(recorded).to.have.length(50);
    expect(created.map((r) => r.key).sort(), 'one 201 per order').to.deep.equal([...orderIds].sort());
    const announcedTwice = orderIds.filter((id) => news.messages.filter((m) => m.orderId === id && m.type === 'relais-order-delivered').length > 1);
    expect(announcedTwice, 'announced delivered twice').to.deep.equal([]);
    // The stops did land mid-delivery (about 20 rounds in 50 here), so recovery was exercised:
    // requests cut off (status 0) and resends answered by the server's replay (200).
    const replays = posts.filter((r) => r.status === 200).length;
    const cut = posts.filter((r) => r.status === 0).length;
    expect(stoppedMidDelivery, `${stoppedMidDelivery} stops mid-delivery, ${cut} requests cut, ${replays} replays`).to.be.above(0);
    for (const id of orderIds) await page.acknowledge(id);
  });

  it('keeps a delivered order until a page acknowledges it', async () => {
    const endpoint = testEndpoint();
    const order = sampleOrder();
    await page.enqueue(order, absolute(endpoint));
    askWorker();
    await eventually(async () => (await statusOf(order.orderId)) === DeliveryStatus.Delivered, { what: 'delivery' });
    await executeServerCommand('sw-stop-all');
    askWorker(); // a new start replays: a delivered record is neither sent again nor dropped
    await sleep(300);
    expect(await statusOf(order.orderId)).to.equal(DeliveryStatus.Delivered);
    expect(orderPosts(await serverRequests(endpoint), order.orderId)).to.have.length(1);
    expect(await page.acknowledge(order.orderId)).to.equal(true);
    expect(await store.get(order.orderId)).to.equal(undefined);
  });
});

describe('storage after the worker\'s flows', () => {
  it('holds no card number and no client secret in any IndexedDB database', async () => {
    // A refused order, to be sure refusing writes nothing either.
    expect(await page.enqueue({ ...sampleOrder(), customer: { name: '4111-1111-1111-1111' } }, absolute(testEndpoint()))).to.deep.include({ ok: false });
    const scan = await scanIndexedDb();
    expect(scan.databases).to.include('relais-orders');
    expect(scan.records).to.be.above(0);
    expect(scan.findings).to.deep.equal([]);
  });
});
