/**
 * The element's side of the order queue: an order the shop could not record is kept (IndexedDB,
 * delivered by the service worker or the page) instead of lost, and the host hears when it is
 * delivered or refused. The queue module is loaded on demand, the first time it is needed or
 * when the checkout starts (to deliver orders kept by an earlier visit).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CheckoutConfig } from '../config.js';
import type { Order } from '../order.js';
import type { PageQueue, QueueMode } from './order-queue.js';

/** `paid`: the shop refused the kept order because it is paid already (another tab, another device). */
export type QueuedState = 'queued' | 'delivered' | 'failed' | 'expired' | 'paid';

export interface QueueCallbacks {
  queued(orderId: string): void;
  delivered(orderId: string): void;
  /** The shop refused a kept order because it is paid already. */
  paid(orderId: string): void;
}

export class QueueController implements ReactiveController {
  /** What happened to the orders this element queued. */
  readonly states = new Map<string, QueuedState>();
  mode: QueueMode | undefined;
  readonly #host: ReactiveControllerHost;
  readonly #callbacks: QueueCallbacks;
  #queue: Promise<PageQueue | undefined> | undefined;
  #key = '';
  #closing: AbortController | undefined;

  constructor(host: ReactiveControllerHost, callbacks: QueueCallbacks) {
    host.addController(this);
    this.#host = host;
    this.#callbacks = callbacks;
  }

  /** Opens the queue for this endpoint and service worker (again only if they changed). */
  open(config: CheckoutConfig): Promise<PageQueue | undefined> {
    const key = `${config.endpoint} ${config.swUrl ?? ''}`;
    if (this.#queue && key === this.#key) return this.#queue;
    this.close();
    this.#key = key;
    const closing = (this.#closing = new AbortController());
    const endpoint = new URL(config.endpoint, document.baseURI).href;
    // What becomes of each kept order is followed in the queue's chunk (`follow`): the core keeps only the states.
    this.#queue = import('./order-queue.js')
      .then((m) => m.follow({ endpoint, ...(config.swUrl && { swUrl: config.swUrl }), signal: closing.signal }, this, this.#host, this.#callbacks))
      .catch(() => undefined);
    return this.#queue;
  }

  /** Keeps the order to deliver it later. Resolves whether it was kept. */
  async enqueue(config: CheckoutConfig, order: Order): Promise<boolean> {
    const queue = await this.open(config);
    const result = await queue?.enqueue(order);
    if (!result?.ok) return false;
    if (this.states.get(order.orderId) !== 'delivered') this.states.set(order.orderId, 'queued');
    this.#callbacks.queued(order.orderId);
    this.#host.requestUpdate();
    return true;
  }

  /** Tries to deliver now (the shopper pressed "try again", or the network came back). */
  async flush(): Promise<void> {
    await (await this.#queue)?.flush();
  }

  close(): void {
    this.#closing?.abort();
    this.#queue = undefined;
    this.#key = '';
  }

  hostDisconnected(): void {
    this.close();
  }
}
