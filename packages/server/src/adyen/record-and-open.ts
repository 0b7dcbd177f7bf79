/**
 * `POST /adyen/sessions` with the order itself in place of its secret: `{order, returnUrl}`
 * records the order exactly as `POST /orders` does (same checks, pricing, idempotency by order id),
 * then opens its session as the plain route does, and answers the session with the order's secret
 * (`{id, sessionData, secret}`). A page that moves to Adyen because Stripe.js failed then waits for
 * one round trip to the merchant instead of two before Adyen Web can set the session up.
 *
 * A refused order is answered as `POST /orders` refuses it, without a secret: the page then
 * records the order on its own and reads the refusal there. A request with the order's secret
 * header is the plain route, untouched.
 */
import { json, withKnownBody } from '../http.js';
import { ORDER_SECRET_HEADER } from '../order-secret.js';
import { invalidField, readFields } from '../payment-request.js';

type Handle = (request: Request, params: Record<string, string>) => Promise<Response>;

/** `request`'s URL and headers with `changes`, and `body` as its JSON body. */
function derived(request: Request, body: unknown, changes: Record<string, string>): Request {
  const headers = new Headers(request.headers);
  headers.delete('content-length');
  for (const [name, value] of Object.entries(changes)) headers.set(name, value);
  const text = JSON.stringify(body);
  return withKnownBody(new Request(request.url, { method: 'POST', headers, body: text }), Buffer.from(text));
}

export function recordingFirst(recordOrder: Handle, openSession: Handle): Handle {
  return async (request, params) => {
    if (request.headers.has(ORDER_SECRET_HEADER)) return openSession(request, params);
    // The same strict read as every payment route: JSON, bounded, no card data, known keys only.
    const read = await readFields(request, ['order', 'returnUrl', 'orderId', 'amount', 'currency']);
    if (!read.ok) return read.response;
    // Without the order, the plain route answers (a 401 for the missing secret).
    if (!('order' in read.value)) return openSession(derived(request, read.value, {}), params);
    const { order, returnUrl, ...others } = read.value;
    const extra = Object.keys(others)[0];
    if (extra !== undefined) return invalidField(extra);
    const orderId = (order as { orderId?: unknown } | null)?.orderId;
    if (typeof order !== 'object' || typeof orderId !== 'string') return invalidField('order');
    const recorded = await recordOrder(derived(request, order, { 'idempotency-key': orderId }), params);
    if (!recorded.ok) return recorded;
    const { secret } = (await recorded.json()) as { secret: string };
    const opened = await openSession(derived(request, { orderId, returnUrl }, { [ORDER_SECRET_HEADER]: secret }), params);
    const answer = (await opened.json().catch(() => ({}))) as Record<string, unknown>;
    return json({ ...answer, secret }, opened.status, { 'cache-control': 'no-store' });
  };
}
