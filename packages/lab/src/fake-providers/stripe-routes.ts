import { IntentStatus, json, readJson } from '@relais/server/provider-kit';
import { errorJson, intentJson } from './stripe-json.js';
import { isReturnUrl, type PspAnswer, type SandboxIntent, type SandboxStripe } from './stripe-psp.js';
import { threeDsUrl } from './three-ds.js';

/**
 * The fake Stripe API the browser stand-in calls (README, "Fake provider API"): Stripe's JSON
 * shapes, amounts in minor units, currency lower-case. Its answers carry a client secret, so no
 * cache may keep them.
 */

const NO_STORE = { 'cache-control': 'no-store' };

function answer(result: PspAnswer, basePath: string): Response {
  if (result.ok) return json(intentJson(result.intent, basePath), 200, NO_STORE);
  return json(errorJson(result.error, result.intent, basePath), result.status, NO_STORE);
}

function invalidRequest(code: string, param: string, message: string): Response {
  return json({ error: { type: 'invalid_request_error', code, param, message } }, 400, NO_STORE);
}

const CONFIRM_PARAMS = new Set(['client_secret', 'payment_method', 'return_url']);

export function sandboxStripeRoutes(psp: SandboxStripe, basePath: string) {
  return {
    /** `GET /sandbox/stripe/payment_intents/{id}?client_secret=…` */
    retrieve: async (request: Request, params: Record<string, string>): Promise<Response> => {
      const secret = new URL(request.url).searchParams.get('client_secret');
      return answer(psp.retrieveWithSecret(params['id']!, secret), basePath);
    },

    /** `POST /sandbox/stripe/payment_intents/{id}/confirm` {client_secret, payment_method, return_url} */
    confirm: async (request: Request, params: Record<string, string>): Promise<Response> => {
      const body = await readJson(request);
      const fields = body.ok ? body.value : undefined;
      if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
        // No code: Stripe documents none for a body it cannot read (`parameter_invalid_json` is not one of its codes).
        return json({ error: { type: 'invalid_request_error', message: 'The request body must be a JSON object.' } }, 400, NO_STORE);
      }
      const record = fields as Record<string, unknown>;
      // Stripe refuses parameters it does not know: a stand-in drifting from the contract shows at once.
      const unknown = Object.keys(record).find((key) => !CONFIRM_PARAMS.has(key));
      if (unknown !== undefined) return invalidRequest('parameter_unknown', unknown, `Received unknown parameter: ${unknown}`);
      const { client_secret: clientSecret, payment_method: paymentMethod, return_url: returnUrl } = record;
      if (typeof paymentMethod !== 'string' || paymentMethod === '') {
        return invalidRequest('parameter_missing', 'payment_method', 'Missing required param: payment_method.');
      }
      if (returnUrl !== undefined && !isReturnUrl(returnUrl)) {
        return invalidRequest('url_invalid', 'return_url', 'Not a valid URL: return_url must be an absolute http(s) URL.');
      }
      return answer(psp.confirm(params['id']!, { clientSecret, paymentMethod, returnUrl }), basePath);
    },
  };
}
