import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore } from '@relais/server';
import { databaseOf } from '../../../server/dist/order-store.js';
import { fakePayPalApi } from '../../../server/dist/paypal/fake-paypal-api.js';
import { livePayPalGateway } from '../../../server/dist/paypal/live-gateway.js';
import { ProviderError } from '@relais/server/provider-kit';
import { assertConforms, openApiSpec, recording, validateAgainst, type Exchange, type SeenRequest } from '../spec-fixtures.js';
import { captureJson, orderJson, paypalWebhookEvent } from './paypal-json.js';
import { sandboxPayPal } from './paypal-psp.js';
import { sandboxPayPalRest } from './paypal-rest.js';
import { approveRoute } from './paypal-routes.js';

// PayPal's own Orders v2 and webhook documents (test/fixtures/specs/paypal), checked by ajv.
const orders = openApiSpec('paypal/checkout_orders_v2');
const webhooks = openApiSpec('paypal/notifications_webhooks_v1');

/** The operation of Orders v2 a request is, as PayPal's document names it. */
function operationOf(request: SeenRequest): string | undefined {
  const path = request.url.pathname;
  if (path === '/v2/checkout/orders' && request.method === 'POST') return 'orders.create';
  if (/^\/v2\/checkout\/orders\/[^/]+\/capture$/.test(path)) return 'orders.capture';
  if (/^\/v2\/checkout\/orders\/[^/]+$/.test(path) && request.method === 'GET') return 'orders.get';
  return undefined; // the OAuth2 token, which the Orders document does not describe
}

/** Every Orders v2 request validates as its operation's request body, every answer as its documented response. */
function assertExchangesConform(exchanges: Exchange[]): number {
  let checked = 0;
  for (const { request, status, body } of exchanges) {
    const operation = operationOf(request);
    if (!operation) continue;
    if (request.method === 'POST') {
      assertConforms(orders, { operation, request: true }, JSON.parse(request.body), `${operation} request`);
      assert.match(request.headers.get('paypal-request-id') ?? '', /:paypal:(create|capture)/, `${operation} carries a PayPal-Request-Id`);
    }
    assert.match(request.headers.get('authorization') ?? '', /^Bearer \S+$/);
    assertConforms(orders, { operation, status }, body, `${operation} answer ${status}`);
    checked++;
  }
  return checked;
}

function setup() {
  const psp = sandboxPayPal(databaseOf(openOrderStore())!);
  const api = recording(sandboxPayPalRest(psp));
  const gateway = livePayPalGateway({ clientId: 'sandbox-client', clientSecret: 'sandbox-secret', environment: 'sandbox', fetch: api.fetch });
  return { psp, gateway, exchanges: api.exchanges };
}

const anOrder = (orderId = 'ord-1') => ({ orderId, amount: 4990, currency: 'EUR', requestId: `${orderId}:paypal:create` });

describe('PayPal: the live gateway against the sandbox, checked against PayPal\'s Orders v2 document', () => {
  test('the checks refuse what the document does not allow: an unknown status, an invented field, a number for a decimal string, another issue text', () => {
    const good = { id: 'SBX1', status: 'COMPLETED', purchase_units: [{ custom_id: 'ord-1', amount: { currency_code: 'EUR', value: '49.90' } }] };
    assert.deepEqual(validateAgainst(orders, { schema: 'order' }, good), []);
    assert.equal(validateAgainst(orders, { schema: 'order' }, { ...good, status: 'PAID' }).length, 1);
    assert.deepEqual(validateAgainst(orders, { schema: 'order' }, { ...good, captureId: 'X' }), ['/captureId is not in the schema']);
    assert.notDeepEqual(validateAgainst(orders, { operation: 'orders.create', request: true }, { intent: 'CAPTURE', purchase_units: [{ amount: { currency_code: 'EUR', value: 49.9 } }] }), []);
    const declined = { name: 'UNPROCESSABLE_ENTITY', details: [{ issue: 'INSTRUMENT_DECLINED', description: 'Declined.' }] };
    assert.notDeepEqual(validateAgainst(orders, { operation: 'orders.capture', status: 422 }, declined), []);
  });

  test('create, buyer approval, capture and get: every request and answer conforms, and the capture id comes back', async () => {
    const { psp, gateway, exchanges } = setup();
    const created = await gateway.createOrder(anOrder());
    assert.equal(created.status, 'CREATED');
    psp.approve(created.id, { decline: false });
    const captured = await gateway.capture(created.id, 'ord-1:paypal:capture');
    assert.equal(captured.ok, true);
    const order = await gateway.getOrder(created.id);
    assert.deepEqual(order, { id: created.id, status: 'COMPLETED', customId: 'ord-1', amount: { amount: 4990, currency: 'EUR' }, captureId: captured.ok ? captured.captureId : '' });
    assert.equal(assertExchangesConform(exchanges), 3);
    const capture = exchanges.find((exchange) => operationOf(exchange.request) === 'orders.capture')!;
    assertConforms(orders, { schema: 'capture' }, (capture.body as { purchase_units: Array<{ payments: { captures: unknown[] } }> }).purchase_units[0]!.payments.captures[0], 'the capture');
  });

  test('the gateway asks for the full representation: PayPal\'s default answer (id, status, links) has no capture id', async () => {
    const { psp, gateway, exchanges } = setup();
    const created = await gateway.createOrder(anOrder());
    assert.ok(exchanges.every((exchange) => exchange.request.url.pathname.startsWith('/v1/oauth2') || exchange.request.headers.get('prefer') === 'return=representation'));
    psp.approve(created.id, { decline: false });
    const current = psp.getOrder(created.id);
    assert.ok(current.ok);
    const minimal = orderJson(current.order, { representation: false, apiBase: 'https://api-m.sandbox.paypal.com' });
    assert.deepEqual(Object.keys(minimal).sort(), ['id', 'links', 'status']);
    assertConforms(orders, { operation: 'orders.get', status: 200 }, minimal, 'the minimal order');
  });

  test('a declined instrument: 422 UNPROCESSABLE_ENTITY with issue INSTRUMENT_DECLINED in PayPal\'s error shape, reported as a refusal', async () => {
    const { psp, gateway, exchanges } = setup();
    const created = await gateway.createOrder(anOrder());
    psp.approve(created.id, { decline: true });
    const refused = await gateway.capture(created.id, 'ord-1:paypal:capture');
    assert.deepEqual({ ok: refused.ok, issue: refused.ok ? '' : refused.issue }, { ok: false, issue: 'INSTRUMENT_DECLINED' });
    const answer = exchanges.at(-1)!;
    assert.equal(answer.status, 422);
    assert.equal((answer.body as { name: string }).name, 'UNPROCESSABLE_ENTITY');
    assertExchangesConform(exchanges);
  });

  test('capturing before approval (ORDER_NOT_APPROVED) and twice (ORDER_ALREADY_CAPTURED) answer PayPal\'s documented 422 issues', async () => {
    const { psp, gateway, exchanges } = setup();
    const created = await gateway.createOrder(anOrder());
    const early = await gateway.capture(created.id, 'ord-1:paypal:capture');
    assert.equal(early.ok ? '' : early.issue, 'ORDER_NOT_APPROVED');
    psp.approve(created.id, { decline: false });
    assert.equal((await gateway.capture(created.id, 'ord-1:paypal:capture')).ok, true);
    // The same request id replays the capture; another one is a second capture, refused.
    assert.equal((await gateway.capture(created.id, 'ord-1:paypal:capture')).ok, true);
    const again = await gateway.capture(created.id, 'ord-1:paypal:capture-2');
    assert.equal(again.ok ? '' : again.issue, 'ORDER_ALREADY_CAPTURED');
    assertExchangesConform(exchanges);
  });

  test('an unknown order: 404 RESOURCE_NOT_FOUND, INVALID_RESOURCE_ID, as documented', async () => {
    const { gateway, exchanges } = setup();
    await assert.rejects(gateway.getOrder('SBXUNKNOWN0000000'), (error: unknown) => error instanceof ProviderError && error.code === 'INVALID_RESOURCE_ID' && error.status === 404);
    assert.equal(assertExchangesConform(exchanges), 1);
  });

  test('a create PayPal\'s document refuses is refused by the sandbox too (400 INVALID_REQUEST in PayPal\'s shape)', async () => {
    const { psp } = setup();
    const rest = sandboxPayPalRest(psp);
    const token = (await (await rest('https://api-m.sandbox.paypal.com/v1/oauth2/token', { method: 'POST', headers: { authorization: 'Basic eDp5' }, body: 'grant_type=client_credentials' })).json()) as { access_token: string };
    const badBody = { intent: 'CAPTURE', purchase_units: [{ amount: { currency_code: 'EUR', value: 49.9 } }] };
    assert.notDeepEqual(validateAgainst(orders, { operation: 'orders.create', request: true }, badBody), []);
    const response = await rest('https://api-m.sandbox.paypal.com/v2/checkout/orders', {
      method: 'POST', headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' }, body: JSON.stringify(badBody),
    });
    assert.equal(response.status, 400);
    assertConforms(orders, { operation: 'orders.create', status: 400 }, await response.json(), 'the 400');
  });

  test('webhook events the sandbox would send conform to PayPal\'s event schema, their resources to capture and order', async () => {
    const { psp, gateway } = setup();
    const created = await gateway.createOrder(anOrder());
    psp.approve(created.id, { decline: false });
    await gateway.capture(created.id, 'ord-1:paypal:capture');
    const order = psp.getOrder(created.id);
    assert.ok(order.ok);
    const captured = paypalWebhookEvent(order.order, 'PAYMENT.CAPTURE.COMPLETED', 'WH-1', 'https://api-m.sandbox.paypal.com');
    assertConforms(webhooks, { schema: 'event' }, captured, 'PAYMENT.CAPTURE.COMPLETED');
    assertConforms(orders, { schema: 'capture' }, captured['resource'], 'its resource');
    const approved = paypalWebhookEvent(order.order, 'CHECKOUT.ORDER.APPROVED', 'WH-2', 'https://api-m.sandbox.paypal.com');
    assertConforms(webhooks, { schema: 'event' }, approved, 'CHECKOUT.ORDER.APPROVED');
    assertConforms(orders, { schema: 'order' }, approved['resource'], 'its resource');
    assertConforms(orders, { schema: 'capture' }, captureJson(order.order, 'https://api-m.sandbox.paypal.com'), 'the capture');
  });

  test('the buyer\'s approval route answers the minimal order representation (approval is PayPal\'s page, not an API: no request schema)', async () => {
    const { psp, gateway } = setup();
    const created = await gateway.createOrder(anOrder());
    const response = await approveRoute(psp)(new Request('http://shop.test/sandbox/paypal/orders/x/approve', { method: 'POST', body: '{}' }), { id: created.id });
    assertConforms(orders, { operation: 'orders.get', status: 200 }, await response.json(), 'the approval');
    const missing = await approveRoute(psp)(new Request('http://shop.test/sandbox/paypal/orders/x/approve', { method: 'POST', body: '{}' }), { id: 'SBXUNKNOWN0000000' });
    assertConforms(orders, { operation: 'orders.get', status: 404 }, await missing.json(), 'the approval of an unknown order');
  });

  test('the in-memory PayPal the gateway\'s unit tests use answers documented shapes too', async () => {
    const fake = fakePayPalApi();
    const api = recording(fake.fetch);
    const gateway = livePayPalGateway({ clientId: 'c', clientSecret: 's', environment: 'sandbox', fetch: api.fetch });
    const created = await gateway.createOrder(anOrder());
    await gateway.capture(created.id, 'ord-1:paypal:capture');
    await gateway.getOrder(created.id);
    await assert.rejects(gateway.getOrder('UNKNOWN'));
    assert.equal(assertExchangesConform(api.exchanges), 4);
  });
});
