/** The `on` / `once` / `off` contract of Stripe elements, typed by an event map. */
type Handler<E> = (event: E) => unknown;

export class Emitter<Events extends object> {
  readonly #handlers = new Map<keyof Events, Array<{ handler: Handler<never>; once: boolean }>>();

  on<K extends keyof Events>(type: K, handler: Handler<Events[K]>, once = false): void {
    const list = this.#handlers.get(type) ?? [];
    list.push({ handler: handler as Handler<never>, once });
    this.#handlers.set(type, list);
  }

  /** Without a handler, removes every handler of that type (as Stripe does). */
  off<K extends keyof Events>(type: K, handler?: Handler<Events[K]>): void {
    if (!handler) {
      this.#handlers.delete(type);
      return;
    }
    const list = this.#handlers.get(type) ?? [];
    this.#handlers.set(type, list.filter((entry) => entry.handler !== handler));
  }

  emit<K extends keyof Events>(type: K, event: Events[K]): void {
    const list = this.#handlers.get(type) ?? [];
    this.#handlers.set(type, list.filter((entry) => !entry.once));
    for (const { handler } of list) {
      // A merchant handler that throws must not stop the other handlers, like DOM events.
      try {
        (handler as Handler<Events[K]>)(event);
      } catch (error) {
        setTimeout(() => {
          throw error;
        });
      }
    }
  }

  clear(): void {
    this.#handlers.clear();
  }
}
