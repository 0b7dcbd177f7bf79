/**
 * What the merchant endpoints need from Adyen's Checkout API (v71, Sessions flow), behind one
 * interface with two implementations: the official `@adyen/api-library` (live-gateway.ts) and the
 * sandbox's fake Adyen (sandbox/adyen-gateway.ts). Failures are `ProviderError`s either way.
 */

/** Adyen's session statuses (`GET /sessions/{id}`), plus `unknown` when Adyen cannot be asked. */
export type SessionStatus = 'active' | 'canceled' | 'completed' | 'expired' | 'paymentPending' | 'refused' | 'unknown';

export interface SessionView {
  id: string;
  /** Opaque data the page's Adyen Web needs to start the session; not a card credential. */
  sessionData: string;
}

export interface SessionRequest {
  orderId: string;
  /** Minor units, from the recorded order. */
  amount: number;
  currency: string;
  returnUrl: string;
  /** `{orderId}:adyen:create:{n}`: a retry replays the same session at Adyen. */
  idempotencyKey: string;
}

export interface SessionPayment {
  pspReference: string;
  resultCode: string;
  amount: { value: number; currency: string } | undefined;
}

export interface SessionResult {
  status: SessionStatus;
  /** The `reference` the session was created with: the Relais order id. */
  reference: string | undefined;
  /** The session's authorised payments. */
  payments: SessionPayment[];
}

export interface AdyenGateway {
  createSession(request: SessionRequest): Promise<SessionView>;
  /**
   * The session's outcome. Adyen answers `GET /sessions/{id}` only with the `sessionResult` the
   * page's Adyen Web produced; without it the live gateway answers `unknown` and the AUTHORISATION
   * webhook is what tells.
   */
  sessionResult(sessionId: string, sessionResult: string | undefined): Promise<SessionResult>;
}
