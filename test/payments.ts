/**
 * Browser-side helpers for the verification tests: what the fake providers hold for an order
 * (`{endpoint}/sandbox/ledger/{orderId}`), the shopper's steps done straight on the fake APIs,
 * and a record of what the page sent over the network.
 */
import type { FaultRule } from './api.js';

export interface Ledger {
  stripe: Array<{ id: string; status: string; amount: number; currency: string }>;
  paypal: Array<{ id: string; status: string; amount: number; currency: string; captureId: string | null }>;
  /** Every Adyen payment of the order's sessions (absent where a route predates Adyen). */
  adyen?: Array<{ pspReference: string; resultCode: string; amount: number; currency: string }>;
}

/** Adyen's result codes that took (or hold) the shopper's money. */
export const ADYEN_CHARGED = ['Authorised', 'Received', 'Pending'];

export async function ledger(endpoint: string, orderId: string): Promise<Ledger> {
  const response = await fetch(`${endpoint}/sandbox/ledger/${encodeURIComponent(orderId)}`);
  if (!response.ok) throw new Error(`ledger answered ${response.status}`);
  return response.json();
}

/** Charges: Stripe intents that took money, PayPal orders captured, Adyen payments authorised. */
export function charges(entries: Ledger): number {
  const stripe = entries.stripe.filter((intent) => ['succeeded', 'processing', 'requires_capture'].includes(intent.status)).length;
  const adyen = (entries.adyen ?? []).filter((payment) => ADYEN_CHARGED.includes(payment.resultCode)).length;
  return stripe + entries.paypal.filter((order) => order.captureId !== null).length + adyen;
}

async function post<T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as T };
}

const secrets = new Map<string, string>();

/** The merchant records the order (49.90 EUR), as the element does before any payment; answers its secret. */
export async function recordOrder(endpoint: string, orderId: string, method = 'stripe'): Promise<string> {
  const known = secrets.get(`${endpoint} ${orderId}`);
  if (known) return known;
  const answer = await post<{ secret?: string }>(`${endpoint}/orders`, { orderId, amount: 4990, currency: 'EUR', method }, { 'idempotency-key': orderId });
  if (!answer.body.secret) throw new Error(`orders answered ${answer.status}`);
  secrets.set(`${endpoint} ${orderId}`, answer.body.secret);
  return answer.body.secret;
}

/** What the element holds for an order it recorded (the secret is undefined for one it did not). */
export function orderRef(endpoint: string, orderId: string): { endpoint: string; orderId: string; secret: string | undefined } {
  return { endpoint, orderId, secret: secrets.get(`${endpoint} ${orderId}`) };
}

/** The merchant creates the order's PaymentIntent (recording the order first); answers its client secret. */
export async function createIntent(endpoint: string, orderId: string): Promise<string> {
  const secret = await recordOrder(endpoint, orderId);
  const answer = await post<{ clientSecret: string }>(`${endpoint}/stripe/payment-intents`, { orderId }, { 'relais-order-secret': secret });
  if (answer.status !== 200) throw new Error(`payment-intents answered ${answer.status}`);
  return answer.body.clientSecret;
}

/** What Stripe.js does when the shopper pays with a test card: confirm on the fake Stripe. */
export async function confirmIntent(endpoint: string, clientSecret: string, paymentMethod = 'pm_card_visa'): Promise<number> {
  const id = clientSecret.split('_secret_')[0]!;
  const answer = await post(`${endpoint}/sandbox/stripe/payment_intents/${id}/confirm`, { client_secret: clientSecret, payment_method: paymentMethod });
  return answer.status;
}

/** The merchant creates the order's PayPal order (recording the order first); answers its id. */
export async function createPayPalOrder(endpoint: string, orderId: string): Promise<string> {
  const secret = await recordOrder(endpoint, orderId, 'paypal');
  const answer = await post<{ id: string }>(`${endpoint}/paypal/orders`, { orderId }, { 'relais-order-secret': secret });
  if (answer.status !== 200) throw new Error(`paypal/orders answered ${answer.status}`);
  return answer.body.id;
}

/** What the shopper does in PayPal's window. */
export async function approvePayPal(endpoint: string, paypalOrderId: string): Promise<void> {
  const answer = await post(`${endpoint}/sandbox/paypal/orders/${paypalOrderId}/approve`, {});
  if (answer.status !== 200) throw new Error(`approve answered ${answer.status}`);
}

/** The handler runs (the payment happens), then the answer is lost: a network error. */
export const lostAnswer = { pass: true as const, drop: true };
/**
 * Never reaches the handler, for every try: Chromium silently resends a request whose reused
 * keep-alive connection was cut (several times), and each resend takes one scripted entry.
 */
export const unreachable = Array.from({ length: 30 }, () => ({ network: true }) as const);
/** The handler runs every time, every answer is lost (resends included, as above). */
export const lostAnswers = Array.from({ length: 30 }, () => lostAnswer);

export function faultRule(method: string, path: string, responses: Array<FaultRule['responses'][number] | typeof lostAnswer>): FaultRule {
  return { method, path, responses: responses as FaultRule['responses'] };
}

export interface SeenCall {
  method: string;
  /** Path and query. */
  url: string;
  body: string;
}

/**
 * Records every `fetch` of the page (the stand-ins look `fetch` up per call, so theirs too);
 * `block` answers a network error instead for the requests it matches.
 */
export function watchFetch(block: (call: SeenCall) => boolean = () => false): { calls: SeenCall[]; restore(): void } {
  const calls: SeenCall[] = [];
  const original = window.fetch;
  window.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const call = { method: request.method, url: url.pathname + url.search, body: await request.clone().text() };
    calls.push(call);
    if (block(call)) throw new TypeError('Failed to fetch');
    return original(request);
  };
  return { calls, restore: () => void (window.fetch = original) };
}

/** The fetches a piece of work makes (watched by `watchFetch`, restored however it ends), with its result. */
export async function fetchesOf<T>(run: () => Promise<T>): Promise<{ value: T; calls: SeenCall[] }> {
  const network = watchFetch();
  try {
    return { value: await run(), calls: network.calls };
  } finally {
    network.restore();
  }
}

/**
 * Adapters a test mounts (`make` returns one with its context), destroyed after each test with
 * the sandbox's page configuration. Call inside a `describe`: it registers the `afterEach`.
 */
export function mountedAdapters<T extends { provider: { destroy(): void } }>(make: () => Promise<T>): () => Promise<T> {
  const adapters: Array<T['provider']> = [];
  afterEach(() => {
    for (const adapter of adapters.splice(0)) adapter.destroy();
    delete window.__relaisSandbox;
  });
  return async () => {
    const made = await make();
    adapters.push(made.provider);
    return made;
  };
}
