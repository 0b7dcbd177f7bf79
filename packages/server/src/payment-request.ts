import { bodyProblem, isAcceptedType, JSON_ONLY, problem, readBytes } from './http.js';
import { isCurrencyCode, isMinorAmount, isOrderId } from './order.js';
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

export interface PaymentRequest {
  orderId: string;
  /** Minor units. */
  amount: number;
  /** ISO 4217, upper-case. */
  currency: string;
}

/** `{orderId, amount, currency}`: what both providers' create endpoints take. */
export async function readPaymentRequest(request: Request): Promise<BodyCheck<PaymentRequest>> {
  const read = await readFields(request, ['orderId', 'amount', 'currency']);
  if (!read.ok) return read;
  const { orderId, amount, currency } = read.value;
  if (!isOrderId(orderId)) return invalid('orderId');
  if (!isMinorAmount(amount)) return invalid('amount');
  if (!isCurrencyCode(currency)) return invalid('currency');
  return { ok: true, value: { orderId, amount, currency } };
}
