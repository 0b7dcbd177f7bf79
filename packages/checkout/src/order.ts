/** One checkout attempt = one order id, created before the first request (docs/design.md, Orders). */

/** The order and its lines are the merchant API's own definition (`@relais/contracts`). */
export type { Customer, Order, OrderItem as CartLine, PaymentMethod as OrderMethod } from '@relais/contracts';

/**
 * A v4 UUID, from `crypto.getRandomValues` everywhere: `crypto.randomUUID` exists only in secure
 * contexts (merchants test on plain http), and one way to make an id is fewer bytes up front.
 */
export function newOrderId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
