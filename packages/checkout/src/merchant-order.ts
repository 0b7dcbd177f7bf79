/**
 * The order as the merchant's API knows it. It is recorded (`POST {endpoint}/orders`) before any
 * payment starts, since the server creates every payment for the amount it recorded, and the
 * answer carries the order's secret, which every payment route of the order requires. The secret
 * lives in memory, and with the order id in IndexedDB while a payment's outcome is being verified;
 * never in a URL, a queued order or an incident.
 */
import type { Order } from './order.js';

/** Where an order is, which one, and the secret that lets this page pay or verify it. */
export interface OrderRef {
  endpoint: string;
  orderId: string;
  secret: string | undefined;
}

/** `recordOrder` of record-order.ts, or what stands for it. */
export type Recorder = (endpoint: string, order: Order, signal: AbortSignal | undefined) => Promise<string>;

/** The part of an order its id is bound to at the merchant: another cart needs another id. */
function cartKey({ orderId, amount, currency, items, customer }: Order): string {
  return JSON.stringify([orderId, amount, currency, items ?? null, customer ?? null]);
}

/** The order's recording in flight, shared by every payment of the order that asks for it meanwhile. */
interface Recording {
  readonly secret: Promise<string>;
  /** Cancels the request: only once every payment waiting for it gave up. */
  readonly cancel: AbortController;
  waiting: number;
}

export class MerchantOrder {
  readonly orderId: string;
  readonly endpoint: string;
  readonly #cart: string;
  #secret: string | undefined;
  #recording: Recording | undefined;

  constructor(endpoint: string, order: Order, secret?: string) {
    this.endpoint = endpoint;
    this.orderId = order.orderId;
    this.#cart = cartKey(order);
    this.#secret = secret;
  }

  /** Whether `order` is this order with the same cart. */
  holds(order: Order): boolean {
    return cartKey(order) === this.#cart;
  }

  /** Known once the merchant recorded the order. */
  get secret(): string | undefined {
    return this.#secret;
  }

  get ref(): OrderRef {
    return { endpoint: this.endpoint, orderId: this.orderId, secret: this.#secret };
  }

  /**
   * Records the order once (with the method about to be tried) and answers its secret. Rejects with
   * `merchant-unavailable` when the merchant cannot be reached, `order-rejected` when it refuses the
   * order (a price check, a cart that changed). A failure is not kept: the next call tries again.
   *
   * Every payment of the order shares one request (a method loading in the background records the
   * order as it loads, and the method on screen may pay meanwhile). Aborting `signal` ends this
   * caller's wait only, with its own reason: one method that Relais stops must not cut the
   * recording another one waits on (that abort would read as the other's outage). The request is
   * cancelled once nobody waits for it any more.
   */
  record(order: Order, signal?: AbortSignal, via?: Recorder): Promise<string> {
    if (this.#secret !== undefined) return Promise.resolve(this.#secret);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const recording = (this.#recording ??= this.#start(order, via));
    recording.waiting += 1;
    if (!signal) return recording.secret;
    return new Promise<string>((resolve, reject) => {
      const leave = () => {
        reject(signal.reason);
        if ((recording.waiting -= 1) > 0) return;
        // A later payment starts a request of its own, not this cancelled one.
        if (this.#recording === recording) this.#recording = undefined;
        recording.cancel.abort(signal.reason);
      };
      signal.addEventListener('abort', leave, { once: true });
      recording.secret.then(resolve, reject).finally(() => signal.removeEventListener('abort', leave));
    });
  }

  #start(order: Order, via: Recorder | undefined): Recording {
    const cancel = new AbortController();
    // The request's code loads with the first payment: the first render does not need it. An
    // adapter that has it already passes it, and saves a task before the request leaves.
    const secret = (via ? Promise.resolve({ recordOrder: via }) : import('./record-order.js'))
      .then(({ recordOrder }) => recordOrder(this.endpoint, order, cancel.signal))
      .then((answer) => (this.#secret = answer))
      .finally(() => {
        if (this.#recording === recording) this.#recording = undefined;
      });
    // Everyone may have left before it ends: its rejection is theirs, already told.
    secret.catch(() => {});
    const recording: Recording = { secret, cancel, waiting: 0 };
    return recording;
  }
}
