/**
 * One checkout attempt's payment, as a state machine: paying, the outcome and what follows it
 * (recording a paid order, keeping one the shop could not record, verifying one whose answer was
 * lost, the return from a redirect). The element renders `phase`; the rules live here.
 */
import type { ReactiveControllerHost } from 'lit';
import type { CheckoutOrder } from './checkout-order.js';
import type { CheckoutConfig, ProviderId } from './config.js';
import { FailureKind, toRelaisError } from './errors.js';
import type { IncidentReporter } from './failover/incident-reporter.js';
import { ProviderState, type FailoverController } from './failover/orchestrator.js';
import type { Messages } from './i18n/index.js';
import type { Order } from './order.js';
import type { PaymentOutcome, Provider, ProviderContext, ProviderFactory } from './providers/provider.js';
import { capabilitiesOf, definitionOf } from './providers/registry.js';
import type { QueueController } from './queue/queue-controller.js';
import type { PaidElsewhere } from './failover/paid-elsewhere.js';

export type Phase = 'choosing' | 'paying' | 'verifying' | 'not-recorded' | 'queued' | 'pending' | 'succeeded';

/** What the flow needs from the element. */
export interface PaymentHost extends ReactiveControllerHost, HTMLElement {}

/**
 * What the flow works with: the attempt's order, the failover, the queue and the incidents, the
 * adapters' factory, and what it asks of the element. The configuration, the messages
 * and the element's lifetime are given to it (`use`, `connected`), never read back.
 */
export interface PaymentInputs {
  readonly order: CheckoutOrder;
  readonly failover: FailoverController;
  readonly queue: QueueController;
  readonly incidents: IncidentReporter;
  readonly create: ProviderFactory;
  /** Starts the methods again (after a redirect return that left nothing paid). */
  restart(config: CheckoutConfig): void;
  /** Says something in the live region. */
  notify(text: string): void;
}

/** The flow as its outcome's handling sees it: its public state, and what it was given. */
export interface OutcomeContext {
  readonly flow: PaymentFlow;
  readonly host: PaymentHost;
  readonly inputs: PaymentInputs;
  readonly config: CheckoutConfig | undefined;
  readonly messages: Messages;
  readonly signal: AbortSignal;
}

const verification = () => import('./failover/verification.js');
/** Everything after a payment's answer: a chunk, fetched when the first method is on screen. */
const outcomes = () => import('./payment-outcome.js');

export class PaymentFlow {
  phase: Phase = 'choosing';
  outcome: PaymentOutcome | undefined;
  /** The order as first sent: a retry resends exactly this, under the same idempotency key. */
  committed: Order | undefined;
  /** The decline or refusal shown under the method (the shopper stays on it). */
  declined: string | undefined;
  /** The provider that produced the outcome on screen (it draws its own instructions). */
  payer: Provider | undefined;
  /** Set when a result appears, so the element moves focus to it. */
  focusResult = false;
  readonly #host: PaymentHost;
  readonly #in: PaymentInputs;
  #config: CheckoutConfig | undefined;
  #messages!: Messages;
  /** The element's lifetime: every load, retry and verification of the flow stops with it. */
  #signal: AbortSignal = AbortSignal.abort();

  constructor(host: PaymentHost, inputs: PaymentInputs) {
    this.#host = host;
    this.#in = inputs;
  }

  /** The configuration (kept while an order is in progress: see the element) and the messages. */
  use(config: CheckoutConfig | undefined, messages: Messages): void {
    this.#config = config;
    this.#messages = messages;
  }

  /**
   * The element is on the page, until `signal` aborts. A payment whose answer was lost and whose
   * verification stopped when the element left is verified again when it comes back.
   */
  connected(signal: AbortSignal): void {
    this.#signal = signal;
    if (this.outcome?.status === 'outcome-unknown' && this.payer && this.committed) void this.#verify(this.payer, this.committed);
    // A chunk of its own, shared with the outcomes that announce a payment: nothing to hear before a first attempt.
    void import('./failover/paid-elsewhere.js').then((m) => m.listenPaid(signal, this.#paidElsewhere));
  }

  /** Another tab paid an order: this one's, while nothing here is paid (see `learnPaidElsewhere`) — verified, never believed. */
  #paidElsewhere = (paid: PaidElsewhere): void => {
    const config = this.#config;
    if (!config || paid.endpoint !== config.endpoint || paid.orderId !== this.#in.order.id()) return;
    void outcomes().then((m) => m.learnPaidElsewhere(this.#outcomeContext, paid.provider as ProviderId));
  };

  /** What an adapter is given for an order. */
  context(order: Order): ProviderContext {
    const config = this.#config!;
    return { config, order, merchant: this.#in.order.merchantFor(config, order), host: this.#host, requestPay: () => void this.pay() };
  }

  /** A payment is in flight: its provider must survive the element leaving the page. */
  get busy(): boolean {
    return this.phase === 'paying' || this.phase === 'verifying' || this.outcome?.status === 'outcome-unknown';
  }

  pay = async (): Promise<void> => {
    const config = this.#config;
    const entry = this.#in.failover.current;
    const canPay = this.phase === 'choosing' || this.phase === 'not-recorded';
    if (!config || !canPay || !entry?.provider || entry.state !== ProviderState.Ready) return;
    const order = (this.committed ??= this.#in.order.build(config, entry.id));
    this.payer = entry.provider;
    this.phase = 'paying';
    this.declined = undefined;
    this.#host.requestUpdate();
    const started = performance.now();
    const id = entry.id;
    // Kept on the device before anything reaches the provider: a reload mid-payment verifies this
    // order instead of offering a second payment. Not awaited here (the click's activation must
    // reach the provider's own step: wallets, PayPal's window); the adapter awaits `kept` first.
    const context: ProviderContext = { ...this.context(order) };
    if (capabilitiesOf(id, entry.provider).verifiable) context.kept = verification().then((m) => m.rememberPayment(id, context)).catch(() => {});
    let outcome: PaymentOutcome;
    try {
      // Not the element's lifetime: a payment the shopper started is finished (and its answer
      // kept) even if the element leaves the page meanwhile.
      outcome = await entry.provider.pay(context, new AbortController().signal);
    } catch (error) {
      outcome = { status: 'unavailable', error: toRelaisError(error, FailureKind.IntegrationError, entry.id) };
    }
    await this.#applyOutcome(entry.id, order, outcome, performance.now() - started);
  };

  /** `offline-orders`: every method is down, the shopper reserves the order to pay later. */
  reserve = async (): Promise<void> => {
    if (this.phase !== 'choosing' || !this.#config) return;
    const order = (this.committed = this.#in.order.build(this.#config, 'pay-later'));
    this.phase = 'paying';
    this.#host.requestUpdate();
    await this.#keep(order);
    if (this.phase === 'paying') {
      this.phase = 'choosing';
      this.committed = undefined;
    }
    this.#host.requestUpdate();
  };

  /**
   * The shopper is back from a redirect (3DS, bank authentication): show the real outcome before
   * anything else, and never offer a second method while it is being checked.
   */
  resumeRedirect(config: CheckoutConfig): boolean {
    const window = this.#host.ownerDocument.defaultView!;
    const params = new URLSearchParams(window.location.search);
    const id = config.providers.find((candidate) => definitionOf(candidate)?.redirect?.isReturn(params));
    if (id === undefined) return false;
    this.phase = 'verifying';
    const started = performance.now();
    const signal = this.#signal;
    void import('./providers/redirect-resume.js').then(async ({ resumeReturn }) => {
      const back = await resumeReturn(id, config, window, { order: this.#in.order, create: this.#in.create, context: (order) => this.context(order) }, signal);
      if (signal.aborted) return; // the element left: the order is verified on the next visit
      this.payer = back.provider;
      this.committed = back.order;
      await this.#applyOutcome(id, back.order, back.outcome, performance.now() - started);
      if (this.phase === 'choosing') this.#in.restart(config);
    });
    return true;
  }

  /**
   * Before anything is offered: the order paid in another tab of this browser, or a payment left
   * unverified by an earlier visit, is shown instead (see `resumeEarlier`).
   */
  verifyEarlier(config: CheckoutConfig): Promise<boolean> {
    // The incidents' log and beacon, asked for with the outcomes (which import them): there before any method can fail.
    void this.#in.incidents.load();
    return outcomes().then((m) => m.resumeEarlier(this.#outcomeContext, config)).catch(() => false);
  }

  /** What the outcome's handling (payment-outcome.ts) reads and changes of the flow. */
  readonly #outcomeContext: OutcomeContext = (() => {
    const flow = this;
    return {
      flow,
      get host() { return flow.#host; },
      get inputs() { return flow.#in; },
      get config() { return flow.#config; },
      get messages() { return flow.#messages; },
      get signal() { return flow.#signal; },
    };
  })();

  /** Fetches the outcome's handling early (after the first render), so a payment never waits for it. */
  prefetch(): void {
    void outcomes().catch(() => {});
  }

  #applyOutcome(provider: ProviderId, order: Order, outcome: PaymentOutcome, latencyMs: number): Promise<void> {
    return outcomes().then((m) => m.settle(this.#outcomeContext, provider, order, outcome, latencyMs));
  }

  #keep(order: Order): Promise<void> {
    return outcomes().then((m) => m.keep(this.#outcomeContext, order));
  }

  #verify(provider: Provider, order: Order): Promise<void> {
    return outcomes().then((m) => m.verifyLost(this.#outcomeContext, provider, order));
  }
}
