import { OrderStatus, type OrderAnswer, type PaymentMethod } from './order.js';
import type { OrderStore, StoredOrder } from './order-store.js';
import type { PayPalGateway } from './paypal/gateway.js';
import type { PayPalOrderStore } from './paypal/order-store.js';
import { IntentStatus, type IntentView, type StripeGateway } from './stripe/gateway.js';
import type { IntentStore } from './stripe/intent-store.js';

/**
 * Paid means verified. An order becomes `paid` only here, and only after the server itself saw,
 * at the provider, a payment of the order's recorded amount and currency for that order id: the
 * PaymentIntent this server created for it (retrieved, or in a signed webhook), or the PayPal
 * capture this server made or read back for the PayPal order it created. What a page says (a
 * `paymentReference`) only asks for the check.
 */

export type VerifiedMethod = typeof PaymentMethod.Stripe | typeof PaymentMethod.PayPal | typeof PaymentMethod.Adyen;

/** What the provider says of an order's payment. */
export type Verdict =
  | { kind: 'paid'; reference: string }
  /** Money is moving (processing, requires_capture): not paid yet, never offer another payment. */
  | { kind: 'moving'; reference: string }
  | { kind: 'unpaid' }
  /** The provider could not be asked: check again later. */
  | { kind: 'unverifiable' }
  /** Paid, but not what the order says (another amount, another order): never `paid`. */
  | { kind: 'mismatch'; reason: string };

export interface OrderPayments {
  /** Asks the provider about the order's payment through `method` and records the verdict. */
  check(orderId: string, method: VerifiedMethod): Promise<StoredOrder | undefined>;
  /** Records what an intent read by the server (a retrieve, a signed webhook) says of its order. */
  applyIntent(orderId: string, intent: IntentView): Promise<StoredOrder | undefined>;
  /** A payment failed at the provider: a `verifying` order goes back to `pending`. */
  failed(orderId: string, method: VerifiedMethod): Promise<void>;
  /** Refunded in full at the provider. */
  refunded(orderId: string, method: VerifiedMethod): Promise<void>;
  /** Checks every `verifying` order once (the timer's work); resolves with how many were checked. */
  recheck(limit?: number): Promise<number>;
}

export interface OrderPaymentsOptions {
  store: OrderStore;
  stripe: StripeGateway | undefined;
  intents: IntentStore;
  paypal: PayPalGateway | undefined;
  paypalOrders: PayPalOrderStore;
  /** Adyen's verdict on an order (adyen/verify.ts), when Adyen is configured. */
  adyen?: ((stored: StoredOrder) => Promise<Verdict>) | undefined;
  onError: (error: Error) => void;
}

const MOVING: ReadonlySet<string> = new Set([IntentStatus.Processing, IntentStatus.RequiresCapture]);
const SETTLED: ReadonlySet<string> = new Set([OrderStatus.Paid, OrderStatus.Refunded]);

/** The verdict on an intent for a recorded order: amount, currency and order id must all agree. */
export function judgeIntent(order: StoredOrder['order'], intent: IntentView): Verdict {
  if (intent.orderId !== undefined && intent.orderId !== order.orderId) {
    return { kind: 'mismatch', reason: `PaymentIntent ${intent.id} belongs to order ${intent.orderId}` };
  }
  const sameMoney = intent.amount === order.amount && intent.currency === order.currency.toLowerCase();
  if (intent.status === IntentStatus.Succeeded) {
    return sameMoney
      ? { kind: 'paid', reference: intent.id }
      : { kind: 'mismatch', reason: `PaymentIntent ${intent.id} is ${intent.amount} ${intent.currency}, the order ${order.amount} ${order.currency}` };
  }
  if (MOVING.has(intent.status)) return { kind: 'moving', reference: intent.id };
  return { kind: 'unpaid' };
}

function answerWith(stored: StoredOrder, status: OrderStatus, method: PaymentMethod): OrderAnswer {
  return { ...stored.answer.body, status, method };
}

export function orderPayments(options: OrderPaymentsOptions): OrderPayments {
  const { store, stripe, intents, paypal, paypalOrders, onError } = options;

  async function verifyStripe(stored: StoredOrder): Promise<Verdict> {
    // Only the intent this server created for the order can pay it: a reference the page names
    // (another order's intent, a 1-cent one) is never retrieved.
    const intentId = (await intents.byOrder(stored.orderId))?.intentId;
    if (!stripe || !intentId) return { kind: 'unpaid' };
    let intent: IntentView;
    try {
      intent = await stripe.retrieve(intentId);
    } catch {
      return { kind: 'unverifiable' };
    }
    await intents.save(stored.orderId, intent);
    return judgeIntent(stored.order, intent);
  }

  async function verifyPayPal(stored: StoredOrder): Promise<Verdict> {
    const record = await paypalOrders.byOrder(stored.orderId);
    if (!paypal || !record?.paypalOrderId) return { kind: 'unpaid' };
    // The PayPal order was created by this server for the amount the order had then.
    const sameMoney = record.createAmount === stored.order.amount && record.createCurrency === stored.order.currency;
    const mismatch: Verdict = { kind: 'mismatch', reason: `PayPal order ${record.paypalOrderId} is for ${record.createAmount} ${record.createCurrency}` };
    if (record.capture) return sameMoney ? { kind: 'paid', reference: record.capture.captureId } : mismatch;
    let order;
    try {
      order = await paypal.getOrder(record.paypalOrderId);
    } catch {
      return { kind: 'unverifiable' };
    }
    if (order.status !== 'COMPLETED' || !order.captureId) return { kind: 'unpaid' };
    if (order.customId !== undefined && order.customId !== stored.orderId) return mismatch;
    if (order.amount && (order.amount.amount !== stored.order.amount || order.amount.currency !== stored.order.currency)) return mismatch;
    if (!sameMoney) return mismatch;
    await paypalOrders.saveCapture({ status: 'COMPLETED', captureId: order.captureId, orderId: stored.orderId });
    return { kind: 'paid', reference: order.captureId };
  }

  /** Writes a verdict. Never moves an order back from paid; only a refund does that. */
  async function record(orderId: string, method: VerifiedMethod, verdict: Verdict): Promise<StoredOrder | undefined> {
    if (verdict.kind === 'mismatch') onError(new Error(`order ${orderId} not marked paid: ${verdict.reason}`));
    return store.update(orderId, (stored) => {
      if (SETTLED.has(stored.answer.body.status)) return undefined;
      switch (verdict.kind) {
        case 'paid':
          return {
            order: { ...stored.order, method, paymentReference: verdict.reference },
            answer: answerWith(stored, OrderStatus.Paid, method),
          };
        case 'moving':
        case 'unverifiable':
          return {
            order: { ...stored.order, method },
            answer: answerWith(stored, OrderStatus.Verifying, method),
          };
        case 'unpaid':
        case 'mismatch':
          // A check that found nothing ends a `verifying` (the page's report was wrong, or the
          // payment failed); any other status stays as it was.
          if (stored.answer.body.status !== OrderStatus.Verifying) return undefined;
          return { order: stored.order, answer: answerWith(stored, OrderStatus.Pending, stored.order.method) };
      }
    });
  }

  async function check(orderId: string, method: VerifiedMethod): Promise<StoredOrder | undefined> {
    const stored = await store.get(orderId);
    if (!stored || SETTLED.has(stored.answer.body.status)) return stored;
    const verdict =
      method === 'stripe' ? await verifyStripe(stored)
      : method === 'adyen' ? ((await options.adyen?.(stored)) ?? { kind: 'unpaid' as const })
      : await verifyPayPal(stored);
    return record(orderId, method, verdict);
  }

  return {
    check,
    async applyIntent(orderId, intent) {
      const stored = await store.get(orderId);
      if (!stored) return undefined;
      return record(orderId, 'stripe', judgeIntent(stored.order, intent));
    },
    async failed(orderId, method) {
      await record(orderId, method, { kind: 'unpaid' });
    },
    async refunded(orderId, method) {
      await store.update(orderId, (stored) => {
        if (stored.answer.body.status !== OrderStatus.Paid || stored.order.method !== method) return undefined;
        return { order: stored.order, answer: answerWith(stored, OrderStatus.Refunded, method) };
      });
    },
    async recheck(limit = 50) {
      const waiting = await store.withStatus(OrderStatus.Verifying, limit);
      for (const stored of waiting) {
        const method = stored.order.method;
        if (method === 'stripe' || method === 'paypal' || method === 'adyen') await check(stored.orderId, method);
      }
      return waiting.length;
    },
  };
}
