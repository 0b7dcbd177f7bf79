/**
 * The text `POST /orders` answers: the order's answer with its secret, written without the copy
 * `{ ...answer, secret }` would make. Spreading an answer (built by `JSON.parse` or by a spread
 * itself) into a new object with one more key cost four times its `JSON.stringify`, on every
 * order and every replay.
 */
import { jsonText } from './http.js';
import type { OrderAnswer } from './order.js';

/**
 * `JSON.stringify({ ...answer, secret })`, byte for byte: the answer's own keys in their order,
 * then `secret`. An answer never holds a `secret` key of its own (it is derived, never stored),
 * and is never empty (it names its order), so its text always ends in `}` after a member.
 */
export function answerText(answer: OrderAnswer, secret: string): string {
  const text = JSON.stringify(answer);
  return `${text.slice(0, -1)},"secret":${JSON.stringify(secret)}}`;
}

/** What `json({ ...answer, secret }, status, headers)` of http.ts answers: a replay marked `idempotent-replayed`. */
export function orderAnswerResponse(answer: OrderAnswer, secret: string, status: number, replayed: boolean): Response {
  return jsonText(answerText(answer, secret), status, replayed ? { 'idempotent-replayed': 'true' } : undefined);
}
