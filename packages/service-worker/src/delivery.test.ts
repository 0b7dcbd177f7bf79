import { expect } from '@open-wc/testing';
import { retryAfterMs } from '@relais/contracts';
import { BACKOFF_CAP_MS, backoffDelay, postOrder, applyOutcome } from './delivery.js';
import { DeliveryStatus, createRecord, markDelivering, type OrderRecord } from './order-record.js';
import { adminGet, scriptFaults, serverOrders, serverRequests, testEndpoint } from '../../../test/api.js';
import { absolute, orderPosts, sampleOrder } from '../../../test/queue.js';

function recordFor(endpoint: string, order = sampleOrder()): OrderRecord {
  const check = createRecord(order, absolute(endpoint), Date.now());
  if (!check.ok) throw new Error(check.code);
  return markDelivering(check.record, Date.now(), 25_000);
}

describe('delivering one order', () => {
  it('sends the order with its id as Idempotency-Key; 201, then the server\'s 200 replay, both count as delivered', async () => {
    const endpoint = testEndpoint();
    const record = recordFor(endpoint);
    expect(await postOrder(record)).to.deep.equal({ kind: 'delivered', status: 201 });
    expect(await postOrder(record)).to.deep.equal({ kind: 'delivered', status: 200 });
    const orders = await serverOrders(endpoint);
    expect(orders.map((order) => order.orderId)).to.deep.equal([record.orderId]);
    expect(orders[0]!.order).to.deep.equal(record.order);
    expect(orderPosts(await serverRequests(endpoint), record.orderId).map((r) => r.status)).to.deep.equal([201, 200]);
  });

  it('says when the queue took the order with ?queued-at= on the orders URL, and the server keeps it with the order', async () => {
    const endpoint = testEndpoint();
    const record = { ...recordFor(endpoint), createdAt: Date.now() - 90_000 };
    expect(await postOrder(record)).to.deep.equal({ kind: 'delivered', status: 201 });
    const listed = await adminGet<Array<{ orderId: string; queuedAt?: string }>>(endpoint, '/orders');
    expect(listed.map(({ orderId, queuedAt }) => ({ orderId, queuedAt }))).to.deep.equal([
      { orderId: record.orderId, queuedAt: new Date(record.createdAt).toISOString() },
    ]);
    expect(orderPosts(await serverRequests(endpoint), record.orderId).map((r) => r.status)).to.deep.equal([201]);
  });

  it('adds no header to the CORS preflight: only Content-Type and Idempotency-Key, the queued-at in the URL-encoded query', async () => {
    const sent: Request[] = [];
    const record = { ...recordFor(testEndpoint()), createdAt: Date.now() - 90_000 };
    const outcome = await postOrder(record, {
      fetch: async (input, init) => {
        sent.push(new Request(input, init));
        return new Response(null, { status: 201 });
      },
    });
    expect(outcome).to.deep.equal({ kind: 'delivered', status: 201 });
    expect([...sent[0]!.headers.keys()]).to.deep.equal(['content-type', 'idempotency-key']);
    const queuedAt = new Date(record.createdAt).toISOString();
    expect(sent[0]!.url).to.equal(`${record.endpoint}/orders?queued-at=${encodeURIComponent(queuedAt)}`);
  });

  it('keeps the order on 503, 429 and network errors, and fails it on 422 and 400', async () => {
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, {
      method: 'POST',
      path: '/orders',
      responses: [{ status: 503 }, { status: 429 }, { status: 422, body: { error: 'idempotency-key-reuse' } }, { status: 400, body: { error: 'invalid-order', field: 'amount' } }],
    });
    const record = recordFor(endpoint);
    const kinds = [];
    for (let i = 0; i < 4; i++) {
      const outcome = await postOrder(record);
      kinds.push(outcome.kind === 'delivered' ? outcome.kind : `${outcome.kind}:${outcome.error.code}:${outcome.error.message}`);
    }
    expect(kinds).to.deep.equal(['retry:http:HTTP 503', 'retry:http:HTTP 429', 'rejected:http:idempotency-key-reuse', 'rejected:http:invalid-order']);
    // Port 9 is on the browser's blocked-port list: the fetch fails as a network error, every time.
    // (Not a scripted `{network: true}`: Chromium silently re-sends a POST whose reused keep-alive
    // socket closed without an answer, so the server sees the fault consumed twice.)
    const unreachable = await postOrder({ ...record, endpoint: 'http://127.0.0.1:9/checkout' });
    expect(unreachable).to.deep.include({ kind: 'retry' });
    expect(unreachable.kind === 'retry' && unreachable.error).to.include({ code: 'network', message: 'network error' });
  });

  it('keeps only the server\'s error code, never the text of its answer', async () => {
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ status: 409, body: { error: 'Card 4242 4242 4242 4242 refused' } }] });
    const outcome = await postOrder(recordFor(endpoint));
    expect(outcome).to.deep.include({ kind: 'rejected' });
    expect(outcome.kind === 'rejected' && outcome.error.message).to.equal('HTTP 409');
  });

  it('gives up waiting after its timeout and keeps the order', async () => {
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ hang: true }] });
    const outcome = await postOrder(recordFor(endpoint), { timeoutMs: 200 });
    expect(outcome.kind).to.equal('retry');
    expect(outcome.kind === 'retry' && outcome.error.code).to.equal('timeout');
  });

  it('honours Retry-After in seconds or as a date, even over a shorter backoff', async () => {
    const now = Date.now();
    expect(retryAfterMs('120', now)).to.equal(120_000);
    expect(retryAfterMs(new Date(now + 60_000).toUTCString(), now)).to.be.within(59_000, 60_000);
    expect(retryAfterMs('soon', now)).to.equal(undefined);
    expect(retryAfterMs(null, now)).to.equal(undefined);
    // Strict: neither a fraction nor a negative number is delay-seconds.
    expect(retryAfterMs('1.5', now)).to.equal(undefined);
    expect(retryAfterMs('-3', now)).to.equal(undefined);

    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ status: 503, headers: { 'retry-after': '30' } }] });
    const record = recordFor(endpoint);
    const outcome = await postOrder(record);
    expect(outcome).to.deep.include({ kind: 'retry', retryAfterMs: 30_000 });
    const kept = applyOutcome(record, outcome, now, () => 0);
    expect(kept.status).to.equal(DeliveryStatus.Pending);
    expect(kept.nextAttemptAt).to.equal(now + 30_000);
    expect(kept.lastError).to.include({ code: 'http', status: 503, retryAt: now + 30_000 });
  });

  it('backs off with full jitter under a ceiling that doubles from 1 s to a 5 min cap', () => {
    expect(backoffDelay(1, () => 0)).to.equal(0);
    expect(backoffDelay(1, () => 0.999)).to.equal(999);
    expect(backoffDelay(3, () => 0.999)).to.equal(3996);
    expect(backoffDelay(30, () => 0.999)).to.equal(Math.floor(0.999 * BACKOFF_CAP_MS));
    const delays = Array.from({ length: 200 }, () => backoffDelay(4));
    expect(Math.min(...delays)).to.be.at.least(0);
    expect(Math.max(...delays)).to.be.below(8000);
    expect(new Set(delays).size, 'jittered, not fixed').to.be.above(100);
  });

  it('settles: delivered clears the error, rejected keeps it and is final', () => {
    const record = { ...recordFor(testEndpoint()), lastError: { code: 'network' as const, message: 'network error', at: 1 } };
    expect(applyOutcome(record, { kind: 'delivered', status: 201 }, 5)).to.include({ status: DeliveryStatus.Delivered, lastError: null, updatedAt: 5 });
    const error = { code: 'http' as const, status: 422, message: 'idempotency-key-reuse', at: 5 };
    expect(applyOutcome(record, { kind: 'rejected', error }, 5)).to.deep.include({ status: DeliveryStatus.Failed, lastError: error });
  });
});
