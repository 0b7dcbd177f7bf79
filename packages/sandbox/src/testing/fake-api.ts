/**
 * An in-page stand-in for the fake provider API of the README (served by @relais/server in
 * sandbox mode, built elsewhere): wraps `fetch` so tests decide each answer and see every
 * request the page makes, including its body.
 */
export interface SeenRequest {
  method: string;
  /** Path and query, relative to the origin. */
  url: string;
  body: string;
}

export type FakeAnswer = { status: number; body?: unknown } | 'network-error' | 'hang';

export interface FakeApi {
  /** Requests under `apiBase` the fake answered. */
  readonly handled: SeenRequest[];
  /** Every fetch of the page while installed, answered or passed through. */
  readonly all: SeenRequest[];
  restore(): void;
}

export function fakeApi(apiBase: string, answer: (request: SeenRequest) => FakeAnswer, win: Window & typeof globalThis = window): FakeApi {
  const original = win.fetch;
  const handled: SeenRequest[] = [];
  const all: SeenRequest[] = [];
  win.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new win.Request(input, init);
    const url = new URL(request.url);
    const seen = { method: request.method, url: url.pathname + url.search, body: await request.clone().text() };
    all.push(seen);
    if (url.origin !== win.origin || !url.pathname.startsWith(`${apiBase}/`)) return original.call(win, request);
    handled.push(seen);
    const reply = answer(seen);
    if (reply === 'network-error') throw new TypeError('Failed to fetch');
    if (reply === 'hang') return new Promise<Response>(() => undefined);
    return new win.Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { handled, all, restore: () => void (win.fetch = original) };
}

export const CLIENT_SECRET = 'pi_3Sbx0001_secret_abc123';
export const INTENT_ID = 'pi_3Sbx0001';

export function paymentIntent(status: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: INTENT_ID,
    object: 'payment_intent',
    amount: 4990,
    currency: 'eur',
    status,
    client_secret: CLIENT_SECRET,
    metadata: { orderId: 'order-1' },
    last_payment_error: null,
    next_action: null,
    ...extra,
  };
}

function cardError(code: string, declineCode: string | undefined, message: string) {
  return {
    status: 402,
    body: { error: { type: 'card_error', code, decline_code: declineCode, message, payment_intent: paymentIntent('requires_payment_method') } },
  };
}

/** The README's confirm table, as the fake server answers it. */
export function readmeStripeAnswer(apiBase: string) {
  return (request: SeenRequest): FakeAnswer => {
    if (request.method === 'GET') return { status: 200, body: paymentIntent('requires_payment_method') };
    const { payment_method: pm, return_url: returnUrl } = JSON.parse(request.body) as { payment_method: string; return_url?: string };
    switch (pm) {
      case 'pm_card_visa':
        return { status: 200, body: paymentIntent('succeeded') };
      case 'pm_card_visa_chargeDeclined':
        return cardError('card_declined', 'generic_decline', 'Your card was declined.');
      case 'pm_card_visa_chargeDeclinedInsufficientFunds':
        return cardError('card_declined', 'insufficient_funds', 'Your card has insufficient funds.');
      case 'pm_card_chargeDeclinedProcessingError':
        return cardError('processing_error', undefined, 'An error occurred while processing your card. Try again in a little bit.');
      case 'pm_card_authenticationRequired': {
        const url = `${apiBase}/stripe/3ds/${INTENT_ID}?return_url=${encodeURIComponent(returnUrl ?? '')}`;
        return { status: 200, body: paymentIntent('requires_action', { next_action: { type: 'redirect_to_url', redirect_to_url: { url, return_url: returnUrl } } }) };
      }
      default:
        return { status: 400, body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such PaymentMethod: '${pm}'` } } };
    }
  };
}
