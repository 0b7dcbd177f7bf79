import { bodyProblem, isAcceptedType, JSON_ONLY, problem, readBytes } from './http.js';
import { isCurrencyCode, isMinorAmount, isOrderId } from './order.js';
import type { OrderSecrets } from './order-secret.js';
import type { OrderStore, StoredOrder } from './order-store.js';
import { containsSensitiveData } from '@relais/card-data';

/**
 * Bodies of the payment endpoints: small JSON objects with known fields only. Like `POST /orders`
 * they refuse anything that looks like card data or a client secret before reading a field.
 */

export type Fields = Record<string, unknown>;

export type BodyCheck<T> = { ok: true; value: T } | { ok: false; response: Response };

/** 400 naming the first bad field, as `POST /orders` does. */
export function invalidField(field: string): Response {
  return problem(400, 'invalid-request', { field });
}

function invalid(field: string): { ok: false; response: Response } {
  return { ok: false, response: invalidField(field) };
}

function isFields(value: unknown): value is Fields {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Reads the body as an object holding only `allowed` keys, sent as one of `accept` (default
 * `application/json`). With `optional`, an empty body reads as `{}` whatever its type (PayPal's
 * capture is a bare POST).
 */
export async function readFields(
  request: Request,
  allowed: readonly string[],
  { optional = false, accept = JSON_ONLY }: { optional?: boolean; accept?: readonly string[] } = {},
): Promise<BodyCheck<Fields>> {
  const typed = isAcceptedType(request.headers.get('content-type'), accept);
  // Refused before a byte is read, unless an empty body is allowed: then the bytes decide.
  if (!typed && !optional) return { ok: false, response: bodyProblem('unsupported-media-type') };
  const body = await readBytes(request);
  if (!body.ok && body.reason !== 'no-body') return { ok: false, response: bodyProblem(body.reason) };
  const bytes = body.ok ? body.bytes : Buffer.alloc(0);
  if (bytes.length === 0) return optional ? { ok: true, value: {} } : invalid('body');
  if (!typed) return { ok: false, response: bodyProblem('unsupported-media-type') };

  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return invalid('body');
  }
  if (containsSensitiveData(value)) return { ok: false, response: problem(400, 'sensitive-data-refused') };
  if (!isFields(value)) return invalid('body');
  const extra = Object.keys(value).find((key) => !allowed.includes(key));
  if (extra !== undefined) return invalid(extra);
  return { ok: true, value };
}

/** Who may start or read a payment of an order: the page that recorded it (its secret). */
export interface PaymentAccess {
  store: OrderStore;
  secrets: OrderSecrets;
}

export interface OrderPaymentRequest {
  /** The order as recorded: its amount and currency are what any payment is created for. */
  stored: StoredOrder;
  /** The body's other fields (`cancel`…), checked by the route. */
  fields: Fields;
}

/**
 * Reads `{orderId, amount?, currency?, ...extra}`, checks the order's secret and finds the order.
 * The amount never comes from here: a body that names one must name the recorded one (409
 * otherwise, so a page whose cart changed learns it instead of paying another amount).
 */
export async function readOrderPayment(
  request: Request,
  { store, secrets }: PaymentAccess,
  extra: readonly string[] = [],
): Promise<BodyCheck<OrderPaymentRequest>> {
  const read = await readFields(request, ['orderId', 'amount', 'currency', ...extra]);
  if (!read.ok) return read;
  const { orderId, amount, currency } = read.value;
  if (!isOrderId(orderId)) return invalid('orderId');
  if (amount !== undefined && !isMinorAmount(amount)) return invalid('amount');
  if (currency !== undefined && !isCurrencyCode(currency)) return invalid('currency');
  // The secret before the lookup: without it, nobody learns whether an order id exists.
  const refused = secrets.refuse(request, orderId);
  if (refused) return { ok: false, response: refused };
  const stored = await store.get(orderId);
  if (!stored) return { ok: false, response: problem(404, 'unknown-order') };
  const recorded = stored.order;
  if ((amount !== undefined && amount !== recorded.amount) || (currency !== undefined && currency !== recorded.currency)) {
    return { ok: false, response: problem(409, 'amount-mismatch', { amount: recorded.amount, currency: recorded.currency }) };
  }
  return { ok: true, value: { stored, fields: read.value } };
}
