// Test helper (not a test file): PayPal's OAuth2 and Orders v2 endpoints, in memory, behind the
// `fetch` the live gateway is given. It records every request as sent.
import { seen, type SeenRequest } from '../fixtures.js';

interface FakeOrder {
  id: string;
  status: string;
  customId: string;
  currency: string;
  value: string;
  captureId?: string;
}

export interface FakePayPalApi {
  fetch: typeof fetch;
  requests: SeenRequest[];
  orders: Map<string, FakeOrder>;
  /** Answers for the next requests to this path suffix (`/capture`, `/v2/checkout/orders`…). */
  script: Array<{ path: string; status: number; body: unknown }>;
  /** Tokens handed out so far; each answer says it lives `expiresIn` seconds. */
  tokens: string[];
  expiresIn: number;
}

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function orderJson(order: FakeOrder): Record<string, unknown> {
  const unit: Record<string, unknown> = { custom_id: order.customId, amount: { currency_code: order.currency, value: order.value } };
  if (order.captureId) unit['payments'] = { captures: [{ id: order.captureId, status: 'COMPLETED' }] };
  return { id: order.id, status: order.status, purchase_units: [unit] };
}

export function fakePayPalApi(): FakePayPalApi {
  const api: FakePayPalApi = {
    fetch: undefined as unknown as typeof fetch, requests: [], orders: new Map(), script: [], tokens: [], expiresIn: 32400,
  };
  const byRequestId = new Map<string, FakeOrder>();
  let next = 0;

  api.fetch = async (input, init) => {
    const request = await seen(input, init);
    api.requests.push(request);
    const path = request.url.pathname;
    const scripted = api.script.findIndex((entry) => path.endsWith(entry.path));
    if (scripted !== -1) {
      const [entry] = api.script.splice(scripted, 1);
      return answer(entry!.status, entry!.body);
    }
    if (path === '/v1/oauth2/token') {
      const token = `A21AA-token-${api.tokens.length + 1}`;
      api.tokens.push(token);
      return answer(200, { access_token: token, token_type: 'Bearer', expires_in: api.expiresIn });
    }
    if (!api.tokens.includes((request.headers.get('authorization') ?? '').replace(/^Bearer /, ''))) {
      return answer(401, { error: 'invalid_token' });
    }
    if (path === '/v2/checkout/orders' && request.method === 'POST') {
      const requestId = request.headers.get('paypal-request-id') ?? '';
      const replay = byRequestId.get(requestId);
      if (replay) return answer(200, orderJson(replay));
      const body = JSON.parse(request.body) as { purchase_units: Array<{ custom_id: string; amount: { currency_code: string; value: string } }> };
      const unit = body.purchase_units[0]!;
      const order: FakeOrder = {
        id: `5O19012${String(++next).padStart(10, '0')}`, status: 'CREATED',
        customId: unit.custom_id, currency: unit.amount.currency_code, value: unit.amount.value,
      };
      api.orders.set(order.id, order);
      byRequestId.set(requestId, order);
      return answer(201, orderJson(order));
    }
    const match = /^\/v2\/checkout\/orders\/([^/]+)(\/capture)?$/.exec(path);
    const order = match && api.orders.get(decodeURIComponent(match[1]!));
    if (!order) return answer(404, { name: 'RESOURCE_NOT_FOUND', details: [{ issue: 'INVALID_RESOURCE_ID' }] });
    if (!match![2]) return answer(200, orderJson(order));
    order.status = 'COMPLETED';
    order.captureId ??= `3C67936${String(++next).padStart(10, '0')}`;
    return answer(201, orderJson(order));
  };
  return api;
}
