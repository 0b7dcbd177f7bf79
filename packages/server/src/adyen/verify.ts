import type { StoredOrder } from '../order-store.js';
import type { Verdict } from '../order-payments.js';
import type { AdyenGateway, SessionResult } from './gateway.js';
import type { AdyenSessionStore } from './session-store.js';

/**
 * Paid means verified, for Adyen too: only an authorised payment of a session this server created
 * for the order, of the order's recorded amount and currency, read by the server itself (the
 * session result, or a signed AUTHORISATION webhook recorded in the session store).
 */
export function adyenVerifier(gateway: AdyenGateway, sessions: AdyenSessionStore) {
  return async (stored: StoredOrder): Promise<Verdict> => {
    const { orderId, amount, currency } = stored.order;
    const record = await sessions.byOrder(orderId);
    if (!record?.sessionId) return { kind: 'unpaid' };
    const sameMoney = (value: number | null | undefined, code: string | null | undefined) => value === amount && code?.toUpperCase() === currency;
    if (record.pspReference) {
      return sameMoney(record.paidAmount, record.paidCurrency)
        ? { kind: 'paid', reference: record.pspReference }
        : { kind: 'mismatch', reason: `Adyen payment ${record.pspReference} is ${record.paidAmount} ${record.paidCurrency}, the order ${amount} ${currency}` };
    }
    let result: SessionResult;
    try {
      result = await gateway.sessionResult(record.sessionId, record.sessionResult ?? undefined);
    } catch {
      return { kind: 'unverifiable' };
    }
    if (result.reference !== undefined && result.reference !== orderId) {
      return { kind: 'mismatch', reason: `Adyen session ${record.sessionId} belongs to ${result.reference}` };
    }
    if (result.status !== 'unknown') await sessions.saveStatus(orderId, result.status);
    const authorised = result.payments.find((payment) => payment.resultCode === 'Authorised');
    if (result.status === 'completed' && authorised) {
      if (!sameMoney(authorised.amount?.value, authorised.amount?.currency)) {
        return { kind: 'mismatch', reason: `Adyen payment ${authorised.pspReference} is not the order's amount` };
      }
      await sessions.saveAuthorised(orderId, authorised.pspReference, amount, currency);
      return { kind: 'paid', reference: authorised.pspReference };
    }
    switch (result.status) {
      case 'paymentPending':
        return { kind: 'moving', reference: record.sessionId };
      case 'unknown':
        // Without the page's sessionResult Adyen will not say: the webhook will.
        return { kind: 'unverifiable' };
      default:
        return { kind: 'unpaid' };
    }
  };
}
