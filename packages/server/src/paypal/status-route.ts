import { json, problem } from '../http.js';
import { readOrderPayment } from '../payment-request.js';
import { isProviderError, providerProblem } from '../provider-error.js';
import { PayPalStatus, type PayPalOrderView } from './gateway.js';
import { paypalLockKey, type PayPalRouteOptions } from './orders-route.js';

/**
 * `POST /paypal/orders/status` {orderId} + the order's secret -> {status, id, captureId?}. Verification after a
 * capture whose answer the page lost: PayPal's own status for the order (CREATED, APPROVED,
 * COMPLETED, VOIDED…), read from the gateway, so the page can tell "paid" from "approved, not
 * captured yet" from "nothing happened". The order id and its secret are enough: a shopper
 * coming back later (the page keeps both) can ask too. It never captures: the page decides, and a capture goes through the capture
 * route with its `PayPal-Request-Id`.
 */
export function postPayPalOrderStatus(options: PayPalRouteOptions) {
  const { gateway, orders, lock, payments } = options;
  return async (request: Request): Promise<Response> => {
    const body = await readOrderPayment(request, options);
    if (!body.ok) return body.response;
    const { orderId } = body.value.stored;

    // Under the order's lock: a capture in flight answers first, and the status read follows it.
    return lock(paypalLockKey(orderId), async () => {
      const record = await orders.byOrder(orderId);
      // No PayPal order, or a create that never answered: the shopper had nothing to approve.
      if (!record?.paypalOrderId) return problem(404, 'unknown-order');
      // A capture answer, once stored, is final: no need to bother PayPal for it.
      if (record.capture) {
        await payments.check(orderId, 'paypal');
        return json({ status: PayPalStatus.Completed, id: record.paypalOrderId, captureId: record.capture.captureId });
      }

      let order: PayPalOrderView;
      try {
        order = await gateway.getOrder(record.paypalOrderId);
      } catch (error) {
        if (isProviderError(error)) return providerProblem(error);
        throw error;
      }
      if (order.status === PayPalStatus.Completed && order.captureId) {
        // Captured by a call whose answer was lost: store it, so a capture retry replays it.
        await orders.saveCapture({ status: PayPalStatus.Completed, captureId: order.captureId, orderId });
        await payments.check(orderId, 'paypal');
      } else if (order.status !== PayPalStatus.Completed) {
        await orders.saveOrder(orderId, order.id, order.status);
      }
      const answer: Record<string, string> = { status: order.status, id: order.id };
      if (order.captureId) answer['captureId'] = order.captureId;
      return json(answer);
    });
  };
}
