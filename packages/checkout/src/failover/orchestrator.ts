/**
 * Walks the merchant's provider order: loads the first method, and when it is unavailable moves
 * the shopper to the next one, now. A ReactiveController (after Lit's Task): the host re-renders
 * on every state change, and everything in flight is aborted when the host disconnects.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CheckoutConfig, ProviderId } from '../config.js';
import { FailureKind, RelaisError, toRelaisError } from '../errors.js';
import type { RelaisEventMap } from '../events.js';
import type { MountPoint } from '../mount-point.js';
import { hedging } from './policy.js';
import type { Provider, ProviderContext, ProviderFactory } from '../providers/provider.js';
import { capabilitiesOf } from '../providers/registry.js';

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
  /** Why the method was not even tried (health feed, remembered failure). */
  skipped: Skip | undefined;
  /** It missed its budget and may still arrive: then it becomes a choice, never the active method. */
  late: boolean;
}

export interface Skip {
  /** `merchant-unavailable`: the method needs the shop's API, which did not answer on this page. */
  reason: 'down' | 'maintenance' | 'circuit-open' | 'merchant-unavailable';
  /** When it is expected back (ISO date or epoch ms), if known. */
  until?: string | number | undefined;
}

export interface FailoverCallbacks {
  context(): ProviderContext;
  /** The method the shopper is on became interactive. */
  ready(provider: ProviderId): void;
  /** A method loaded and works (active or not): for the failure memory. */
  available(provider: ProviderId): void;
  change(detail: RelaisEventMap['relais-provider-change']): void;
  incident(provider: ProviderId, error: RelaisError, latencyMs: number): void;
  /** A payment is in flight: its provider must survive the element leaving the page. */
  paying(): boolean;
}

type Host = ReactiveControllerHost & HTMLElement;

export class FailoverController implements ReactiveController {
  entries: ProviderEntry[] = [];
  active: ProviderId | null = null;
  /** The shop's own API did not answer on this page (until the next start): not a provider's fault. */
  merchantDown = false;
  readonly #host: Host;
  readonly #create: ProviderFactory;
  readonly #callbacks: FailoverCallbacks;
  #config: CheckoutConfig | undefined;
  #readyAnnounced = false;
  #hedge: ReturnType<typeof setTimeout> | undefined;

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

  /**
   * (Re)starts with a configuration: the first method in the merchant's order that is not
   * skipped is loaded; skipped ones (down, maintenance, remembered failure) are never requested.
   */
  start(config: CheckoutConfig, skip: ReadonlyMap<ProviderId, Skip> = new Map()): void {
    if (!this.#callbacks.paying()) this.stop();
    this.#config = config;
    this.merchantDown = false;
    this.entries = config.providers.map((id) => ({
      id,
      state: skip.has(id) ? ProviderState.Unavailable : ProviderState.Idle,
      provider: undefined,
      mount: undefined,
      error: undefined,
      abort: undefined,
      skipped: skip.get(id),
      late: false,
    }));
    const first = this.entries.find((entry) => entry.state !== ProviderState.Unavailable);
    if (first) this.#activate(first);
    else this.#host.requestUpdate();
  }

  /** A late health report: methods not requested yet are skipped (one already loading goes on). */
  skipIdle(skip: ReadonlyMap<ProviderId, Skip>): void {
    for (const entry of this.entries) {
      const why = skip.get(entry.id);
      if (!why || entry.state !== ProviderState.Idle || this.entries.every((other) => other === entry || other.state === ProviderState.Unavailable)) continue;
      entry.state = ProviderState.Unavailable;
      entry.skipped = why;
    }
    this.#host.requestUpdate();
  }

  /** The shopper picked a method from the list. */
  select(id: ProviderId): void {
    const entry = this.entries.find((candidate) => candidate.id === id);
    if (!entry || entry.id === this.active || entry.state === ProviderState.Unavailable) return;
    this.#callbacks.change({ from: this.active, to: id, reason: 'shopper-choice', latencyMs: 0 });
    this.#activate(entry);
  }

  /** A method failed while in use (e.g. its API was down before anything was submitted). */
  fail(id: ProviderId, error: RelaisError, latencyMs: number): void {
    const entry = this.entries.find((candidate) => candidate.id === id);
    if (entry) this.#unavailable(entry, error, latencyMs);
  }

  /**
   * The merchant's API did not answer while `id` was starting a payment. That is the shop, not the
   * provider: one incident, and every method that cannot start without the shop's API is skipped
   * in one step (one change, one notice), towards one that works without it (bank transfer, whose
   * order the queue keeps). No provider is blamed, so no circuit breaker opens.
   */
  merchantUnavailable(id: ProviderId, error: RelaisError, latencyMs: number): void {
    const entry = this.entries.find((candidate) => candidate.id === id);
    if (!entry) return;
    const latency = Math.round(latencyMs);
    const entries = this.entries;
    if (!this.merchantDown) this.#callbacks.incident(id, error, latency);
    this.merchantDown = true;
    const skipped = entries.map((candidate) => candidate === entry || this.#needsMerchantApi(candidate));
    entries.forEach((candidate, index) => {
      if (!skipped[index] || candidate.state === ProviderState.Unavailable) return;
      this.#release(candidate);
      candidate.state = ProviderState.Unavailable;
      candidate.error = error;
      candidate.skipped = { reason: 'merchant-unavailable' };
    });
    if (this.current?.state === ProviderState.Unavailable) {
      const from = this.active;
      const next = this.#nextAfter(this.current);
      this.active = next?.id ?? null;
      this.#callbacks.change({ from, to: this.active, reason: error.code, latencyMs: latency });
      if (next) this.#activate(next);
    }
    this.#host.requestUpdate();
  }

  /** Asks the method's definition (nothing is loaded for this). */
  #needsMerchantApi(entry: ProviderEntry): boolean {
    return entry.state === ProviderState.Unavailable || !!capabilitiesOf(entry.id, entry.provider).needsMerchantApi;
  }

  stop(): void {
    clearTimeout(this.#hedge);
    for (const entry of this.entries) this.#release(entry);
    this.entries = [];
    this.active = null;
  }

  hostDisconnected(): void {
    // Destroying the provider would drop the payment's answer (a capture, a confirmation): the
    // element finishes it, and shows the outcome if it comes back on the page.
    if (!this.#callbacks.paying()) this.stop();
  }

  #activate(entry: ProviderEntry): void {
    this.active = entry.id;
    if (entry.state === ProviderState.Idle) this.#load(entry);
    // Still fetching its adapter: #load arms the hedge once the SDK's budget starts.
    if (entry.state === ProviderState.Loading && entry.provider) this.#armHedge(entry);
    if (entry.state === ProviderState.Ready) this.#announceReady(entry);
    this.#host.requestUpdate();
  }

  /**
   * Hedging: when the method the shopper waits on is slow, the next one loads in the background,
   * hidden, so that a switch at the budget is instant.
   */
  #armHedge(entry: ProviderEntry): void {
    clearTimeout(this.#hedge);
    this.#hedge = setTimeout(() => this.#hedgeNow(entry), this.#config!.loadTimeout * hedging.ratio);
  }

  /** The next method loads hidden while `entry`, the one the shopper waits on, may still come. */
  #hedgeNow(entry: ProviderEntry): void {
    if (entry.id !== this.active || entry.state !== ProviderState.Loading) return;
    const next = this.#nextAfter(entry);
    if (next?.state === ProviderState.Idle) this.#load(next);
  }

  async #load(entry: ProviderEntry): Promise<void> {
    const config = this.#config!;
    entry.state = ProviderState.Loading;
    const abort = (entry.abort = new AbortController());
    let started = performance.now();
    let budget: ReturnType<typeof setTimeout> | undefined;
    try {
      // Only card and wallet SDKs need a light-DOM container: its code is a chunk, fetched meanwhile.
      const mountPoint = capabilitiesOf(entry.id).needsMountPoint ? import('../mount-point.js') : undefined;
      mountPoint?.catch(() => {}); // awaited below, where a failure is this method's
      const provider = (entry.provider ??= await this.#create(entry.id));
      // The budget is the SDK's: it starts once Relais's own adapter code is there.
      started = performance.now();
      budget = setTimeout(() => this.#timedOut(entry, started), config.loadTimeout);
      // The hedge is a share of that budget, counted from the same start: a slow chunk of the
      // page's own code is no slow provider (and a hedged Adyen records the order as it loads).
      if (entry.id === this.active) this.#armHedge(entry);
      await untilAborted(provider.load(this.#callbacks.context(), abort.signal, () => this.#hedgeNow(entry)), abort.signal);
      if (capabilitiesOf(entry.id, provider).needsMountPoint && !entry.mount) {
        const { MountPoint } = await (mountPoint ?? import('../mount-point.js'));
        entry.mount ??= new MountPoint(this.#host, slotName(entry.id));
      }
      await untilAborted(provider.mount(entry.mount?.element, this.#callbacks.context(), abort.signal), abort.signal);
      // Late or not, it works now: a choice in the list (and the method, if the shopper is on it).
      entry.state = ProviderState.Ready;
      entry.error = undefined;
      this.#callbacks.available(entry.id);
      if (this.active === null) {
        // Every method had failed: one that comes back is offered at once.
        this.#callbacks.change({ from: null, to: entry.id, reason: 'recovered', latencyMs: Math.round(performance.now() - started) });
        this.active = entry.id;
      }
      if (entry.id === this.active) this.#announceReady(entry);
      this.#host.requestUpdate();
    } catch (reason) {
      if (abort.signal.aborted) return; // stopped: nothing to report
      const error = toRelaisError(reason, FailureKind.SdkLoadFailed, entry.id);
      if (entry.late) this.#release(entry); // already reported when it missed its budget
      else this.#unavailable(entry, error, performance.now() - started);
    } finally {
      clearTimeout(budget);
    }
  }

  /** Over budget: the shopper moves on now; the load goes on, in case the method arrives late. */
  #timedOut(entry: ProviderEntry, started: number): void {
    if (entry.state !== ProviderState.Loading) return;
    const { loadTimeout } = this.#config!;
    entry.late = true;
    const error = new RelaisError(FailureKind.SdkTimeout, `${entry.id} was not ready within ${loadTimeout} ms`, { provider: entry.id });
    this.#markUnavailable(entry, error, performance.now() - started);
  }

  #unavailable(entry: ProviderEntry, error: RelaisError, latencyMs: number): void {
    this.#release(entry);
    this.#markUnavailable(entry, error, latencyMs);
  }

  #markUnavailable(entry: ProviderEntry, error: RelaisError, latencyMs: number): void {
    entry.state = ProviderState.Unavailable;
    entry.error = error;
    const latency = Math.round(latencyMs);
    this.#callbacks.incident(entry.id, error, latency);
    if (entry.id === this.active) {
      const next = this.#nextAfter(entry);
      this.active = next?.id ?? null;
      this.#callbacks.change({ from: entry.id, to: this.active, reason: error.code, latencyMs: latency });
      if (next) this.#activate(next);
    }
    this.#host.requestUpdate();
  }

  /** The next usable method in the merchant's order, wrapping around to earlier ones. */
  #nextAfter(entry: ProviderEntry): ProviderEntry | undefined {
    const index = this.entries.indexOf(entry);
    const ordered = [...this.entries.slice(index + 1), ...this.entries.slice(0, index)];
    return ordered.find((candidate) => candidate.state !== ProviderState.Unavailable);
  }

  #announceReady(entry: ProviderEntry): void {
    if (this.#readyAnnounced) return;
    this.#readyAnnounced = true;
    this.#callbacks.ready(entry.id);
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

/** Ends with the first of the work or the abort, so a hung SDK cannot hold the shopper. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // Subscribed first, always: a load that fails after the abort must not become unhandled.
    work.then(resolve, reject);
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
