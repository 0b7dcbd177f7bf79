/**
 * A method the merchant defines with the package's public API (docs/providers.md), drawn by the
 * chaos journeys like the built-in ones: pay by invoice. The shop records the order and sends the
 * invoice, which the shopper settles by transfer: nothing is charged at checkout. The merchant API
 * knows no `invoice` method, and needs none: it records the order as `pay-later` (the merchant
 * sends the means to pay), the kind it already completes by recording. Like bank transfer, an
 * order the shop did not take is kept by the page and delivered later.
 */
import { defineProvider, FailureKind, RelaisError, type Order, type PaymentOutcome, type Provider, type ProviderContext } from '@relais/checkout';
import { INVOICE_RECORDED_AS } from './methods.js';

class Invoice implements Provider {
  readonly id = 'invoice';
  async load(): Promise<void> {}
  async mount(): Promise<void> {}

  async pay({ config, order }: ProviderContext, signal: AbortSignal): Promise<PaymentOutcome> {
    const sent: Order = { ...order, method: INVOICE_RECORDED_AS };
    let answer: Response;
    try {
      answer = await fetch(`${config.endpoint}/orders`, {
        method: 'POST',
        signal,
        headers: { 'content-type': 'application/json', 'idempotency-key': order.orderId },
        body: JSON.stringify(sent),
      });
    } catch (error) {
      if (signal.aborted) throw error;
      return { status: 'not-recorded', error: new RelaisError(FailureKind.MerchantUnavailable, 'The shop did not answer', { provider: this.id, cause: error }), sent };
    }
    if (answer.ok) return { status: 'pending', reason: 'awaiting-transfer', reference: order.orderId };
    const kind = answer.status >= 500 || answer.status === 429 ? FailureKind.MerchantUnavailable : FailureKind.OrderRejected;
    return { status: 'not-recorded', error: new RelaisError(kind, `The shop answered ${answer.status}`, { provider: this.id, status: answer.status }), sent };
  }

  destroy(): void {}
}

defineProvider('invoice', {
  load: async () => new Invoice(),
  capabilities: {},
  messages: {
    en: { label: 'Invoice', inSentence: 'invoice' },
    fr: { label: 'Facture', inSentence: 'facture' },
  },
});
