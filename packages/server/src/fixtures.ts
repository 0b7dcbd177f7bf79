// Shared by the tests (not a test file itself, and not exported by the package).
import type { Database } from 'better-sqlite3';
import type { Handler } from './index.js';

export const ORIGIN = 'http://shop.test';

/** The admin token the tests' handlers are created with; `get` sends it. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export function anOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { orderId: 'ord-1', amount: 4990, currency: 'EUR', method: 'stripe', ...overrides };
}

export interface PostOptions {
  /** Idempotency-Key header; `null` leaves it out. Defaults to the body's orderId. */
  key?: string | null;
  /**
   * The `Relais-Order-Secret` of a payment route. Default: the order is recorded first, as the
   * element does (`POST /orders` with the body's orderId, amount and currency), and its secret
   * sent; `null` sends none.
   */
  secret?: string | null;
  path?: string;
  signal?: AbortSignal;
  /** More request headers. */
  headers?: Record<string, string>;
}

const secrets = new WeakMap<Handler, Map<string, string>>();

/** Records an order (as the element does before any payment) and answers its secret. */
export async function recordOrder(handler: Handler, order: Record<string, unknown> = anOrder(), path = '/orders'): Promise<string> {
  const response = await post(handler, order, { path });
  const answer = (await response.json()) as { secret?: string; error?: string };
  if (!answer.secret) throw new Error(`recording ${String(order['orderId'])} answered ${response.status} ${answer.error ?? ''}`);
  let known = secrets.get(handler);
  if (!known) secrets.set(handler, (known = new Map()));
  known.set(String(order['orderId']), answer.secret);
  return answer.secret;
}

const PAYMENT_PATH = /\/(stripe\/payment-intents(\/status)?|paypal\/orders(\/status|\/[^/]+\/capture)?)$/;

/** The secret of the order a payment request names, recording the order first if needs be. */
async function secretFor(handler: Handler, path: string, fields: Record<string, unknown> | null): Promise<string | undefined> {
  const orderId = typeof fields?.['orderId'] === 'string' ? fields['orderId'] : 'ord-1';
  const known = secrets.get(handler)?.get(orderId);
  if (known) return known;
  const money = typeof fields?.['amount'] === 'number' ? { amount: fields['amount'] } : {};
  const currency = typeof fields?.['currency'] === 'string' ? { currency: fields['currency'] } : {};
  const order = anOrder({ orderId, method: /\/paypal\//.test(path) ? 'paypal' : 'stripe', ...money, ...currency });
  const ordersPath = path.replace(/\/(stripe|paypal)\/.*$/, '/orders');
  const response = await post(handler, order, { path: ordersPath });
  const { secret } = (await response.json()) as { secret?: string };
  // An order the API refuses (a bad field under test) has no secret: the request goes without.
  if (!secret) return undefined;
  let all = secrets.get(handler);
  if (!all) secrets.set(handler, (all = new Map()));
  all.set(orderId, secret);
  return secret;
}

/** POST a JSON body (or raw text) through a handler, as the element or the service worker would. */
export async function post(handler: Handler, body: unknown, options: PostOptions = {}): Promise<Response> {
  const { path = '/orders', signal } = options;
  const fields = body as Record<string, unknown> | null;
  const key = options.key === undefined ? String(fields?.['orderId'] ?? 'ord-1') : options.key;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (key !== null) headers['idempotency-key'] = key;
  if (PAYMENT_PATH.test(path) && options.secret !== null && typeof body !== 'string') {
    const secret = options.secret ?? (await secretFor(handler, path, fields));
    if (secret !== undefined) headers['relais-order-secret'] = secret;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const init: RequestInit = { method: 'POST', headers, body: text };
  if (signal) init.signal = signal;
  return handler(new Request(`${ORIGIN}${path}`, init));
}

/** GET through a handler, as the merchant's dashboard would: with `ADMIN_TOKEN` unless told otherwise. */
export function get(handler: Handler, path: string, headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` }): Promise<Response> {
  return handler(new Request(`${ORIGIN}${path}`, { headers }));
}

/** A recorded `fetch` call: what a provider would have received. */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

export async function seen(input: RequestInfo | URL, init?: RequestInit): Promise<SeenRequest> {
  const request = new Request(input, init);
  return { method: request.method, url: new URL(request.url), headers: request.headers, body: await request.text() };
}

/** An order row, as `POST /orders` writes it, for tests on the incident store alone. */
export function knownOrder(db: Database, orderId: string): void {
  db.prepare(
    `INSERT INTO orders (idempotency_key, order_id, request_hash, order_json, answer_status, answer_json, created_at)
     VALUES (?, ?, '', '{}', 201, '{}', ?)`,
  ).run(orderId, orderId, new Date().toISOString());
}
