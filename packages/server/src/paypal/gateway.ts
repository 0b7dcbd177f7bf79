/**
 * What the merchant endpoints need from PayPal's Orders v2 API, behind one interface with two
 * implementations: the REST API over `fetch` (live-gateway.ts) and the sandbox's fake PSP.
 * A capture that PayPal refuses is an expected outcome (a result); an outage is a `ProviderError`.
 */

/** PayPal's order statuses that Relais acts on, as PayPal spells them. */
export const PayPalStatus = {
  Created: 'CREATED',
  Approved: 'APPROVED',
  Completed: 'COMPLETED',
} as const;

export interface PayPalOrderView {
  /** PayPal's order id. */
  id: string;
  status: string;
  /** `purchase_units[0].custom_id`: the Relais order id. */
  customId?: string | undefined;
  /** Minor units, upper-case currency. */
  amount?: { amount: number; currency: string } | undefined;
  /** The first capture, once captured. */
  captureId?: string | undefined;
}

export interface CreatePayPalOrder {
  orderId: string;
  /** Minor units; the gateway writes PayPal's decimal string. */
  amount: number;
  currency: string;
  /** `PayPal-Request-Id`: `{orderId}:paypal:create`. */
  requestId: string;
}

/** PayPal's refusal of a capture, as its 422 names it (`ORDER_NOT_APPROVED`, `INSTRUMENT_DECLINED`…). */
export interface CaptureRefusal {
  ok: false;
  issue: string;
  description?: string | undefined;
  debugId?: string | undefined;
}

export type CaptureResult = { ok: true; captureId: string } | CaptureRefusal;

export interface PayPalGateway {
  createOrder(order: CreatePayPalOrder): Promise<PayPalOrderView>;
  /** `requestId` is the `PayPal-Request-Id`: `{orderId}:paypal:capture`. */
  capture(paypalOrderId: string, requestId: string): Promise<CaptureResult>;
  getOrder(paypalOrderId: string): Promise<PayPalOrderView>;
}
