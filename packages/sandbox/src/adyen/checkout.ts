/**
 * The sandbox `AdyenCheckout` (Adyen Web v6, Sessions flow): `await AdyenCheckout({session,
 * environment, clientKey, onPaymentCompleted, onPaymentFailed, onError})` sets the session up with
 * the fake Adyen API and answers the checkout the Card component is created with. Payments report
 * through the same callbacks as Adyen Web; a redirect action leaves the page.
 */
import { delay, readSandboxConfig } from '../config.js';
import { callAdyen } from './api.js';
import { SandboxAdyenError } from './errors.js';

export interface PaymentResult {
  resultCode: string;
  sessionResult?: string;
  sessionData?: string;
}

export interface CheckoutOptions {
  session?: { id?: unknown; sessionData?: unknown };
  environment?: unknown;
  clientKey?: unknown;
  onPaymentCompleted?: (result: PaymentResult, element?: unknown) => void;
  onPaymentFailed?: (result?: PaymentResult, element?: unknown) => void;
  onError?: (error: SandboxAdyenError, element?: unknown) => void;
  [option: string]: unknown;
}

interface PaymentAnswer {
  resultCode: string;
  pspReference?: string;
  refusalReason?: string;
  sessionResult?: string;
  action?: { type: string; url?: string };
}

export class SandboxCheckout {
  readonly options: CheckoutOptions;
  readonly sessionId: string;
  #sessionData: string | undefined;

  constructor(options: CheckoutOptions, sessionId: string, sessionData: string | undefined) {
    this.options = options;
    this.sessionId = sessionId;
    this.#sessionData = sessionData;
  }

  /** Reports an error the way Adyen Web does: to `onError`, with the element concerned. */
  error(error: SandboxAdyenError, element?: unknown): void {
    this.options.onError?.(error, element);
  }

  /** @internal The Card's submit: one payment of the session with the card's test token. */
  async pay(token: string, element: { showError(text: string): void }): Promise<void> {
    const { fault } = readSandboxConfig().adyen;
    let answer: PaymentAnswer;
    try {
      answer = await callAdyen<PaymentAnswer>(`sessions/${encodeURIComponent(this.sessionId)}/payments`, {
        sessionData: this.#sessionData,
        paymentMethod: { type: 'scheme', encryptedCardNumber: fault === 'decline' ? 'sbx_enc_refused' : token },
      });
    } catch (error) {
      return this.error(error as SandboxAdyenError, element);
    }
    // The payment reached Adyen; its answer never reaches the page.
    if (fault === 'lost-answer') return this.error(new SandboxAdyenError('NETWORK_ERROR', 'The answer to the payment was lost (fault "lost-answer")'), element);
    this.#report(answer, element);
  }

  /** Back from a redirect: `submitDetails({details: {redirectResult}})`. */
  async submitDetails(data: { details?: { redirectResult?: unknown } }): Promise<void> {
    try {
      const answer = await callAdyen<PaymentAnswer>(`sessions/${encodeURIComponent(this.sessionId)}/paymentDetails`, {
        sessionData: this.#sessionData,
        details: { redirectResult: data.details?.redirectResult },
      });
      this.#report(answer, undefined);
    } catch (error) {
      this.error(error as SandboxAdyenError);
    }
  }

  #report(answer: PaymentAnswer, element: { showError(text: string): void } | undefined): void {
    const result: PaymentResult = { resultCode: answer.resultCode, sessionData: this.#sessionData };
    if (answer.sessionResult) result.sessionResult = answer.sessionResult;
    switch (answer.resultCode) {
      case 'Authorised':
      case 'Received':
      case 'Pending':
        this.options.onPaymentCompleted?.(result, element);
        return;
      case 'RedirectShopper':
        // Adyen Web performs the redirect action itself: the page goes to the issuer's challenge.
        if (answer.action?.url) window.location.assign(answer.action.url);
        return;
      default:
        element?.showError(answer.refusalReason ?? answer.resultCode);
        this.options.onPaymentFailed?.(result, element);
    }
  }
}

export async function AdyenCheckout(options: CheckoutOptions): Promise<SandboxCheckout> {
  const session = options.session;
  if (typeof session?.id !== 'string') {
    const error = new SandboxAdyenError('IMPLEMENTATION_ERROR', 'AdyenCheckout needs session.id (Sessions flow)');
    options.onError?.(error);
    throw error;
  }
  const sessionData = typeof session.sessionData === 'string' ? session.sessionData : undefined;
  const checkout = new SandboxCheckout(options, session.id, sessionData);
  // Back from a redirect, Adyen Web is created with the session id alone and sets nothing up.
  if (sessionData === undefined) return checkout;
  const { fault, timeoutMs } = readSandboxConfig().adyen;
  try {
    if (fault === 'api-timeout') {
      await delay(timeoutMs);
      throw new SandboxAdyenError('NETWORK_ERROR', 'The session setup timed out (fault "api-timeout")');
    }
    if (fault === 'api-5xx') throw new SandboxAdyenError('NETWORK_ERROR', 'The sandbox Adyen API answered HTTP 500 (fault "api-5xx")');
    await callAdyen(`sessions/${encodeURIComponent(session.id)}/setup`, { sessionData });
  } catch (error) {
    options.onError?.(error as SandboxAdyenError);
    throw error;
  }
  return checkout;
}
