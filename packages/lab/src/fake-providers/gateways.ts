import { type CaptureResult, createOrUpdateWith, type IntentCalls, type IntentView, type PayPalGateway, type PayPalOrderView, ProviderError, ProviderFailure, type StripeGateway } from '@relais/server/provider-kit';
import type { PayPalAnswer, SandboxPayPal, SandboxPayPalOrder } from './paypal-psp.js';
import type { PspAnswer, SandboxStripe } from './stripe-psp.js';

/**
 * The merchant side's gateways over the fake PSP, in-process: same interface and same failures
 * as the live ones, so the routes cannot tell sandbox from live.
 */

function intentOf(answer: PspAnswer): IntentView {
  if (!answer.ok) {
    throw new ProviderError(ProviderFailure.Refused, 'stripe', answer.error.message, {
      code: answer.error.code ?? answer.error.type,
      status: answer.status,
    });
  }
  const { id, status, amount, currency, clientSecret, orderId } = answer.intent;
  return { id, status, amount, currency, clientSecret, orderId: orderId ?? undefined };
}

export function sandboxStripeGateway(psp: SandboxStripe): StripeGateway {
  const calls: IntentCalls = {
    create: async (money, orderId, idempotencyKey) => intentOf(psp.create({ ...money, orderId, idempotencyKey })),
    retrieve: async (intentId) => intentOf(psp.retrieve(intentId)),
    update: async (intentId, money) => intentOf(psp.update(intentId, money)),
  };
  return {
    createOrUpdateIntent: (request) => createOrUpdateWith(calls, request),
    retrieve: calls.retrieve,
    cancel: async (intentId) => intentOf(psp.cancel(intentId)),
  };
}

function viewOf(order: SandboxPayPalOrder): PayPalOrderView {
  const view: PayPalOrderView = {
    id: order.id,
    status: order.status,
    amount: { amount: order.amount, currency: order.currency },
  };
  if (order.customId !== null) view.customId = order.customId;
  if (order.captureId !== null) view.captureId = order.captureId;
  return view;
}

function orderOf(answer: PayPalAnswer): PayPalOrderView {
  if (!answer.ok) {
    throw new ProviderError(ProviderFailure.Refused, 'paypal', answer.description, { code: answer.issue, status: answer.status });
  }
  return viewOf(answer.order);
}

export function sandboxPayPalGateway(psp: SandboxPayPal): PayPalGateway {
  return {
    createOrder: async (order) => orderOf(psp.createOrder(order)),
    getOrder: async (paypalOrderId) => orderOf(psp.getOrder(paypalOrderId)),
    async capture(paypalOrderId, requestId): Promise<CaptureResult> {
      const answer = psp.capture(paypalOrderId, requestId);
      if (answer.ok) return { ok: true, captureId: answer.order.captureId! };
      if (answer.status === 422) return { ok: false, issue: answer.issue, description: answer.description };
      throw new ProviderError(ProviderFailure.Refused, 'paypal', answer.description, { code: answer.issue, status: answer.status });
    },
  };
}
