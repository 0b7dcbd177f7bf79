import { json, readBytes } from '@relais/server/provider-kit';
import { paypalAnswerError, paypalErrorJson } from './paypal-json.js';
import type { PayPalAnswer, SandboxPayPal } from './paypal-psp.js';

function paypalError(status: number, name: string, issue: string, description: string, field?: string): Response {
  return json(paypalErrorJson(name, issue, description, field), status);
}

function answer(result: PayPalAnswer): Response {
  if (!result.ok) return json(paypalAnswerError(result), result.status);
  return json({ id: result.order.id, status: result.order.status });
}

/**
 * `POST /sandbox/paypal/orders/{id}/approve` `{}` or `{fault: 'decline'}` -> {id, status:'APPROVED'}.
 * What the buyer does on PayPal's pages, called by the stand-in when the shopper approves.
 */
export function approveRoute(psp: SandboxPayPal) {
  return async (request: Request, params: Record<string, string>): Promise<Response> => {
    const body = await readBytes(request, 1024);
    let fields: unknown = {};
    try {
      const text = body.ok ? body.bytes.toString('utf8').trim() : '';
      if (text !== '') fields = JSON.parse(text);
    } catch {
      return paypalError(400, 'INVALID_REQUEST', 'MALFORMED_REQUEST_JSON', 'The request JSON is not well formed.');
    }
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
      return paypalError(400, 'INVALID_REQUEST', 'MALFORMED_REQUEST_JSON', 'The request body must be a JSON object.');
    }
    const { fault, ...rest } = fields as Record<string, unknown>;
    const unknown = Object.keys(rest)[0];
    if (unknown !== undefined) {
      return paypalError(400, 'INVALID_REQUEST', 'UNKNOWN_FIELD', `Unknown field ${unknown}.`, `/${unknown}`);
    }
    if (fault !== undefined && fault !== 'decline' && fault !== 'none') {
      return paypalError(400, 'INVALID_REQUEST', 'INVALID_PARAMETER_VALUE', "fault must be 'decline' or 'none'.", '/fault');
    }
    return answer(psp.approve(params['id']!, { decline: fault === 'decline' }));
  };
}
