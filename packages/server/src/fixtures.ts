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
  path?: string;
  signal?: AbortSignal;
  /** More request headers. */
  headers?: Record<string, string>;
}

/** POST a JSON body (or raw text) through a handler, as the service worker would. */
export function post(handler: Handler, body: unknown, options: PostOptions = {}): Promise<Response> {
  const { path = '/orders', signal } = options;
  const fields = body as Record<string, unknown> | null;
  const key = options.key === undefined ? String(fields?.['orderId'] ?? 'ord-1') : options.key;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (key !== null) headers['idempotency-key'] = key;
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
