import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore } from './index.js';
import { ADMIN_TOKEN, anOrder, get, post } from './fixtures.js';
import { sandbox } from './test-lab.js';

const ADMIN_ROUTES = ['/orders', '/events', '/report', '/report?format=csv'];
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function setup(adminToken?: string) {
  const store = openOrderStore();
  return createRelaisHandler(adminToken === undefined ? { store, sandbox } : { store, sandbox, adminToken });
}

describe('routes that read merchant data', () => {
  for (const path of ADMIN_ROUTES) {
    test(`GET ${path} without a configured token answers 403 naming RELAIS_ADMIN_TOKEN`, async () => {
      const response = await get(setup(), path, bearer(ADMIN_TOKEN));
      assert.equal(response.status, 403);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const body = await response.json();
      assert.equal(body.error, 'admin-token-not-configured');
      assert.match(body.message, /RELAIS_ADMIN_TOKEN/);
    });

    test(`GET ${path} without a token, or with a wrong one, answers 401 with WWW-Authenticate: Bearer`, async () => {
      const handler = setup(ADMIN_TOKEN);
      const attempts: Array<Record<string, string>> = [
        {},
        bearer('wrong-token-of-some-length'),
        bearer(`${ADMIN_TOKEN}x`), // longer
        bearer(ADMIN_TOKEN.slice(0, -1)), // shorter
        bearer(ADMIN_TOKEN.toUpperCase()),
        { authorization: ADMIN_TOKEN }, // no scheme
        { authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}` },
      ];
      for (const headers of attempts) {
        const response = await get(handler, path, headers);
        assert.equal(response.status, 401, JSON.stringify(headers));
        assert.equal(response.headers.get('www-authenticate'), 'Bearer');
        assert.equal(response.headers.get('cache-control'), 'no-store');
        assert.deepEqual(await response.json(), { error: 'unauthorized' });
      }
    });

    test(`GET ${path} ignores a token in the query string`, async () => {
      const separator = path.includes('?') ? '&' : '?';
      for (const name of ['token', 'access_token', 'authorization']) {
        const response = await get(setup(ADMIN_TOKEN), `${path}${separator}${name}=${ADMIN_TOKEN}`, {});
        assert.equal(response.status, 401, name);
      }
    });

    test(`GET ${path} with the token answers 200, not cacheable`, async () => {
      const response = await get(setup(ADMIN_TOKEN), path, bearer(ADMIN_TOKEN));
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'no-store');
    });
  }

  test('the scheme is case-insensitive, as HTTP says', async () => {
    const response = await get(setup(ADMIN_TOKEN), '/orders', { authorization: `bearer ${ADMIN_TOKEN}` });
    assert.equal(response.status, 200);
  });

  test('what the page calls needs no token: POST /orders, POST /events, GET /health', async () => {
    const handler = setup(ADMIN_TOKEN);
    assert.equal((await post(handler, anOrder())).status, 201);
    const incident = { provider: 'stripe', kind: 'sdk-timeout', reason: 'r', latencyMs: 1, orderId: 'ord-1', at: new Date().toISOString() };
    assert.equal((await post(handler, incident, { path: '/events', key: null })).status, 204);
    assert.equal((await get(handler, '/health', {})).status, 200);
  });

  test('with the token the answer is the data', async () => {
    const handler = setup(ADMIN_TOKEN);
    await post(handler, anOrder());
    const orders = await (await get(handler, '/orders', bearer(ADMIN_TOKEN))).json();
    assert.deepEqual(orders.map((order: { orderId: string }) => order.orderId), ['ord-1']);
  });

  const badTokens: Array<[string, unknown, RegExp]> = [
    ['an empty token', '', /adminToken must be a non-empty string/],
    ['a short token', 'short-token', /adminToken must be at least 16 characters/],
    ['a token with a space', 'a token with spaces in it', /adminToken must be printable ASCII without spaces/],
    ['a token that is not a string', 1234567890123456, /adminToken must be a non-empty string/],
  ];
  for (const [what, token, message] of badTokens) {
    test(`${what} is refused when the handler is created, without quoting it`, () => {
      assert.throws(() => setup(token as string), (error: Error) => {
        assert.match(error.message, message);
        if (typeof token === 'string' && token !== '') assert.ok(!error.message.includes(token), 'the token is not in the message');
        return true;
      });
    });
  }
});
