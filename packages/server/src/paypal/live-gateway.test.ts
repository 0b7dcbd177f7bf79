import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, type Handler } from '../index.js';
import { post } from '../fixtures.js';
import { fakePayPalApi, type FakePayPalApi } from './fake-paypal-api.js';
import { livePayPalGateway } from './live-gateway.js';

const CLIENT_ID = 'AYrelaisClientId';
const CLIENT_SECRET = 'ELrelaisClientSecret';

function setup(environment: 'sandbox' | 'production' = 'sandbox') {
  const paypal = fakePayPalApi();
  const handler = createRelaisHandler({
    store: openOrderStore(),
    paypal: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, environment, fetch: paypal.fetch },
  });
  return { paypal, handler };
}

const body = (overrides: Record<string, unknown> = {}) => ({ orderId: 'ord-1', amount: 4990, currency: 'EUR', ...overrides });

async function createOrder(handler: Handler, request = body()): Promise<string> {
  return ((await (await post(handler, request, { path: '/paypal/orders' })).json()) as { id: string }).id;
}

const capture = (handler: Handler, id: string) => post(handler, { orderId: 'ord-1' }, { path: `/paypal/orders/${id}/capture` });
const apiCalls = (paypal: FakePayPalApi) => paypal.requests.filter((r) => r.url.pathname !== '/v1/oauth2/token');

describe('live PayPal Orders v2 over fetch', () => {
  test('the token is asked with client credentials, then the order is created with its request id', async () => {
    const { paypal, handler } = setup();
    const id = await createOrder(handler);
    const [token, create] = paypal.requests;

    assert.equal(token?.url.href, 'https://api-m.sandbox.paypal.com/v1/oauth2/token');
    assert.equal(token?.method, 'POST');
    assert.equal(token?.headers.get('authorization'), `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`);
    assert.equal(token?.body, 'grant_type=client_credentials');

    assert.equal(create?.url.href, 'https://api-m.sandbox.paypal.com/v2/checkout/orders');
    assert.equal(create?.method, 'POST');
    assert.equal(create?.headers.get('paypal-request-id'), 'ord-1:paypal:create');
    assert.equal(create?.headers.get('authorization'), 'Bearer A21AA-token-1');
    assert.deepEqual(JSON.parse(create!.body), {
      intent: 'CAPTURE',
      purchase_units: [{ custom_id: 'ord-1', amount: { currency_code: 'EUR', value: '49.90' } }],
    });
    assert.equal(id, [...paypal.orders.keys()][0]);
  });

  test('production talks to api-m.paypal.com', async () => {
    const { paypal, handler } = setup('production');
    await createOrder(handler);
    assert.deepEqual(new Set(paypal.requests.map((r) => r.url.origin)), new Set(['https://api-m.paypal.com']));
  });

  test('amounts go out as PayPal\'s decimal string for the currency\'s exponent', async () => {
    const { paypal, handler } = setup();
    await createOrder(handler, body({ orderId: 'ord-jpy', amount: 500, currency: 'JPY' }));
    await createOrder(handler, body({ orderId: 'ord-kwd', amount: 5, currency: 'KWD' }));
    const values = apiCalls(paypal).map((r) => (JSON.parse(r.body) as { purchase_units: Array<{ amount: { value: string } }> }).purchase_units[0]!.amount.value);
    assert.deepEqual(values, ['500', '0.005']);
  });

  test('20 concurrent creates for one order send one create and answer one id', async () => {
    const { paypal, handler } = setup();
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(handler, body(), { path: '/paypal/orders' })));
    const ids = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as { id: string }).id)));
    assert.equal(ids.size, 1);
    assert.equal(apiCalls(paypal).length, 1);
  });

  test('one token serves many calls; concurrent first calls ask for it once', async () => {
    const { paypal, handler } = setup();
    await Promise.all(['a', 'b', 'c'].map((suffix) => createOrder(handler, body({ orderId: `ord-${suffix}` }))));
    assert.equal(paypal.tokens.length, 1);
  });

  test('capture sends its request id, and 20 concurrent captures send one capture with one answer', async () => {
    const { paypal, handler } = setup();
    const id = await createOrder(handler);
    const responses = await Promise.all(Array.from({ length: 20 }, () => capture(handler, id)));
    const bodies = new Set(await Promise.all(responses.map((r) => r.text())));
    assert.equal(bodies.size, 1);
    assert.deepEqual(JSON.parse([...bodies][0]!), { status: 'COMPLETED', captureId: paypal.orders.get(id)!.captureId, orderId: 'ord-1' });
    const captures = apiCalls(paypal).filter((r) => r.url.pathname.endsWith('/capture'));
    assert.equal(captures.length, 1);
    assert.equal(captures[0]!.headers.get('paypal-request-id'), 'ord-1:paypal:capture');
    assert.equal(captures[0]!.url.href, `https://api-m.sandbox.paypal.com/v2/checkout/orders/${id}/capture`);
  });

  test('PayPal\'s 422 INSTRUMENT_DECLINED reaches the element as PayPal wrote it', async () => {
    const { paypal, handler } = setup();
    const id = await createOrder(handler);
    paypal.script.push({
      path: '/capture', status: 422,
      body: { name: 'UNPROCESSABLE_ENTITY', debug_id: 'dbg1', details: [{ issue: 'INSTRUMENT_DECLINED', description: 'declined' }] },
    });
    const response = await capture(handler, id);
    assert.equal(response.status, 422);
    const answer = (await response.json()) as Record<string, unknown>;
    assert.deepEqual(answer['details'], [{ issue: 'INSTRUMENT_DECLINED', description: 'declined' }]);
    assert.equal(answer['name'], 'UNPROCESSABLE_ENTITY');
    assert.equal(answer['debug_id'], 'dbg1');
  });

  test('ORDER_ALREADY_CAPTURED (a capture whose answer was lost) is answered from PayPal\'s order', async () => {
    const { paypal, handler } = setup();
    const id = await createOrder(handler);
    paypal.orders.get(id)!.status = 'COMPLETED';
    paypal.orders.get(id)!.captureId = '3C679366HH908993F';
    paypal.script.push({ path: '/capture', status: 422, body: { name: 'UNPROCESSABLE_ENTITY', details: [{ issue: 'ORDER_ALREADY_CAPTURED' }] } });
    const response = await capture(handler, id);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'COMPLETED', captureId: '3C679366HH908993F', orderId: 'ord-1' });
    assert.equal(apiCalls(paypal).at(-1)?.method, 'GET');
  });

  test('a token PayPal no longer accepts is renewed once and the call retried', async () => {
    const { paypal, handler } = setup();
    await createOrder(handler);
    paypal.tokens.length = 0; // PayPal forgot every token it gave
    const id = await createOrder(handler, body({ orderId: 'ord-2' }));
    assert.ok(id);
    assert.deepEqual(paypal.requests.map((r) => r.url.pathname), [
      '/v1/oauth2/token', '/v2/checkout/orders', '/v2/checkout/orders', '/v1/oauth2/token', '/v2/checkout/orders',
    ]);
  });

  test('PayPal down answers 502 provider-unavailable, and a later call asks for a token again', async () => {
    const { paypal, handler } = setup();
    paypal.script.push({ path: '/v1/oauth2/token', status: 503, body: {} });
    const down = await post(handler, body(), { path: '/paypal/orders' });
    assert.equal(down.status, 502);
    assert.deepEqual(await down.json(), { error: 'provider-unavailable', provider: 'paypal' });
    assert.equal((await post(handler, body(), { path: '/paypal/orders' })).status, 200);
  });

  test('bad credentials answer 422 provider-refused without echoing them', async () => {
    const { paypal, handler } = setup();
    paypal.script.push({ path: '/v1/oauth2/token', status: 401, body: { error: 'invalid_client' } });
    const response = await post(handler, body(), { path: '/paypal/orders' });
    assert.equal(response.status, 422);
    const text = await response.text();
    assert.ok(!text.includes(CLIENT_SECRET) && !text.includes(CLIENT_ID));
  });
});

describe('PayPal access token cache', () => {
  test('a token is reused until shortly before it expires, then renewed', async () => {
    const paypal = fakePayPalApi();
    paypal.expiresIn = 3600;
    let now = 1_000_000;
    const gateway = livePayPalGateway({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, environment: 'sandbox', fetch: paypal.fetch, now: () => now });
    const order = { orderId: 'ord-1', amount: 100, currency: 'EUR', requestId: 'r1' };
    await gateway.createOrder(order);
    now += 3500 * 1000; // within the hour, more than a minute left
    await gateway.createOrder({ ...order, requestId: 'r2' });
    assert.equal(paypal.tokens.length, 1);
    now += 60 * 1000; // less than a minute left: renewed before use
    await gateway.createOrder({ ...order, requestId: 'r3' });
    assert.equal(paypal.tokens.length, 2);
    assert.equal(paypal.requests.at(-1)?.headers.get('authorization'), 'Bearer A21AA-token-2');
  });
});
