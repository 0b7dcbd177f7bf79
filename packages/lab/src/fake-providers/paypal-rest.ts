import { randomBytes, randomUUID } from 'node:crypto';
import { fromDecimalString } from '@relais/server/provider-kit';
import { orderJson, paypalAnswerError, paypalErrorJson } from './paypal-json.js';
import type { PayPalAnswer, SandboxPayPal } from './paypal-psp.js';

/**
 * PayPal's REST API (`/v1/oauth2/token`, Orders v2 create, get, capture) over the sandbox's fake
 * PayPal, as a `fetch`: the live gateway, given it, runs against the sandbox exactly as against
 * PayPal (OAuth2 token, `PayPal-Request-Id`, `Prefer`), and sees the orders the browser
 * stand-in approves.
 */

type Json = Record<string, unknown>;

const TOKEN_LIFETIME_S = 32_400;

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'paypal-debug-id': randomUUID().slice(0, 13) } });
}

const invalid = (issue: string, description: string, field: string) => answer(400, paypalErrorJson('INVALID_REQUEST', issue, description, field));

const isJson = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The one purchase unit Relais sends, read as PayPal would refuse it when malformed. */
function unitOf(body: unknown): { orderId: string; amount: number; currency: string } | Response {
  if (!isJson(body)) return invalid('MALFORMED_REQUEST_JSON', 'The request JSON is not well formed.', '/');
  if (body['intent'] !== 'CAPTURE' && body['intent'] !== 'AUTHORIZE') return invalid('INVALID_PARAMETER_VALUE', 'A parameter value is not valid.', '/intent');
  const units = body['purchase_units'];
  if (!Array.isArray(units) || units.length !== 1 || !isJson(units[0])) {
    return invalid('MISSING_REQUIRED_PARAMETER', 'A required parameter is missing.', '/purchase_units');
  }
  const amount = units[0]['amount'];
  if (!isJson(amount) || amount['currency_code'] === undefined || amount['value'] === undefined) {
    return invalid('MISSING_REQUIRED_PARAMETER', 'A required parameter is missing.', '/purchase_units/@reference_id==\'default\'/amount');
  }
  if (typeof amount['currency_code'] !== 'string' || typeof amount['value'] !== 'string') {
    return invalid('INVALID_PARAMETER_SYNTAX', 'The value of a field does not conform to the expected format.', '/purchase_units/@reference_id==\'default\'/amount');
  }
  const minor = fromDecimalString(amount['value'], amount['currency_code']);
  if (minor === undefined) {
    const description = 'If the currency supports decimals, only two decimal place precision is supported.';
    return answer(422, paypalErrorJson('UNPROCESSABLE_ENTITY', 'DECIMAL_PRECISION', description, '/purchase_units/@reference_id==\'default\'/amount/value'));
  }
  const customId = units[0]['custom_id'];
  return { orderId: typeof customId === 'string' ? customId : '', amount: minor, currency: amount['currency_code'] };
}

export interface PayPalRestOptions {
  /** The origin written in the answers' links. Default: PayPal's sandbox API. */
  apiBase?: string;
}

export function sandboxPayPalRest(psp: SandboxPayPal, { apiBase = 'https://api-m.sandbox.paypal.com' }: PayPalRestOptions = {}): typeof fetch {
  const tokens = new Set<string>();

  return async (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    if (path === '/v1/oauth2/token' && request.method === 'POST') {
      const form = new URLSearchParams(await request.text());
      if (!/^Basic \S+$/.test(request.headers.get('authorization') ?? '')) {
        return answer(401, { error: 'invalid_client', error_description: 'Client Authentication failed' });
      }
      if (form.get('grant_type') !== 'client_credentials') {
        return answer(400, { error: 'unsupported_grant_type', error_description: 'Grant Type is NULL' });
      }
      const token = `A21AA${randomBytes(24).toString('base64url')}`;
      tokens.add(token);
      return answer(200, { scope: 'https://uri.paypal.com/services/payments/payment', access_token: token, token_type: 'Bearer', app_id: 'APP-80W284485P519543T', expires_in: TOKEN_LIFETIME_S, nonce: randomUUID() });
    }
    const token = (request.headers.get('authorization') ?? '').replace(/^Bearer /, '');
    if (!tokens.has(token)) {
      return answer(401, paypalErrorJson('AUTHENTICATION_FAILURE', 'INVALID_ACCOUNT_STATUS', 'Account validations failed for the user.'));
    }
    const representation = /return=representation/.test(request.headers.get('prefer') ?? '');
    const respond = (result: PayPalAnswer, status = 200) =>
      result.ok ? answer(status, orderJson(result.order, { representation, apiBase })) : answer(result.status, paypalAnswerError(result));

    if (path === '/v2/checkout/orders' && request.method === 'POST') {
      let body: unknown;
      try {
        body = JSON.parse(await request.text());
      } catch {
        return invalid('MALFORMED_REQUEST_JSON', 'The request JSON is not well formed.', '/');
      }
      const unit = unitOf(body);
      if (unit instanceof Response) return unit;
      const requestId = request.headers.get('paypal-request-id') ?? randomUUID();
      // 201 for a replayed request id too: the document allows 200 or 201, and Relais reads both alike.
      return respond(psp.createOrder({ ...unit, requestId }), 201);
    }
    const match = /^\/v2\/checkout\/orders\/([^/]+)(\/capture)?$/.exec(path);
    if (!match) return answer(404, paypalErrorJson('RESOURCE_NOT_FOUND', 'INVALID_RESOURCE_ID', 'Specified resource ID does not exist. Please check the resource ID and try again.'));
    const id = decodeURIComponent(match[1]!);
    if (!match[2] && request.method === 'GET') return respond(psp.getOrder(id));
    if (match[2] && request.method === 'POST') {
      const requestId = request.headers.get('paypal-request-id') ?? randomUUID();
      return respond(psp.capture(id, requestId), 201);
    }
    return answer(405, paypalErrorJson('METHOD_NOT_SUPPORTED', 'METHOD_NOT_SUPPORTED', 'The server does not implement the requested HTTP method.'));
  };
}
