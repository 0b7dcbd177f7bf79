import type { ReactiveControllerHost } from 'lit';

type Views = typeof import('./views-after.js');

/** One fetch for every element of the page; forgotten when it fails, so a later render tries again. */
let loading: Promise<Views> | undefined;

/**
 * The views after paying (views-after.ts), fetched on demand: `prefetch` once the first method
 * is on screen, so they are there by the time the shopper has paid; `get` gives them, or
 * undefined while they load (the host renders again when they arrive).
 */
export class AfterViews {
  #views: Views | undefined;
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  prefetch(): void {
    if (this.#views) return;
    loading ??= import('./views-after.js');
    loading.then(
      (views) => {
        if (this.#views) return;
        this.#views = views;
        this.#host.requestUpdate();
      },
      () => (loading = undefined),
    );
  }

  get(): Views | undefined {
    this.prefetch();
    return this.#views;
  }
}
