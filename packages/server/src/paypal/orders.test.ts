import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, type Handler } from '../index.js';
import { anOrder, post, recordOrder } from '../fixtures.js';
import { databaseOf } from '../order-store.js';
import { sandbox } from '../test-lab.js';

const CREATE = '/paypal/orders';

function setup() {
  const store = openOrderStore();
  const handler = createRelaisHandler({ store, sandbox });
  const orders = () =>
    databaseOf(store)!.prepare('SELECT id, status, capture_id AS captureId FROM sandbox_paypal_orders').all() as Array<{
      id: string; status: string; captureId: string | null;
    }>;
  return { handler, orders };
}

const body = (overrides: Record<string, unknown> = {}) => ({ orderId: 'ord-1', amount: 4990, currency: 'EUR', ...overrides });

async function createOrder(handler: Handler, request = body()): Promise<string> {
  const response = await post(handler, request, { path: CREATE });
  assert.equal(response.status, 200);
  return ((await response.json()) as { id: string }).id;
}

/** What the stand-in does when the shopper approves in the PayPal window. */
function approve(handler: Handler, id: string, approval: Record<string, unknown> = {}): Promise<Response> {
  return post(handler, approval, { path: `/sandbox/paypal/orders/${id}/approve`, key: null });
}

/** What the element sends: `{orderId}` with its idempotency key. */
function capture(handler: Handler, id: string, orderId = 'ord-1'): Promise<Response> {
  return post(handler, { orderId }, { path: `/paypal/orders/${id}/capture`, key: `${orderId}:paypal:capture` });
}

async function issueOf(response: Response): Promise<string | undefined> {
  const answer = (await response.json()) as { name?: string; details?: Array<{ issue?: string }> };
  assert.equal(answer.name, 'UNPROCESSABLE_ENTITY');
  return answer.details?.[0]?.issue;
}

describe('POST /paypal/orders', () => {
  test('creates one PayPal order for the order and answers its id', async () => {
    const { handler, orders } = setup();
    const id = await createOrder(handler);
    assert.match(id, /^SBX[A-Z0-9]{14}$/);
    assert.deepEqual(orders(), [{ id, status: 'CREATED', captureId: null }]);
  });

  test('20 concurrent requests for one order create one PayPal order and all answer its id', async () => {
    const { handler, orders } = setup();
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(handler, body(), { path: CREATE })));
    const ids = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as { id: string }).id)));
    assert.equal(ids.size, 1);
    assert.equal(orders().length, 1);
  });

  test('another amount for the same order answers 409 amount-mismatch and keeps the order', async () => {
    const { handler, orders } = setup();
    await createOrder(handler);
    const response = await post(handler, body({ amount: 5990 }), { path: CREATE });
    assert.equal(response.status, 409);
    assert.deepEqual(await response.json(), { error: 'amount-mismatch', amount: 4990, currency: 'EUR' });
    assert.equal(orders().length, 1);
  });

  test('a paid order answers 409 already-paid', async () => {
    const { handler } = setup();
    const id = await createOrder(handler);
    await approve(handler, id);
    await capture(handler, id);
    const response = await post(handler, body(), { path: CREATE });
    assert.equal(response.status, 409);
    assert.deepEqual(await response.json(), { error: 'already-paid' });
  });

  test('an invalid body is refused with the field named', async () => {
    const { handler } = setup();
    const response = await post(handler, body({ currency: 'euro' }), { path: CREATE });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: 'invalid-request', field: 'currency' });
  });
});

describe('POST /paypal/orders/{id}/capture', () => {
  test('before the shopper approved, capture answers 422 ORDER_NOT_APPROVED', async () => {
    const { handler, orders } = setup();
    const id = await createOrder(handler);
    const response = await capture(handler, id);
    assert.equal(response.status, 422);
    assert.equal(await issueOf(response), 'ORDER_NOT_APPROVED');
    assert.equal(orders()[0]!.status, 'CREATED');
  });

  test('after approval, capture answers COMPLETED with the capture id and the Relais order id', async () => {
    const { handler, orders } = setup();
    const id = await createOrder(handler);
    const approved = await approve(handler, id);
    assert.deepEqual(await approved.json(), { id, status: 'APPROVED' });
    const response = await capture(handler, id);
    assert.equal(response.status, 200);
    const [order] = orders();
    assert.deepEqual(await response.json(), { status: 'COMPLETED', captureId: order!.captureId, orderId: 'ord-1' });
    assert.match(order!.captureId!, /^SBX[A-Z0-9]{14}$/);
  });

  test('20 concurrent captures capture once and all answer the same, 200', async () => {
    const { handler, orders } = setup();
    const id = await createOrder(handler);
    await approve(handler, id);
    const responses = await Promise.all(Array.from({ length: 20 }, () => capture(handler, id)));
    assert.deepEqual(new Set(responses.map((r) => r.status)), new Set([200]));
    const bodies = new Set(await Promise.all(responses.map((r) => r.text())));
    assert.equal(bodies.size, 1);
    assert.equal(orders().filter((order) => order.captureId !== null).length, 1);
  });

  test('a capture after a decline approval answers 422 INSTRUMENT_DECLINED once', async () => {
    const { handler } = setup();
    const id = await createOrder(handler);
    await approve(handler, id, { fault: 'decline' });
    const declined = await capture(handler, id);
    assert.equal(declined.status, 422);
    assert.equal(await issueOf(declined), 'INSTRUMENT_DECLINED');
    // The shopper picks another funding source in PayPal and approves again.
    await approve(handler, id);
    assert.equal((await capture(handler, id)).status, 200);
  });

  test('capture may be a bare POST, as PayPal\'s own is', async () => {
    const { handler } = setup();
    const id = await createOrder(handler);
    await approve(handler, id);
    const secret = await recordOrder(handler, anOrder({ method: 'paypal' }));
    const response = await handler(new Request(`http://shop.test/paypal/orders/${id}/capture`, { method: 'POST', headers: { 'relais-order-secret': secret } }));
    assert.equal(response.status, 200);
  });

  test('an unknown PayPal order answers 404 unknown-order', async () => {
    const { handler } = setup();
    const response = await capture(handler, 'SBXNOPE');
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: 'unknown-order' });
  });

  test('capturing another order\'s PayPal order is refused with 409', async () => {
    const { handler, orders } = setup();
    const id = await createOrder(handler);
    await approve(handler, id);
    const response = await capture(handler, id, 'ord-2');
    assert.equal(response.status, 409);
    assert.deepEqual(await response.json(), { error: 'order-mismatch' });
    assert.equal(orders()[0]!.captureId, null);
  });
});

describe('sandbox PayPal approve', () => {
  test('an unknown order answers PayPal\'s 404 RESOURCE_NOT_FOUND', async () => {
    const { handler } = setup();
    const response = await approve(handler, 'SBXUNKNOWN000000');
    assert.equal(response.status, 404);
    const answer = (await response.json()) as { name: string; details: Array<{ issue: string }> };
    assert.equal(answer.name, 'RESOURCE_NOT_FOUND');
    assert.equal(answer.details[0]?.issue, 'INVALID_RESOURCE_ID');
  });

  test('an unknown fault or field is refused with 400', async () => {
    const { handler } = setup();
    const id = await createOrder(handler);
    assert.equal((await approve(handler, id, { fault: 'explode' })).status, 400);
    assert.equal((await approve(handler, id, { payer: 'x' })).status, 400);
  });

  test('a captured order cannot be approved again', async () => {
    const { handler } = setup();
    const id = await createOrder(handler);
    await approve(handler, id);
    await capture(handler, id);
    const response = await approve(handler, id);
    assert.equal(response.status, 422);
    assert.equal(await issueOf(response), 'ORDER_ALREADY_CAPTURED');
  });
});
