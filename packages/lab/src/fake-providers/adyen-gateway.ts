import { type AdyenGateway, type SessionStatus, ProviderError, ProviderFailure } from '@relais/server/provider-kit';
import type { Answer, SandboxAdyen } from './adyen-psp.js';

/** Adyen's errors as the live gateway maps them: 5xx is an outage, anything else a refusal. */
function valueOf<T>(answer: Answer<T>): T {
  if (answer.ok) return answer.value;
  const { status, errorCode, message } = answer.error;
  throw new ProviderError(status >= 500 ? ProviderFailure.Unavailable : ProviderFailure.Refused, 'adyen', message, { code: errorCode, status });
}

/**
 * The merchant side's Adyen over the fake one, in-process. Unlike live Adyen, the fake answers a
 * session's result without the page's `sessionResult`: it stands in for the AUTHORISATION webhook,
 * which the sandbox never sends (nothing may post fake events to a shop).
 */
export function sandboxAdyenGateway(psp: SandboxAdyen): AdyenGateway {
  return {
    async createSession({ orderId, amount, currency, returnUrl, idempotencyKey }) {
      const session = valueOf(psp.createSession({ reference: orderId, amount: { value: amount, currency }, returnUrl, idempotencyKey }));
      return { id: session.id, sessionData: session.sessionData };
    },
    async sessionResult(sessionId) {
      const result = valueOf(psp.result(sessionId));
      return {
        status: result.status as SessionStatus,
        reference: result.reference,
        payments: result.payments.map((payment) => ({ pspReference: payment.pspReference, resultCode: payment.resultCode, amount: payment.amount })),
      };
    },
  };
}
