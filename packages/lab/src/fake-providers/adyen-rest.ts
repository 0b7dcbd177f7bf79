import type { AdyenErrorBody, SandboxAdyen } from './adyen-psp.js';

/**
 * Adyen's Checkout API (`POST /sessions`, `GET /sessions/{id}`; v71, whose document the tests hold,
 * and v72, which `@adyen/api-library` 32 calls: the same bodies for these two) over the sandbox's fake Adyen,
 * as a `fetch`, and the `@adyen/api-library` HTTP client that sends through it: the live gateway,
 * given that client, runs against the sandbox exactly as against Adyen (`X-API-Key`,
 * `Idempotency-Key`, Adyen's error bodies), and sees the payments the AdyenWeb stand-in makes.
 */

type Json = Record<string, unknown>;

const isJson = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const fail = (error: AdyenErrorBody) => answer(error.status, error);
const invalid = (message: string) => fail({ status: 422, errorCode: '702', message, errorType: 'validation' });

export function sandboxAdyenRest(psp: SandboxAdyen): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (!request.headers.get('x-api-key')) {
      return fail({ status: 401, errorCode: '000', message: 'HTTP Status Response - Unauthorized', errorType: 'security' });
    }
    if (/^\/v7[12]\/sessions$/.test(url.pathname) && request.method === 'POST') {
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        return invalid('Structure of CreateCheckoutSessionRequest contains the following unknown fields: (unparsable)');
      }
      if (!isJson(body) || !isJson(body['amount']) || typeof body['merchantAccount'] !== 'string' || typeof body['reference'] !== 'string' || typeof body['returnUrl'] !== 'string') {
        return invalid('Required field missing: amount, merchantAccount, reference or returnUrl');
      }
      const amount = body['amount'];
      if (typeof amount['value'] !== 'number' || typeof amount['currency'] !== 'string') return invalid('Invalid amount specified');
      const created = psp.createSession({
        reference: body['reference'],
        amount: { value: amount['value'], currency: amount['currency'] },
        returnUrl: body['returnUrl'],
        idempotencyKey: request.headers.get('idempotency-key') ?? undefined,
      });
      if (!created.ok) return fail(created.error);
      const session = created.value;
      // Adyen answers 201 with the request's fields and the session's own.
      return answer(201, {
        amount: { value: session.amount, currency: session.currency },
        expiresAt: session.expiresAt,
        id: session.id,
        merchantAccount: body['merchantAccount'],
        mode: 'embedded',
        reference: session.reference,
        returnUrl: session.returnUrl,
        sessionData: session.sessionData,
      });
    }
    const match = /^\/v7[12]\/sessions\/([^/]+)$/.exec(url.pathname);
    if (match && request.method === 'GET') {
      if (!url.searchParams.get('sessionResult')) return invalid('Required query parameter missing: sessionResult');
      const result = psp.result(decodeURIComponent(match[1]!));
      if (!result.ok) return fail(result.error);
      const { id, status, reference, payments } = result.value;
      // Adyen's Payment: the authorised payments of the session, each with its method.
      return answer(200, { id, status, reference, payments: payments.map((payment) => ({ ...payment, paymentMethod: { type: 'scheme', brand: 'visa' } })) });
    }
    return fail({ status: 404, errorCode: '000', message: `No such endpoint: ${request.method} ${url.pathname}`, errorType: 'validation' });
  };
}

/** An HTTP exception as the library's own client throws it: what the live gateway maps. */
export class AdyenHttpError extends Error {
  constructor(readonly statusCode: number, readonly errorCode: string | undefined, readonly responseBody: string) {
    super(`HTTP Exception: ${statusCode}`);
  }
}

/** `@adyen/api-library`'s `ClientInterface`, sending through `target` (a recording fetch, the sandbox REST API). */
export function adyenHttpClient(target: typeof fetch) {
  return {
    async request(
      endpoint: string,
      json: string | Buffer,
      config: { apiKey?: string | undefined },
      _isApiKeyRequired: boolean,
      options: { method?: string | undefined; headers?: Record<string, unknown> | undefined; idempotencyKey?: string | undefined; params?: unknown } = {},
    ): Promise<string> {
      const url = new URL(endpoint);
      if (options.params) for (const [key, value] of new URLSearchParams(options.params as Record<string, string>)) url.searchParams.set(key, value);
      const method = options.method ?? 'POST';
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
      if (config.apiKey) headers['x-api-key'] = config.apiKey;
      if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
      const response = await target(url, { method, headers, ...(method === 'GET' ? {} : { body: String(json) }) });
      const text = await response.text();
      if (!response.ok) {
        let errorCode: string | undefined;
        try {
          errorCode = (JSON.parse(text) as { errorCode?: string }).errorCode;
        } catch {
          errorCode = undefined;
        }
        throw new AdyenHttpError(response.status, errorCode, text);
      }
      return text;
    },
  };
}
