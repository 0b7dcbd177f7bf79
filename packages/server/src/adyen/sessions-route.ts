import { json, problem } from '../http.js';
import type { KeyedLock } from '../keyed-lock.js';
import type { OrderPayments } from '../order-payments.js';
import { invalidField, readOrderPayment, type PaymentAccess } from '../payment-request.js';
import { isProviderError, providerProblem } from '../provider-error.js';
import type { AdyenGateway } from './gateway.js';
import type { AdyenSessionStore } from './session-store.js';

export interface AdyenRouteOptions extends PaymentAccess {
  gateway: AdyenGateway;
  sessions: AdyenSessionStore;
  payments: OrderPayments;
  lock: KeyedLock;
  /** The answer when another provider was paid for the order (one payment per order). */
  paidElsewhere?: ((orderId: string) => Promise<Response | undefined>) | undefined;
}

function isReturnUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 1024) return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * `POST /adyen/sessions` {orderId, returnUrl} + the order's secret -> {id, sessionData}: the
 * Adyen session the page's Card component runs, for the order's recorded amount and currency. One
 * open session per order: a retry answers the same one (idempotency key
 * `{orderId}:adyen:create:{n}`); a new one only once Adyen closed the last (refused, expired).
 */
export function postAdyenSession(options: AdyenRouteOptions) {
  const { gateway, sessions, lock, paidElsewhere, payments } = options;
  return async (request: Request): Promise<Response> => {
    const body = await readOrderPayment(request, options, ['returnUrl']);
    if (!body.ok) return body.response;
    const { returnUrl } = body.value.fields;
    if (!isReturnUrl(returnUrl)) return invalidField('returnUrl');
    const { orderId, amount, currency } = body.value.stored.order;

    return lock(orderId, async () => {
      const elsewhere = await paidElsewhere?.(orderId);
      if (elsewhere) return elsewhere;
      const known = await sessions.byOrder(orderId);
      if (known?.sessionId) {
        // What Adyen already took for this order decides, never a second session.
        const checked = await payments.check(orderId, 'adyen');
        if (checked?.answer.body.status === 'paid') return problem(409, 'already-paid', { paidWith: 'adyen' });
        if ((await sessions.byOrder(orderId))?.status === 'paymentPending') return problem(409, 'payment-processing');
      }
      const record = await sessions.claim(orderId, amount, currency);
      if (record.sessionId && record.sessionData && record.status === 'active') {
        return json({ id: record.sessionId, sessionData: record.sessionData }, 200, { 'cache-control': 'no-store' });
      }
      try {
        const session = await gateway.createSession({
          orderId, amount, currency, returnUrl, idempotencyKey: `${orderId}:adyen:create:${record.attempt}`,
        });
        await sessions.saveSession(orderId, record.attempt, session.id, session.sessionData);
        return json({ id: session.id, sessionData: session.sessionData }, 200, { 'cache-control': 'no-store' });
      } catch (error) {
        if (isProviderError(error)) return providerProblem(error);
        throw error;
      }
    });
  };
}

/**
 * `POST /adyen/sessions/status` {orderId, sessionResult?} + the order's secret -> {status,
 * sessionId, pspReference?}: verification after an answer the page lost, and the check after a
 * redirect. The `sessionResult` the page's Adyen Web produced lets the server ask Adyen itself;
 * the order moves to `paid` only from what the server read.
 */
export function postAdyenSessionStatus(options: AdyenRouteOptions) {
  const { sessions, lock, payments } = options;
  return async (request: Request): Promise<Response> => {
    const body = await readOrderPayment(request, options, ['sessionResult']);
    if (!body.ok) return body.response;
    const { sessionResult } = body.value.fields;
    if (sessionResult !== undefined && (typeof sessionResult !== 'string' || sessionResult.length > 4096)) return invalidField('sessionResult');
    const { orderId } = body.value.stored;
    return lock(orderId, async () => {
      const record = await sessions.byOrder(orderId);
      // No session, or a create that never answered: no session data ever left, nothing was paid.
      if (!record?.sessionId) return problem(404, 'unknown-order');
      if (sessionResult !== undefined) await sessions.saveStatus(orderId, record.status, sessionResult);
      const stored = await payments.check(orderId, 'adyen');
      const after = (await sessions.byOrder(orderId))!;
      const paid = stored?.answer.body.status === 'paid' && stored.order.method === 'adyen';
      // Adyen could not be asked (or answered only with a webhook still to come): nobody knows yet.
      const verifying = stored?.answer.body.status === 'verifying' || after.status === 'completed';
      const status = paid ? 'completed' : after.status === 'paymentPending' ? 'paymentPending' : verifying ? 'unknown' : after.status;
      const answer: Record<string, unknown> = { status, sessionId: after.sessionId };
      if (paid && after.pspReference) answer['pspReference'] = after.pspReference;
      return json(answer, 200, { 'cache-control': 'no-store' });
    });
  };
}
