import { json, readBytes, readJson } from '@relais/server/provider-kit';
import type { Answer, SandboxAdyen, SandboxPayment } from './adyen-psp.js';

/**
 * The fake Adyen Checkout API the AdyenWeb stand-in calls (what the real SDK calls on
 * checkoutshopper-*.adyen.com for a session): setup, payments, paymentDetails, and the sandbox's
 * 3-D Secure page. Adyen's JSON shapes and error bodies; answers carry session data, so no cache.
 */

const NO_STORE = { 'cache-control': 'no-store' };
const ROUTE = '/sandbox/adyen';

function answer<T>(result: Answer<T>, shape: (value: T) => unknown): Response {
  return result.ok ? json(shape(result.value), 200, NO_STORE) : json(result.error, result.error.status, NO_STORE);
}

function paymentJson(payment: SandboxPayment, basePath: string): Record<string, unknown> {
  const body: Record<string, unknown> = { resultCode: payment.resultCode, pspReference: payment.pspReference };
  if (payment.refusalReason) body['refusalReason'] = payment.refusalReason;
  if (payment.resultCode === 'RedirectShopper') {
    body['action'] = { type: 'redirect', paymentMethodType: 'scheme', method: 'GET', url: `${basePath}${ROUTE}/3ds/${encodeURIComponent(payment.pspReference)}` };
  }
  // The session's own proof of the outcome, as `sessionResult` (here: the psp reference).
  body['sessionResult'] = payment.pspReference;
  return body;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(status: number, main: string, returnOrigin?: string): Response {
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>3-D Secure (Adyen sandbox)</title></head>
<body><main>
${main}
</main></body>
</html>
`;
  return new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; form-action 'self'${returnOrigin ? ` ${returnOrigin}` : ''}; frame-ancestors 'self'; base-uri 'none'`,
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    },
  });
}

export function sandboxAdyenRoutes(psp: SandboxAdyen, basePath: string) {
  const body = async (request: Request): Promise<Record<string, unknown>> => {
    const read = await readJson(request);
    return read.ok && read.value !== null && typeof read.value === 'object' ? (read.value as Record<string, unknown>) : {};
  };
  return {
    /** `POST /sandbox/adyen/sessions/{id}/setup` {sessionData} */
    setup: async (request: Request, params: Record<string, string>) =>
      answer(psp.setup(params['id']!, (await body(request))['sessionData']), (value) => value),
    /** `POST /sandbox/adyen/sessions/{id}/payments` {sessionData, paymentMethod: {type, encryptedCardNumber}} */
    payments: async (request: Request, params: Record<string, string>) => {
      const fields = await body(request);
      const method = fields['paymentMethod'] as { encryptedCardNumber?: unknown } | undefined;
      return answer(psp.pay(params['id']!, fields['sessionData'], method?.encryptedCardNumber), (payment) => paymentJson(payment, basePath));
    },
    /** `POST /sandbox/adyen/sessions/{id}/paymentDetails` {details: {redirectResult}} */
    details: async (request: Request, params: Record<string, string>) => {
      const details = (await body(request))['details'] as { redirectResult?: unknown } | undefined;
      return answer(psp.details(params['id']!, details?.redirectResult), (payment) => paymentJson(payment, basePath));
    },
    /** `GET /sandbox/adyen/3ds/{pspReference}`: plain HTML, no script, two submit buttons. */
    show: async (_request: Request, params: Record<string, string>) => {
      const id = params['id']!;
      const returnUrl = psp.returnOf(id);
      if (!returnUrl) return page(404, '<h1>Unknown payment</h1>');
      return page(
        200,
        `<h1>3-D Secure (Adyen sandbox)</h1>
<p>Your bank asks you to confirm this payment. This is a sandbox: choose the outcome to rehearse.</p>
<form method="post" action="${escapeHtml(encodeURIComponent(id))}">
<button type="submit" name="result" value="complete">Complete authentication</button>
<button type="submit" name="result" value="fail">Fail authentication</button>
</form>`,
        new URL(returnUrl).origin,
      );
    },
    /** The form: records the outcome and sends the shopper back with Adyen's `redirectResult`. */
    decide: async (request: Request, params: Record<string, string>) => {
      const read = await readBytes(request, 4096);
      const result = new URLSearchParams(read.ok ? read.bytes.toString('utf8') : '').get('result');
      if (result !== 'complete' && result !== 'fail') return page(400, '<h1>Invalid answer</h1>');
      const decided = psp.authenticate(params['id']!, result === 'complete');
      if (!decided.ok) return page(404, '<h1>Unknown payment</h1>');
      const back = new URL(decided.value.returnUrl);
      back.searchParams.set('sessionId', decided.value.sessionId);
      back.searchParams.set('redirectResult', decided.value.pspReference);
      return new Response(null, { status: 303, headers: { location: back.href, 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' } });
    },
  };
}
