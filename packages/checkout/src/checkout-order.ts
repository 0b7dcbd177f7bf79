/**
 * The order one checkout attempt pays: its id (the merchant's, or a UUID made here and kept for
 * the whole attempt), the order built from the configuration and the cart, and its record at the
 * merchant (which binds the id to the cart and holds the order's secret).
 */
import type { CheckoutConfig } from './config.js';
import { MerchantOrder } from './merchant-order.js';
import { newOrderId, type CartLine, type Customer, type Order, type OrderMethod } from './order.js';

/** What the order is read from: the element's public properties. */
export interface OrderSource {
  orderId: string | undefined;
  items: CartLine[] | undefined;
  customer: Customer | undefined;
}

export class CheckoutOrder {
  /** Whether the order id was generated here (not set by the merchant). */
  #own = false;
  #merchant: MerchantOrder | undefined;
  readonly #source: OrderSource;
  /** A payment is in flight: its order id must not change under it. */
  readonly #paying: () => boolean;

  constructor(source: OrderSource, paying: () => boolean) {
    this.#source = source;
    this.#paying = paying;
  }

  get own(): boolean {
    return this.#own;
  }

  id(): string {
    if (this.#source.orderId === undefined) {
      this.#source.orderId = newOrderId();
      this.#own = true;
    }
    return this.#source.orderId;
  }

  /** The order for a method: a registered method's id, or `pay-later`. */
  build(config: CheckoutConfig, method: string): Order {
    const { amount, currency } = config;
    const { items, customer } = this.#source;
    const order: Order = { orderId: this.id(), amount, currency, method: method as OrderMethod, ...(items && { items }), ...(customer && { customer }) };
    const recorded = this.#merchant;
    // The merchant binds an order id to its cart: a cart changed after the order was recorded,
    // before anything was paid, is a new order (ours to number; a merchant's own id stays).
    if (recorded?.secret !== undefined && recorded.orderId === order.orderId && !recorded.holds(order) && this.#own && !this.#paying()) {
      this.#source.orderId = newOrderId();
      return { ...order, orderId: this.#source.orderId };
    }
    return order;
  }

  /** The order's record at the merchant (a new one for another order id or endpoint). */
  merchantFor(config: CheckoutConfig, order: Order): MerchantOrder {
    const merchant = this.#merchant;
    if (merchant?.orderId === order.orderId && merchant.endpoint === config.endpoint) return merchant;
    return (this.#merchant = new MerchantOrder(config.endpoint, order));
  }

  /** Takes over the order of a payment that left the page (redirect, earlier visit), with its secret. */
  adopt(config: CheckoutConfig, orderId: string, secret: string | undefined, method: string): void {
    this.#source.orderId = orderId;
    this.#merchant = new MerchantOrder(config.endpoint, this.build(config, method), secret);
  }
}
