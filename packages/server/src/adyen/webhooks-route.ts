import { problem, readBytes, withKnownBody } from '../http.js';
import type { OrderPayments } from '../order-payments.js';
import type { AdyenSessionStore } from './session-store.js';

/** Adyen batches up to a few items per notification; this still bounds an unsigned caller. */
const WEBHOOK_BODY_LIMIT = 256 * 1024;

/** One `NotificationRequestItem` as Adyen sends it (Webhooks v1), the fields Relais reads. */
export interface NotificationItem {
  pspReference: string;
  merchantReference: string;
  merchantAccountCode: string;
  eventCode: string;
  eventDate: string;
  success: string;
  amount: { value: number; currency: string };
  originalReference?: string;
  additionalData?: Record<string, string>;
}

/** `hmacValidator.validateHMAC` of `@adyen/api-library`, loaded in live mode only. */
export type HmacCheck = (item: NotificationItem) => Promise<boolean>;

export interface AdyenWebhookOptions {
  verify: HmacCheck;
  sessions: AdyenSessionStore;
  payments: OrderPayments;
}

const isItem = (value: unknown): value is NotificationItem => {
  const item = value as Partial<NotificationItem> | null;
  return (
    typeof item === 'object' && item !== null &&
    typeof item.pspReference === 'string' && typeof item.merchantReference === 'string' &&
    typeof item.eventCode === 'string' && typeof item.success === 'string' &&
    typeof item.amount === 'object' && item.amount !== null && Number.isSafeInteger(item.amount.value) && typeof item.amount.currency === 'string'
  );
};

/** Adyen's expected acknowledgement: without it, the notification is sent again. */
function accepted(): Response {
  const text = '[accepted]';
  return withKnownBody(new Response(text, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } }), text);
}

/**
 * `POST /adyen/webhooks` (live mode only): every item's HMAC signature is checked with the
 * merchant's HMAC key before anything is read from it; one bad signature refuses the batch. An
 * item seen before (same psp reference, event and success) is acknowledged and not applied again.
 * AUTHORISATION success of a session this server created marks the order paid (amount checked);
 * a failed one ends a `verifying`; REFUND success -> refunded.
 */
export function postAdyenWebhook({ verify, sessions, payments }: AdyenWebhookOptions) {
  return async (request: Request): Promise<Response> => {
    const body = await readBytes(request, WEBHOOK_BODY_LIMIT);
    if (!body.ok) return body.reason === 'body-too-large' ? problem(413, 'body-too-large') : problem(400, 'invalid-event');
    let items: unknown[];
    try {
      const parsed = JSON.parse(body.bytes.toString('utf8')) as { notificationItems?: Array<{ NotificationRequestItem?: unknown }> };
      if (!Array.isArray(parsed.notificationItems)) return problem(400, 'invalid-event');
      items = parsed.notificationItems.map((wrapper) => wrapper?.NotificationRequestItem);
    } catch {
      return problem(400, 'invalid-event');
    }
    if (!items.every(isItem)) return problem(400, 'invalid-event');
    for (const item of items) if (!(await verify(item))) return problem(401, 'invalid-signature');

    for (const item of items) {
      const orderId = item.merchantReference;
      // Only orders this server opened an Adyen session for move; a reference alone is not enough.
      if (!(await sessions.byOrder(orderId))?.sessionId) continue;
      if (!(await sessions.recordEvent(`${item.pspReference}:${item.eventCode}:${item.success}`))) continue;
      const success = item.success === 'true';
      if (item.eventCode === 'AUTHORISATION') {
        if (success) {
          await sessions.saveAuthorised(orderId, item.pspReference, item.amount.value, item.amount.currency.toUpperCase());
          await payments.check(orderId, 'adyen');
        } else {
          await payments.failed(orderId, 'adyen');
        }
      } else if (item.eventCode === 'REFUND' && success) {
        // A partial refund leaves the order paid: the merchant decides what it means for the goods.
        const paid = (await sessions.byOrder(orderId))?.paidAmount;
        if (paid != null && item.amount.value >= paid) await payments.refunded(orderId, 'adyen');
      }
    }
    return accepted();
  };
}
