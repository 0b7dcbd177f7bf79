import { problem } from './http.js';
import type { PayPalOrderStore } from './paypal/order-store.js';
import { IntentStatus, type StripeGateway } from './stripe/gateway.js';
import type { IntentStore } from './stripe/intent-store.js';

/**
 * One order, one payment, across providers. Each provider's routes already keep to one payment
 * per order id on their own (one PaymentIntent, one PayPal order, idempotency keys); these checks
 * keep two providers from each taking one: two tabs of one order, one paying by card, the other
 * with PayPal. The answer names who was paid, so the page reports that payment.
 */
export interface OnePayment {
  /** For the Stripe routes: 409 `{error: 'already-paid', paidWith: 'paypal'}` once PayPal captured. */
  paidWithPayPal(orderId: string): Promise<Response | undefined>;
  /** For the PayPal routes: 409 `{error: 'already-paid', paidWith: 'stripe'}` while Stripe took or is taking the money. */
  paidWithStripe(orderId: string): Promise<Response | undefined>;
}

const STRIPE_TOOK_MONEY: ReadonlySet<string> = new Set([IntentStatus.Succeeded, IntentStatus.Processing, IntentStatus.RequiresCapture]);

export function onePayment(stripe: StripeGateway | undefined, intents: IntentStore, paypalOrders: PayPalOrderStore): OnePayment {
  const paidWith = (provider: 'stripe' | 'paypal') => problem(409, 'already-paid', { paidWith: provider });
  return {
    async paidWithPayPal(orderId) {
      return (await paypalOrders.byOrder(orderId))?.capture ? paidWith('paypal') : undefined;
    },

    async paidWithStripe(orderId) {
      const record = await intents.byOrder(orderId);
      if (!stripe || !record?.intentId || record.status === IntentStatus.Canceled) return undefined;
      if (record.status === IntentStatus.Succeeded) return paidWith('stripe');
      // The shopper confirms in the browser, straight with Stripe: our record may be behind.
      try {
        const intent = await stripe.retrieve(record.intentId);
        await intents.save(orderId, intent);
        return STRIPE_TOOK_MONEY.has(intent.status) ? paidWith('stripe') : undefined;
      } catch {
        // Stripe unreachable: PayPal goes ahead. Refusing would turn a Stripe outage, the very case
        // failover exists for, into a PayPal one. The element never offers PayPal while a Stripe
        // payment of its own is unresolved (it verifies, and cancels, first) and tabs of one
        // browser take turns (Web Locks), so what is left is two devices paying one order at once.
        return undefined;
      }
    },
  };
}
