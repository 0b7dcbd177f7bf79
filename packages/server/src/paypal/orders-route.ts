import { providerCallKey } from '@relais/contracts';
import { json, problem } from '../http.js';
import type { KeyedLock } from '../keyed-lock.js';
import type { OrderPayments } from '../order-payments.js';
import { readOrderPayment, type PaymentAccess } from '../payment-request.js';
import { isProviderError, providerProblem } from '../provider-error.js';
import type { PayPalGateway } from './gateway.js';
import type { PayPalOrderStore } from './order-store.js';

export interface PayPalRouteOptions extends PaymentAccess {
  gateway: PayPalGateway;
  payments: OrderPayments;
  orders: PayPalOrderStore;
  lock: KeyedLock;
  /** The answer when another provider was paid for the order (one-payment.ts). */
  paidElsewhere?: ((orderId: string) => Promise<Response | undefined>) | undefined;
}

/** Both PayPal routes serialise on the Relais order, apart from the Stripe routes' keys. */
export const paypalLockKey = (orderId: string) => `paypal:${orderId}`;

/**
 * `POST /paypal/orders` {orderId} + the order's secret -> {id}. One PayPal order per Relais order,
 * for its recorded amount: created once (`PayPal-Request-Id: {orderId}:paypal:create`), then the
 * same id is answered.
 */
export function postPayPalOrder(options: PayPalRouteOptions) {
  const { gateway, orders, lock, paidElsewhere } = options;
  return async (request: Request): Promise<Response> => {
    const body = await readOrderPayment(request, options);
    if (!body.ok) return body.response;
    const { orderId, amount, currency } = body.value.stored.order;

    return lock(paypalLockKey(orderId), async () => {
      if ((await orders.byOrder(orderId))?.capture) return problem(409, 'already-paid');
      // Checked before PayPal hears of the order: the shopper is never asked to approve a second payment.
      const elsewhere = await paidElsewhere?.(orderId);
      if (elsewhere) return elsewhere;
      const record = await orders.claim(orderId, amount, currency);
      let paypalOrderId = record.paypalOrderId;
      if (!paypalOrderId) {
        try {
          // The first parameters, even on a retry after a crash: PayPal replays by request id.
          const created = await gateway.createOrder({
            orderId,
            amount: record.createAmount,
            currency: record.createCurrency,
            requestId: providerCallKey(orderId, 'paypal', 'create'),
          });
          paypalOrderId = created.id;
          await orders.saveOrder(orderId, created.id, created.status);
        } catch (error) {
          if (isProviderError(error)) return providerProblem(error);
          throw error;
        }
      }
      if (record.createAmount !== amount || record.createCurrency !== currency) {
        return problem(409, 'amount-mismatch', { amount: record.createAmount, currency: record.createCurrency });
      }
      return json({ id: paypalOrderId });
    });
  };
}
