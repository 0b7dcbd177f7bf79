/**
 * One checkout attempt's payment, as a state machine: paying, the outcome and what follows it
 * (recording a paid order, keeping one the shop could not record, verifying one whose answer was
 * lost, the return from a redirect). The element renders `phase`; the rules live here.
 */
import type { ReactiveControllerHost } from 'lit';
import type { CheckoutOrder } from './checkout-order.js';
import type { CheckoutConfig, ProviderId } from './config.js';
import { FailureKind, RelaisError, toRelaisError } from './errors.js';
import { emit } from './events.js';
import type { IncidentReporter } from './failover/incident-reporter.js';
import { moveFor } from './failover/policy.js';
import { sendIncident } from './failover/telemetry.js';
import { ProviderState, type FailoverController } from './failover/orchestrator.js';
import type { Messages } from './i18n/index.js';
import type { Order } from './order.js';
import type { PaymentOutcome, Provider, ProviderContext, ProviderFactory } from './providers/provider.js';
import { capabilitiesOf, definitionOf, methodInSentence } from './providers/registry.js';
import type { QueueController } from './queue/queue-controller.js';

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

const verification = () => import('./failover/verification.js');

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
  }

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
    const context = this.context(order);
    // Kept before anything is submitted: if the page goes away mid-payment, the next visit
    // verifies this order instead of offering a second payment. Not awaited: the click's user
    // activation must reach the provider (wallets, PayPal's window).
    const id = entry.id;
    if (capabilitiesOf(id, entry.provider).reconcilable) void verification().then((m) => m.rememberPayment(id, context)).catch(() => {});
    let outcome: PaymentOutcome;
    try {
      // Not the element's lifetime: a payment the shopper started is finished (and its answer
      // kept) even if the element leaves the page meanwhile.
      outcome = await entry.provider.pay(context, new AbortController().signal);
    } catch (error) {
      outcome = { status: 'unavailable', error: toRelaisError(error, FailureKind.IntegrationError, entry.id) };
    }
    this.#settle(entry.id, order, outcome, performance.now() - started);
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
      this.#settle(id, back.order, back.outcome, performance.now() - started);
      if (this.phase === 'choosing') this.#in.restart(config);
    });
    return true;
  }

  /**
   * A payment of this shop left unverified by an earlier visit (the answer was lost, the shopper
   * closed the page) is verified before anything is offered: paid, it is shown.
   */
  async verifyEarlier(config: CheckoutConfig): Promise<boolean> {
    // An order id the merchant set is the merchant's: never replaced by one from another visit.
    if (!this.#in.order.own) return false;
    const cart = { amount: config.amount, currency: config.currency };
    const signal = this.#signal;
    const earlier = await verification()
      .then(({ verifyEarlier }) => verifyEarlier(config.endpoint, cart, signal))
      .catch(() => undefined);
    if (!earlier || signal.aborted) return false;
    const { orderId, secret, provider } = earlier.payment;
    this.#in.order.adopt(config, orderId, secret, provider);
    this.#settle(provider, (this.committed = this.#in.order.build(config, provider)), earlier.outcome, 0);
    return true;
  }

  /**
   * The merchant's dashboard shows declines beside each method's success rate, so they reach
   * `POST {endpoint}/events` like incidents. Only the beacon: a decline is no failure of the
   * method, so no `relais-incident`, nothing in the failure memory.
   */
  #beaconDecline(provider: ProviderId, orderId: string, message: string | undefined, latencyMs: number): void {
    const config = this.#config;
    if (!config?.incidentBeacon) return;
    sendIncident(config.endpoint, {
      provider, kind: FailureKind.Declined, reason: message ?? '', latencyMs: Math.round(latencyMs), orderId, at: new Date().toISOString(),
    });
  }

  #settle(provider: ProviderId, order: Order, outcome: PaymentOutcome, latencyMs: number): void {
    const { incidents, failover } = this.#in;
    const t = this.#messages;
    this.outcome = outcome;
    const { orderId } = order;
    const { reconcilable } = capabilitiesOf(provider, this.payer);
    if (reconcilable && outcome.status !== 'pending' && outcome.status !== 'outcome-unknown') {
      void verification().then((m) => m.forgetPayment(orderId)).catch(() => {});
    }
    switch (outcome.status) {
      case 'succeeded':
        this.phase = 'succeeded';
        this.focusResult = true;
        emit(this.#host, 'relais-payment-succeeded', { orderId, provider, reference: outcome.reference });
        incidents.worked(provider);
        // A reconcilable method's payment is recorded here; the others record their own order.
        if (reconcilable) {
          const paid = { ...order, method: provider as Order['method'], paymentReference: outcome.reference };
          const config = this.#config!; // kept while paid: see the element's #apply
          void import('./record-paid.js').then((m) => m.recordPaid(config, provider, paid, this.#in));
        }
        break;
      case 'pending':
        this.phase = 'pending';
        this.focusResult = true;
        emit(this.#host, 'relais-payment-pending', { orderId, provider, reason: outcome.reason, reference: outcome.reference });
        break;
      case 'declined':
        this.phase = 'choosing';
        this.committed = undefined;
        this.declined = outcome.cancelled ? t.cancelled : outcome.message ? t.declined(outcome.message) : t.declinedGeneric;
        emit(this.#host, 'relais-payment-declined', { orderId, provider, message: outcome.message });
        this.#beaconDecline(provider, orderId, outcome.message, latencyMs);
        break;
      case 'unavailable':
        this.phase = 'choosing';
        this.committed = undefined;
        if (moveFor(outcome.error.code) === 'skip-merchant-methods') void failover.merchantUnavailable(provider, outcome.error, latencyMs);
        else failover.fail(provider, outcome.error, latencyMs);
        break;
      case 'outcome-unknown':
        // Never offer a second method while the first one's outcome is unknown: verify first.
        this.phase = 'pending';
        this.focusResult = true;
        emit(this.#host, 'relais-payment-pending', { orderId, provider, reason: 'verifying', reference: undefined });
        if (this.payer) void this.#verify(this.payer, order);
        break;
      case 'not-recorded':
        // The shop already known down on this page was reported once: the same outage, not a new one.
        if (!(failover.merchantDown && outcome.error.code === FailureKind.MerchantUnavailable)) {
          incidents.report(this.#config, orderId, provider, outcome.error, latencyMs);
        }
        if (moveFor(outcome.error.code) === 'stay') {
          // Refused, nothing charged: the shopper may correct the cart or choose another method.
          this.phase = 'choosing';
          this.committed = undefined;
          this.declined = t.orderRejected;
          break;
        }
        this.phase = 'not-recorded';
        // Unreachable shop (not a refusal): the order is kept and delivered when it comes back.
        void this.#keep(outcome.sent);
        break;
    }
    this.#host.requestUpdate();
  }

  /** An order the shop could not record is kept on the device instead of lost. */
  async #keep(order: Order): Promise<void> {
    if (!(await this.#in.queue.enqueue(this.#config!, order))) return; // storage refused: the retry button stays
    this.committed = order;
    this.phase = 'queued';
    this.focusResult = true;
    this.#host.requestUpdate();
  }

  /**
   * Verifies a payment whose answer was lost. Paid, declined or processing: that is the outcome.
   * Unpaid and cancelled by the merchant: nothing was charged, the next method is offered.
   * Still unknown: the shopper keeps seeing "being verified", and a later visit verifies again.
   */
  async #verify(provider: Provider, order: Order): Promise<void> {
    const started = performance.now();
    const signal = this.#signal;
    const { verify } = await verification();
    const outcome = await verify(provider, this.context(order), signal).catch(() => undefined);
    if (!outcome || outcome.status === 'outcome-unknown' || signal.aborted || !this.#config) return;
    if (outcome.status !== 'unavailable') return this.#settle(provider.id, order, outcome, performance.now() - started);
    this.phase = 'choosing';
    this.committed = undefined;
    this.outcome = undefined;
    const { failover } = this.#in;
    failover.fail(provider.id, outcome.error, performance.now() - started);
    const t = this.#messages;
    if (failover.active) this.#in.notify(t.cancelledSwitched(methodInSentence(provider.id, t), methodInSentence(failover.active, t)));
    this.#host.requestUpdate();
  }
}
