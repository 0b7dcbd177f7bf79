/**
 * Walks the merchant's provider order: loads the first method, and when it is unavailable moves
 * the shopper to the next one, now. A ReactiveController (after Lit's Task): the host re-renders
 * on every state change, and everything in flight is aborted when the host disconnects.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CheckoutConfig, ProviderId } from '../config.js';
import { FailureKind, RelaisError, toRelaisError } from '../errors.js';
import type { RelaisEventMap } from '../events.js';
import { MountPoint } from '../mount-point.js';
import type { Provider, ProviderContext, ProviderFactory } from '../providers/provider.js';

export const ProviderState = {
  Idle: 'idle',
  Loading: 'loading',
  Ready: 'ready',
  Unavailable: 'unavailable',
} as const;
export type ProviderState = (typeof ProviderState)[keyof typeof ProviderState];

export interface ProviderEntry {
  readonly id: ProviderId;
  state: ProviderState;
  provider: Provider | undefined;
  mount: MountPoint | undefined;
  error: RelaisError | undefined;
  abort: AbortController | undefined;
}

export interface FailoverCallbacks {
  context(): ProviderContext;
  ready(provider: ProviderId): void;
  change(detail: RelaisEventMap['relais-provider-change']): void;
  incident(provider: ProviderId, error: RelaisError, latencyMs: number): void;
}

type Host = ReactiveControllerHost & HTMLElement;

export class FailoverController implements ReactiveController {
  entries: ProviderEntry[] = [];
  active: ProviderId | null = null;
  readonly #host: Host;
  readonly #create: ProviderFactory;
  readonly #callbacks: FailoverCallbacks;
  #config: CheckoutConfig | undefined;
  #readyAnnounced = false;

  constructor(host: Host, create: ProviderFactory, callbacks: FailoverCallbacks) {
    this.#host = host;
    this.#create = create;
    this.#callbacks = callbacks;
    host.addController(this);
  }

  /** The entry of the method the shopper is on. */
  get current(): ProviderEntry | undefined {
    return this.entries.find((entry) => entry.id === this.active);
  }

  get allUnavailable(): boolean {
    return this.entries.length > 0 && this.entries.every((entry) => entry.state === ProviderState.Unavailable);
  }

  /** (Re)starts with a configuration: the first method in the merchant's order is loaded. */
  start(config: CheckoutConfig): void {
    this.stop();
    this.#config = config;
    this.entries = config.providers.map((id) => ({
      id,
      state: ProviderState.Idle,
      provider: undefined,
      mount: undefined,
      error: undefined,
      abort: undefined,
    }));
    const first = this.entries[0];
    if (first) void this.#activate(first);
  }

  /** The shopper picked a method from the list. */
  select(id: ProviderId): void {
    const entry = this.entries.find((candidate) => candidate.id === id);
    if (!entry || entry.id === this.active || entry.state === ProviderState.Unavailable) return;
    const from = this.active;
    this.#callbacks.change({ from, to: id, reason: 'shopper-choice', latencyMs: 0 });
    void this.#activate(entry);
  }

  /** A method failed while in use (e.g. its API was down before anything was submitted). */
  fail(id: ProviderId, error: RelaisError, latencyMs: number): void {
    const entry = this.entries.find((candidate) => candidate.id === id);
    if (entry) this.#unavailable(entry, error, latencyMs);
  }

  stop(): void {
    for (const entry of this.entries) this.#release(entry);
    this.entries = [];
    this.active = null;
  }

  hostDisconnected(): void {
    this.stop();
  }

  async #activate(entry: ProviderEntry): Promise<void> {
    const config = this.#config!;
    this.active = entry.id;
    if (entry.state === ProviderState.Ready) return this.#host.requestUpdate();
    entry.state = ProviderState.Loading;
    entry.abort?.abort();
    const abort = (entry.abort = new AbortController());
    this.#host.requestUpdate();
    const started = performance.now();
    const budget = setTimeout(
      () => abort.abort(new RelaisError(FailureKind.SdkTimeout, `${entry.id} was not ready within ${config.loadTimeout} ms`, { provider: entry.id })),
      config.loadTimeout,
    );
    try {
      const provider = (entry.provider ??= await this.#create(entry.id));
      await untilAborted(provider.load(this.#callbacks.context(), abort.signal), abort.signal);
      if (provider.needsMountPoint) entry.mount ??= new MountPoint(this.#host, slotName(entry.id));
      await untilAborted(provider.mount(entry.mount?.element, this.#callbacks.context(), abort.signal), abort.signal);
      entry.state = ProviderState.Ready;
      if (!this.#readyAnnounced) {
        this.#readyAnnounced = true;
        this.#callbacks.ready(entry.id);
      }
      this.#host.requestUpdate();
    } catch (reason) {
      // Superseded by stop() or a newer activation: nothing to report.
      if (abort.signal.aborted && !(abort.signal.reason instanceof RelaisError)) return;
      const error = toRelaisError(abort.signal.aborted ? abort.signal.reason : reason, FailureKind.SdkLoadFailed, entry.id);
      this.#unavailable(entry, error, performance.now() - started);
    } finally {
      clearTimeout(budget);
    }
  }

  #unavailable(entry: ProviderEntry, error: RelaisError, latencyMs: number): void {
    this.#release(entry);
    entry.state = ProviderState.Unavailable;
    entry.error = error;
    const latency = Math.round(latencyMs);
    this.#callbacks.incident(entry.id, error, latency);
    if (entry.id === this.active) {
      const next = this.entries.find((candidate) => candidate.state !== ProviderState.Unavailable);
      this.active = next?.id ?? null;
      this.#callbacks.change({ from: entry.id, to: this.active, reason: error.code, latencyMs: latency });
      if (next) void this.#activate(next);
    }
    this.#host.requestUpdate();
  }

  #release(entry: ProviderEntry): void {
    entry.abort?.abort();
    entry.abort = undefined;
    entry.provider?.destroy();
    entry.provider = undefined;
    entry.mount?.remove();
    entry.mount = undefined;
  }
}

export const slotName = (id: ProviderId) => `provider-${id}`;

/** Settles with the first of the work or the abort, so a hung SDK cannot hold the shopper. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    work.then(resolve, reject);
  });
}
