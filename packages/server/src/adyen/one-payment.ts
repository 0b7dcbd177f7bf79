import { problem } from '../http.js';
import type { AdyenGateway } from './gateway.js';
import type { AdyenSessionStore } from './session-store.js';

type Guard = (orderId: string) => Promise<Response | undefined>;

const TOOK_MONEY = new Set(['completed', 'paymentPending']);

/**
 * For the Stripe and PayPal routes: 409 `{error: 'already-paid', paidWith: 'adyen'}` once Adyen
 * took (or is taking) the order's money. Adyen unreachable: the other provider goes ahead, as in
 * one-payment.ts (refusing would turn an Adyen outage, the case failover exists for, into two).
 */
export function paidWithAdyen(gateway: AdyenGateway | undefined, sessions: AdyenSessionStore | undefined): Guard {
  return async (orderId) => {
    const record = await sessions?.byOrder(orderId);
    if (!gateway || !sessions || !record?.sessionId) return undefined;
    const paid = () => problem(409, 'already-paid', { paidWith: 'adyen' });
    if (record.pspReference || TOOK_MONEY.has(record.status)) return paid();
    try {
      const result = await gateway.sessionResult(record.sessionId, record.sessionResult ?? undefined);
      if (result.status !== 'unknown') await sessions.saveStatus(orderId, result.status);
      return TOOK_MONEY.has(result.status) ? paid() : undefined;
    } catch {
      return undefined;
    }
  };
}

/** The first guard that refuses, in order. */
export function firstRefusal(...guards: Array<Guard | undefined>): Guard {
  return async (orderId) => {
    for (const guard of guards) {
      const refused = await guard?.(orderId);
      if (refused) return refused;
    }
    return undefined;
  };
}
