import { providerCallKey } from '@relais/contracts';
import { json, problem } from '../http.js';
import { isOrderId } from '../order.js';
import { invalidField, readFields } from '../payment-request.js';
import { isProviderError, providerProblem } from '../provider-error.js';
import type { CaptureRefusal, CaptureResult } from './gateway.js';
import type { CaptureAnswer } from './order-store.js';
import { paypalLockKey, type PayPalRouteOptions } from './orders-route.js';

/** PayPal's own 422 shape, so the element reads `details[0].issue` as it would from PayPal. */
function unprocessable(refusal: CaptureRefusal): Response {
  const detail: Record<string, string> = { issue: refusal.issue };
  if (refusal.description !== undefined) detail['description'] = refusal.description;
  const body: Record<string, unknown> = {
    name: 'UNPROCESSABLE_ENTITY',
    message: 'The requested action could not be performed, semantically incorrect, or failed business validation.',
    details: [detail],
  };
  if (refusal.debugId !== undefined) body['debug_id'] = refusal.debugId;
  return json(body, 422);
}

/**
 * `POST /paypal/orders/{id}/capture` (body empty or {orderId}) + the order's secret ->
 * {status:'COMPLETED', captureId, orderId}. Captured at most once per order: the stored answer is
 * replayed with 200, and the provider call carries `PayPal-Request-Id: {orderId}:paypal:capture`.
 * The capture this server made is what marks the order paid (its amount is the recorded one).
 */
export function postPayPalCapture({ gateway, orders, lock, paidElsewhere, secrets, payments }: PayPalRouteOptions) {
  return async (request: Request, params: Record<string, string>): Promise<Response> => {
    const body = await readFields(request, ['orderId'], { optional: true });
    if (!body.ok) return body.response;
    const claimed = body.value['orderId'];
    if (claimed !== undefined && !isOrderId(claimed)) return invalidField('orderId');

    const paypalOrderId = params['id']!;
    const known = await orders.byPayPalId(paypalOrderId);
    if (!known) return problem(404, 'unknown-order');
    // The element names its order; capturing someone else's PayPal order is refused.
    if (claimed !== undefined && claimed !== known.orderId) return problem(409, 'order-mismatch');
    const { orderId } = known;
    const refused = secrets.refuse(request, orderId);
    if (refused) return refused;

    return lock(paypalLockKey(orderId), async () => {
      const stored = (await orders.byOrder(orderId))?.capture;
      if (stored) {
        await payments.check(orderId, 'paypal');
        return json(stored);
      }
      // Checked again where the money moves: the card may have been paid since the order was created.
      const elsewhere = await paidElsewhere?.(orderId);
      if (elsewhere) return elsewhere;

      let result: CaptureResult;
      try {
        result = await gateway.capture(paypalOrderId, providerCallKey(orderId, 'paypal', 'capture'));
        if (!result.ok && result.issue === 'ORDER_ALREADY_CAPTURED') {
          // Captured by an earlier call whose answer we lost (another process, a crash): ask.
          const order = await gateway.getOrder(paypalOrderId);
          if (order.captureId) result = { ok: true, captureId: order.captureId };
        }
      } catch (error) {
        if (isProviderError(error)) return providerProblem(error);
        throw error;
      }
      if (!result.ok) return unprocessable(result);

      const answer: CaptureAnswer = { status: 'COMPLETED', captureId: result.captureId, orderId };
      await orders.saveCapture(answer);
      await payments.check(orderId, 'paypal');
      return json(answer);
    });
  };
}
