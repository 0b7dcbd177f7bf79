import { fromDecimalString, toDecimalString } from '../money.js';
import { ProviderError, ProviderFailure } from '../provider-error.js';
import { accessTokens } from './access-token.js';
import type { CaptureResult, PayPalGateway, PayPalOrderView } from './gateway.js';

/** PayPal's Orders v2 REST API over `fetch`: OAuth2 token, create, capture, get. */

export interface LivePayPalOptions {
  clientId: string;
  clientSecret: string;
  environment: 'sandbox' | 'production';
  /** Defaults to the global `fetch`; tests pass their own. */
  fetch?: typeof fetch | undefined;
  /** Another origin for PayPal's API (tests, proxies), e.g. `http://127.0.0.1:9000`. Default: the environment's. */
  apiBase?: string | undefined;
  /** Defaults to `Date.now`; tests move time to expire the token. */
  now?: (() => number) | undefined;
}

export const PAYPAL_BASE_URL = {
  sandbox: 'https://api-m.sandbox.paypal.com',
  production: 'https://api-m.paypal.com',
} as const;

const TIMEOUT_MS = 8000;

interface PayPalAnswer {
  status: number;
  body: Record<string, unknown>;
}

type Json = Record<string, unknown>;

function asJson(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function firstOf(value: unknown): Json {
  return Array.isArray(value) ? asJson(value[0]) : {};
}

/** PayPal's order JSON, reduced to what Relais reads. */
function orderView(body: Json): PayPalOrderView {
  const unit = firstOf(body['purchase_units']);
  const amount = asJson(unit['amount']);
  const capture = firstOf(asJson(unit['payments'])['captures']);
  const view: PayPalOrderView = { id: String(body['id']), status: String(body['status']) };
  if (typeof unit['custom_id'] === 'string') view.customId = unit['custom_id'];
  const currency = amount['currency_code'];
  if (typeof currency === 'string' && typeof amount['value'] === 'string') {
    const minor = fromDecimalString(amount['value'], currency);
    if (minor !== undefined) view.amount = { amount: minor, currency };
  }
  if (typeof capture['id'] === 'string') view.captureId = capture['id'];
  return view;
}

function refusal(answer: PayPalAnswer): { issue: string; description?: string; debugId?: string } {
  const detail = firstOf(answer.body['details']);
  const refused: { issue: string; description?: string; debugId?: string } = {
    issue: typeof detail['issue'] === 'string' ? detail['issue'] : String(answer.body['name'] ?? answer.status),
  };
  if (typeof detail['description'] === 'string') refused.description = detail['description'];
  if (typeof answer.body['debug_id'] === 'string') refused.debugId = answer.body['debug_id'];
  return refused;
}

function failed(answer: PayPalAnswer, what: string): ProviderError {
  const unavailable = answer.status >= 500 || answer.status === 429;
  return new ProviderError(
    unavailable ? ProviderFailure.Unavailable : ProviderFailure.Refused,
    'paypal',
    `PayPal ${what} answered ${answer.status}`,
    { status: answer.status, code: refusal(answer).issue },
  );
}

export function livePayPalGateway(options: LivePayPalOptions): PayPalGateway {
  const baseUrl = options.apiBase?.replace(/\/+$/, '') ?? PAYPAL_BASE_URL[options.environment];
  const fetchFn = options.fetch ?? fetch;
  const tokens = accessTokens({
    baseUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    fetch: fetchFn,
    now: options.now ?? Date.now,
    timeoutMs: TIMEOUT_MS,
  });

  async function send(method: 'GET' | 'POST', path: string, requestId?: string, body?: unknown): Promise<PayPalAnswer> {
    // Two rounds at most: a token PayPal revoked early (401) is renewed once.
    for (let round = 0; ; round++) {
      const token = await tokens.get();
      // PayPal answers only id, status and links by default (`return=minimal`): the capture's id,
      // which proves the payment, is in the full representation.
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json', prefer: 'return=representation' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      // PayPal's idempotency: the same request id gets the first answer back instead of a second order or capture.
      if (requestId) headers['paypal-request-id'] = requestId;
      let response: Response;
      try {
        response = await fetchFn(`${baseUrl}${path}`, {
          method,
          headers,
          body: body === undefined ? null : JSON.stringify(body),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        throw new ProviderError(ProviderFailure.Unavailable, 'paypal', `PayPal ${method} ${path} failed`, { cause: error });
      }
      if (response.status === 401 && round === 0) {
        await response.body?.cancel();
        tokens.invalidate(token);
        continue;
      }
      return { status: response.status, body: asJson(await response.json().catch(() => ({}))) };
    }
  }

  return {
    async createOrder({ orderId, amount, currency, requestId }) {
      const answer = await send('POST', '/v2/checkout/orders', requestId, {
        intent: 'CAPTURE',
        purchase_units: [{ custom_id: orderId, amount: { currency_code: currency, value: toDecimalString(amount, currency) } }],
      });
      if (answer.status !== 200 && answer.status !== 201) throw failed(answer, 'create order');
      return orderView(answer.body);
    },

    async capture(paypalOrderId, requestId): Promise<CaptureResult> {
      const answer = await send('POST', `/v2/checkout/orders/${encodeURIComponent(paypalOrderId)}/capture`, requestId, {});
      if (answer.status === 422) return { ok: false, ...refusal(answer) };
      if (answer.status !== 200 && answer.status !== 201) throw failed(answer, 'capture');
      const capture = firstOf(asJson(firstOf(answer.body['purchase_units'])['payments'])['captures']);
      if (capture['status'] === 'DECLINED' || capture['status'] === 'FAILED') {
        return { ok: false, issue: 'INSTRUMENT_DECLINED', description: `The capture was ${String(capture['status']).toLowerCase()}.` };
      }
      if (typeof capture['id'] !== 'string') throw failed(answer, 'capture (no capture id)');
      return { ok: true, captureId: capture['id'] };
    },

    async getOrder(paypalOrderId) {
      const answer = await send('GET', `/v2/checkout/orders/${encodeURIComponent(paypalOrderId)}`);
      if (answer.status !== 200) throw failed(answer, 'get order');
      return orderView(answer.body);
    },
  };
}
