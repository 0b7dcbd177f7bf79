import { hash } from 'node:crypto';
import type { Order } from '@relais/contracts';
import { canonicalJson } from './canonical-json.js';

/**
 * `requestHash(cartOf(order))`, the hash an order's idempotency key is bound to, with the cart's
 * own keys written in their sorted order directly: `amount`, `currency`, `customer`, `items`,
 * `orderId`. The general canonical writer lists, sorts and checks the keys of every object; a
 * cart's are known. The text is the same (hashes already stored must still match): the amount
 * is an integer and the id and currency strings (checkOrder), written by `JSON.stringify` as the
 * general writer does, and the customer and items go through the general writer.
 */
export function cartHash(order: Order): string {
  let text = `{"amount":${JSON.stringify(order.amount)},"currency":${JSON.stringify(order.currency)}`;
  if (order.customer !== undefined) text += `,"customer":${canonicalJson(order.customer)}`;
  if (order.items !== undefined) text += `,"items":${canonicalJson(order.items)}`;
  text += `,"orderId":${JSON.stringify(order.orderId)}}`;
  return hash('sha256', text, 'hex');
}
