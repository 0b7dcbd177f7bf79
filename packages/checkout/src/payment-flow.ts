/**
 * One checkout attempt's payment, as a state machine: paying, the outcome and what follows it
 * (recording a paid order, keeping one the shop could not record, verifying one whose answer was
 * lost, the return from a redirect). The element renders `phase`; the rules live here.
 */
import type { ReactiveControllerHost } from 'lit';
import { postJson } from './api.js';
import type { CheckoutConfig, ProviderId } from './config.js';
import { FailureKind, RelaisError, toRelaisError } from './errors.js';
import { emit } from './events.js';
import type { IncidentReporter } from './failover/incident-reporter.js';
import { sendIncident } from './failover/telemetry.js';
import { ProviderState, type FailoverController } from './failover/orchestrator.js';
import type { Messages } from './i18n/index.js';
import type { Order, OrderMethod } from './order.js';
import type { PaymentOutcome, Provider, ProviderContext } from './providers/provider.js';
import type { QueueController } from './queue/queue-controller.js';

export type Phase = 'choosing' | 'paying' | 'verifying' | 'not-recorded' | 'queued' | 'pending' | 'succeeded';

/** What the flow needs from the element. */
export interface PaymentHost extends ReactiveControllerHost, HTMLElement {}

export interface PaymentDeps {
  config(): CheckoutConfig | undefined;
  messages(): Messages;
  order(method: OrderMethod): Order;
  context(order: Order): ProviderContext;
  /** Takes over the order of a payment that left the page (redirect, earlier visit), with its secret. */
  adoptOrderId(orderId: string, secret: string | undefined): void;
  /** Whether the order id was generated here (a merchant's own id is never replaced). */
  ownOrderId(): boolean;
  createProvider(id: ProviderId): Provider | Promise<Provider>;
  /** Starts the methods again (after a redirect return that left nothing paid). */
  restart(config: CheckoutConfig): void;
  /** Says something in the live region. */
  notify(text: string): void;
  readonly failover: FailoverController;
  readonly queue: QueueController;
  readonly incidents: IncidentReporter;
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
  readonly #deps: PaymentDeps;

  constructor(host: PaymentHost, deps: PaymentDeps) {
    this.#host = host;
    this.#deps = deps;
  }

  /** A payment is in flight: its provider must survive the element leaving the page. */
  get busy(): boolean {
    return this.phase === 'paying' || this.phase === 'verifying' || this.outcome?.status === 'outcome-unknown';
  }

  pay = async (): Promise<void> => {
    const config = this.#deps.config();
    const entry = this.#deps.failover.current;
    const canPay = this.phase === 'choosing' || this.phase === 'not-recorded';
    if (!config || !canPay || !entry?.provider || entry.state !== ProviderState.Ready) return;
    const order = (this.committed ??= this.#deps.order(entry.id));
    this.payer = entry.provider;
    this.phase = 'paying';
    this.declined = undefined;
    this.#host.requestUpdate();
    const started = performance.now();
    const context = this.#deps.context(order);
    // Kept before anything is submitted: if the page goes away mid-payment, the next visit
    // verifies this order instead of offering a second payment. Not awaited: the click's user
    // activation must reach the provider (wallets, PayPal's window).
    const id = entry.id;
    if (id !== 'bank-transfer') void verification().then((m) => m.rememberPayment(id, context)).catch(() => {});
    let outcome: PaymentOutcome;
    try {
      outcome = await entry.provider.pay(context, new AbortController().signal);
    } catch (error) {
      outcome = { status: 'unavailable', error: toRelaisError(error, FailureKind.IntegrationError, entry.id) };
    }
    this.#settle(entry.id, order, outcome, performance.now() - started);
  };

  /** `offline-orders`: every method is down, the shopper reserves the order to pay later. */
  reserve = async (): Promise<void> => {
    if (this.phase !== 'choosing' || !this.#deps.config()) return;
    const order = (this.committed = this.#deps.order('pay-later'));
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
    // Read here, the rest loads on demand: few visits are a return from a redirect.
    if (!config.providers.includes('stripe') || !new URLSearchParams(window.location.search).has('payment_intent_client_secret')) return false;
    this.phase = 'verifying';
    const started = performance.now();
    void (async () => {
      const back = (await import('./providers/redirect-return.js')).takeRedirectReturn(window)!;
      if (back.orderId) this.#deps.adoptOrderId(back.orderId, back.secret);
      const order = (this.committed = this.#deps.order('stripe'));
      this.#host.requestUpdate();
      const signal = new AbortController().signal;
      const resumed = (async () => {
        const provider = (this.payer = await this.#deps.createProvider('stripe'));
        await provider.load(this.#deps.context(order), signal);
        return provider.resume?.(this.#deps.context(order), back.params, signal);
      })();
      resumed.catch(() => {}); // a late failure after the budget is already answered below
      const budget = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), config.loadTimeout));
      let outcome: PaymentOutcome | undefined;
      try {
        const first = await Promise.race([resumed, budget]);
        // Stripe.js too slow: the merchant knows the order's intent by its id alone.
        outcome = first !== 'late' ? first : back.orderId
          ? await import('./failover/pending-payments.js').then((m) => m.verifyByOrderId('stripe', { endpoint: config.endpoint, orderId: back.orderId!, secret: back.secret }, signal))
          : { status: 'outcome-unknown', error: new RelaisError(FailureKind.OutcomeUnknown, 'Stripe.js did not load after the redirect', { provider: 'stripe' }) };
      } catch (error) {
        outcome = { status: 'outcome-unknown', error: toRelaisError(error, FailureKind.OutcomeUnknown, 'stripe') };
      }
      this.#settle('stripe', order, outcome ?? { status: 'declined', message: undefined }, performance.now() - started);
      if (this.phase === 'choosing') this.#deps.restart(config);
    })();
    return true;
  }

  /**
   * A payment of this shop left unverified by an earlier visit (the answer was lost, the shopper
   * closed the page) is verified before anything is offered: paid, it is shown.
   */
  async verifyEarlier(config: CheckoutConfig): Promise<boolean> {
    // An order id the merchant set is the merchant's: never replaced by one from another visit.
    if (!this.#deps.ownOrderId()) return false;
    const cart = { amount: config.amount, currency: config.currency };
    const earlier = await verification()
      .then(({ verifyEarlier }) => verifyEarlier(config.endpoint, cart, new AbortController().signal))
      .catch(() => undefined);
    if (!earlier) return false;
    this.#deps.adoptOrderId(earlier.payment.orderId, earlier.payment.secret);
    this.#settle(earlier.payment.provider, (this.committed = this.#deps.order(earlier.payment.provider)), earlier.outcome, 0);
    return true;
  }

  /**
   * The merchant's dashboard shows declines beside each method's success rate, so they reach
   * `POST {endpoint}/events` like incidents. Only the beacon: a decline is no failure of the
   * method, so no `relais-incident`, nothing in the failure memory.
   */
  #beaconDecline(provider: ProviderId, orderId: string, message: string | undefined, latencyMs: number): void {
    const config = this.#deps.config();
    if (!config?.incidentBeacon) return;
    sendIncident(config.endpoint, {
      provider, kind: FailureKind.Declined, reason: message ?? '', latencyMs: Math.round(latencyMs), orderId, at: new Date().toISOString(),
    });
  }

  #settle(provider: ProviderId, order: Order, outcome: PaymentOutcome, latencyMs: number): void {
    const { incidents, failover } = this.#deps;
    const t = this.#deps.messages();
    this.outcome = outcome;
    const { orderId } = order;
    if (provider !== 'bank-transfer' && outcome.status !== 'pending' && outcome.status !== 'outcome-unknown') {
      void verification().then((m) => m.forgetPayment(orderId)).catch(() => {});
    }
    switch (outcome.status) {
      case 'succeeded':
        this.phase = 'succeeded';
        this.focusResult = true;
        // A result replaces the methods: an earlier "method X did not answer, nothing was charged,
        // you can pay by Y" would now contradict it.
        this.#deps.notify('');
        emit(this.#host, 'relais-payment-succeeded', { orderId, provider, reference: outcome.reference });
        incidents.worked(provider);
        if (provider !== 'bank-transfer') void this.#recordPaid(provider, { ...order, method: provider, paymentReference: outcome.reference });
        break;
      case 'pending':
        this.phase = 'pending';
        this.focusResult = true;
        this.#deps.notify('');
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
        if (outcome.error.code === FailureKind.MerchantUnavailable) void failover.merchantUnavailable(provider, outcome.error, latencyMs);
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
          incidents.report(this.#deps.config(), orderId, provider, outcome.error, latencyMs);
        }
        if (outcome.error.code === FailureKind.OrderRejected) {
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

  /**
   * A paid order is recorded with the merchant, carrying the provider's payment reference so the
   * merchant can reconcile. It is never charged again: a failure here is an incident, not a retry
   * of the payment.
   */
  async #recordPaid(provider: ProviderId, order: Order): Promise<void> {
    const started = performance.now();
    const config = this.#deps.config()!; // kept while paid: see the element's #apply
    try {
      const answer = await postJson(`${config.endpoint}/orders`, order, { idempotencyKey: order.orderId });
      if (answer.ok) return;
      throw new RelaisError(FailureKind.OrderRejected, `The shop refused the paid order (${answer.status})`, { status: answer.status });
    } catch (error) {
      const failure = toRelaisError(error, FailureKind.MerchantUnavailable, provider);
      this.#deps.incidents.report(config, order.orderId, provider, failure, performance.now() - started);
      // Paid but not recorded: the order (with its payment reference) is kept and delivered later.
      if (failure.code !== FailureKind.OrderRejected) await this.#deps.queue.enqueue(config, order);
    }
  }

  /** An order the shop could not record is kept on the device instead of lost. */
  async #keep(order: Order): Promise<void> {
    if (!(await this.#deps.queue.enqueue(this.#deps.config()!, order))) return; // storage refused: the retry button stays
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
    const { verify } = await verification();
    const outcome = await verify(provider, this.#deps.context(order), new AbortController().signal).catch(() => undefined);
    if (!outcome || outcome.status === 'outcome-unknown' || !this.#deps.config()) return;
    if (outcome.status !== 'unavailable') return this.#settle(provider.id, order, outcome, performance.now() - started);
    this.phase = 'choosing';
    this.committed = undefined;
    this.outcome = undefined;
    const { failover } = this.#deps;
    failover.fail(provider.id, outcome.error, performance.now() - started);
    const t = this.#deps.messages();
    if (failover.active) this.#deps.notify(t.cancelledSwitched(t.methodInSentence[provider.id], t.methodInSentence[failover.active]));
    this.#host.requestUpdate();
  }
}
