import { PayPalStatus, toDecimalString } from '@relais/server/provider-kit';
import type { PayPalAnswer, SandboxPayPalOrder } from './paypal-psp.js';

/**
 * The sandbox's PayPal orders as PayPal's Orders v2 API writes them: the complete representation
 * (`Prefer: return=representation`) or the minimal one PayPal answers by default (id, status,
 * links), errors as `{name, message, details: [{issue, description}], debug_id}` with PayPal's
 * own texts, and the webhook events PayPal would send about them.
 */

type Json = Record<string, unknown>;

/** PayPal's `message` for each error name, verbatim from its Orders v2 document. */
const MESSAGES: Record<string, string> = {
  INVALID_REQUEST: 'Request is not well-formed, syntactically incorrect, or violates schema.',
  AUTHENTICATION_FAILURE: 'Authentication failed due to missing authorization header, or invalid authentication credentials.',
  RESOURCE_NOT_FOUND: 'The specified resource does not exist.',
  UNPROCESSABLE_ENTITY: 'The requested action could not be performed, semantically incorrect, or failed business validation.',
};

let debugIds = 0;

export function paypalErrorJson(name: string, issue: string, description: string, field?: string): Json {
  const detail: Json = { issue, description };
  if (field !== undefined) detail['field'] = field;
  return { name, message: MESSAGES[name] ?? description, details: [detail], debug_id: `sbx${(++debugIds).toString(16).padStart(12, '0')}` };
}

export function paypalAnswerError(answer: Extract<PayPalAnswer, { ok: false }>): Json {
  return paypalErrorJson(answer.name, answer.issue, answer.description);
}

function linksOf(order: SandboxPayPalOrder, apiBase: string, approveUrl: string): Json[] {
  const self = `${apiBase}/v2/checkout/orders/${order.id}`;
  const links: Json[] = [{ href: self, rel: 'self', method: 'GET' }];
  if (order.status === PayPalStatus.Created) links.push({ href: approveUrl, rel: 'approve', method: 'GET' });
  if (order.status === PayPalStatus.Approved) links.push({ href: `${self}/capture`, rel: 'capture', method: 'POST' });
  return links;
}

function money(order: SandboxPayPalOrder): Json {
  return { currency_code: order.currency, value: toDecimalString(order.amount, order.currency) };
}

export function captureJson(order: SandboxPayPalOrder, apiBase: string): Json {
  const capture: Json = {
    id: order.captureId,
    status: 'COMPLETED',
    amount: money(order),
    final_capture: true,
    links: [{ href: `${apiBase}/v2/payments/captures/${order.captureId}`, rel: 'self', method: 'GET' }],
    create_time: order.createdAt,
    update_time: order.createdAt,
  };
  if (order.customId !== null) capture['custom_id'] = order.customId;
  return capture;
}

export interface OrderJsonOptions {
  /** `Prefer: return=representation`; PayPal's default is the minimal answer. */
  representation: boolean;
  /** The origin of PayPal's API in links (`https://api-m.sandbox.paypal.com`). */
  apiBase: string;
  /** Where the buyer approves (the `approve` link); the sandbox's stand-in does it in the page. */
  approveUrl?: string;
}

export function orderJson(order: SandboxPayPalOrder, options: OrderJsonOptions): Json {
  const approveUrl = options.approveUrl ?? `https://www.sandbox.paypal.com/checkoutnow?token=${order.id}`;
  const links = linksOf(order, options.apiBase, approveUrl);
  if (!options.representation) return { id: order.id, status: order.status, links };
  const unit: Json = { reference_id: 'default', amount: money(order) };
  if (order.customId !== null) unit['custom_id'] = order.customId;
  if (order.captureId !== null) unit['payments'] = { captures: [captureJson(order, options.apiBase)] };
  return {
    id: order.id,
    intent: 'CAPTURE',
    status: order.status,
    purchase_units: [unit],
    create_time: order.createdAt,
    links,
  };
}

/**
 * The webhook event PayPal would send about a captured order (`PAYMENT.CAPTURE.COMPLETED`) or an
 * approved one (`CHECKOUT.ORDER.APPROVED`). The sandbox sends none itself: the merchant server
 * verifies every payment with PayPal's API instead.
 */
export function paypalWebhookEvent(order: SandboxPayPalOrder, type: 'PAYMENT.CAPTURE.COMPLETED' | 'CHECKOUT.ORDER.APPROVED', id: string, apiBase: string): Json {
  const capture = type === 'PAYMENT.CAPTURE.COMPLETED';
  return {
    id,
    create_time: new Date().toISOString(),
    resource_type: capture ? 'capture' : 'checkout-order',
    event_version: '1.0',
    event_type: type,
    summary: capture ? `Payment completed for ${order.currency} ${toDecimalString(order.amount, order.currency)}` : 'An order has been approved by buyer',
    resource_version: '2.0',
    resource: capture ? captureJson(order, apiBase) : orderJson(order, { representation: true, apiBase }),
    links: [{ href: `${apiBase}/v1/notifications/webhooks-events/${id}`, rel: 'self', method: 'GET' }],
  };
}
