import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { attributeNames, describeIssues, sameProviderSetup, validateConfig, type Attributes, type ParseResult, type CheckoutConfig, type ConfigIssue, type ProviderId } from './config.js';
import { postJson } from './api.js';
import { FailureKind, RelaisError, toRelaisError } from './errors.js';
import { emit } from './events.js';
import { FailoverController, ProviderState, slotName } from './failover/orchestrator.js';
import { bundled, formatMoney, loadMessages, type Messages } from './i18n/index.js';
import { newOrderId, type CartLine, type Customer, type Order } from './order.js';
import type { BankInstructions, PaymentOutcome, Provider, ProviderContext } from './providers/provider.js';
import { renderMethods, renderPayButton, renderQueued, renderRecordState, renderResult, type QueuedView } from './views.js';
import { takeRedirectReturn } from './providers/redirect-return.js';
import { CopyController } from './copy-controller.js';
import { QueueController } from './queue/queue-controller.js';
import type { FailureMemory } from './failover/memory.js';
import type { StartPlan } from './failover/start-plan.js';
import { startNotice } from './failover/notices.js';
import { IncidentLog, sendIncident } from './failover/telemetry.js';
import { styles } from './relais-checkout.styles.js';

type Phase = 'choosing' | 'paying' | 'verifying' | 'not-recorded' | 'queued' | 'pending' | 'succeeded';

/**
 * A checkout that keeps taking money when a payment provider is down. It renders the first
 * method of `providers` that works, moves the shopper to the next one when a method's SDK or
 * API fails (saying that nothing was charged), and never switches on a decline.
 *
 * @summary Payment element with client-side failover between Stripe, PayPal and bank transfer.
 *
 * @attr {string} amount - Required. Total in minor units, a positive integer (4990 = 49.90).
 * @attr {string} currency - Required. ISO 4217 code, e.g. `EUR`.
 * @attr {string} providers - Space-separated fallback order of `stripe`, `paypal`, `bank-transfer`. Default: those of the three that are configured, in that order.
 * @attr {string} endpoint - Base URL of the merchant API (`POST {endpoint}/orders`…). Default `/checkout`.
 * @attr {string} stripe-key - Stripe publishable key (`pk_live_…` or `pk_test_…`). A secret key is refused.
 * @attr {string} paypal-client-id - PayPal client id.
 * @attr {string} paypal-environment - `production` (default) or `sandbox`: which PayPal SDK and API the client id belongs to.
 * @attr {string} bank-iban - IBAN receiving bank transfers (checked: country length and mod-97).
 * @attr {string} bank-bic - BIC of that account (optional).
 * @attr {string} bank-beneficiary - Account holder's name, at most 70 characters.
 * @attr {string} lang - Language of the UI (`fr`, `en`, `de`, `es`, `it`, `nl`; regional tags like `de-AT` work); falls back to the document's `lang`, then `en`.
 * @attr {string} load-timeout - Milliseconds a provider may take to become ready before Relais moves on (default 6000).
 * @attr {string} return-url - Where redirect-based methods come back to. Default: this page.
 * @attr {string} sw-url - Service worker script for the order queue; absent = page-only queue.
 * @attr {boolean} offline-orders - When every provider is down, let the shopper reserve the order to pay later.
 * @attr {string} breaker-cooldown - Milliseconds a method that failed is skipped on later page loads before one new try (default 300000; 0 = no memory).
 * @attr {boolean} no-incident-beacon - Do not send incidents to `POST {endpoint}/events` (they are still fired as `relais-incident`).
 *
 * @fires relais-ready - The first method is interactive. Detail: `{provider, orderId}`.
 * @fires relais-provider-change - The active method changed. Detail: `{from, to, reason, latencyMs}`.
 * @fires relais-payment-succeeded - Detail: `{orderId, provider, reference}`.
 * @fires relais-payment-declined - The shopper stays on the method. Detail: `{orderId, provider, message}`.
 * @fires relais-payment-pending - Awaiting a bank transfer or verifying. Detail: `{orderId, provider, reason, reference}`.
 * @fires relais-order-queued - The order was saved to be delivered later. Detail: `{orderId}`.
 * @fires relais-order-delivered - A saved order reached the merchant. Detail: `{orderId}`.
 * @fires relais-incident - A failure Relais observed. Detail: `{provider, kind, reason, latencyMs, orderId, at}`.
 * @fires relais-config-error - Invalid attributes. Detail: `{issues: [{code, attribute, value, fix}]}`.
 *
 * @csspart base - The element's layout wrapper.
 * @csspart notice - The live region announcing switches and confirmations.
 * @csspart error - The configuration error message.
 * @csspart methods - The list of payment methods.
 * @csspart panel - The active method's area.
 * @csspart pay-button - The button that pays or places the order.
 * @csspart bank-details - Bank-transfer instructions.
 * @csspart copy-button - Each copy button of the bank-transfer instructions.
 * @csspart qr - The EPC QR code figure.
 * @csspart qr-unavailable - The note shown instead of the QR code for non-EUR amounts.
 * @csspart result - The confirmation shown after paying or placing the order.
 *
 * @cssprop --relais-accent - Buttons and focus rings (default #1d4ed8).
 * @cssprop --relais-on-accent - Text on accent (default #ffffff).
 * @cssprop --relais-text - Text colour (default #111827).
 * @cssprop --relais-muted - Secondary text (default #4b5563).
 * @cssprop --relais-background - Background (default #ffffff).
 * @cssprop --relais-border - Borders (default #d1d5db).
 * @cssprop --relais-error - Errors (default #b91c1c).
 * @cssprop --relais-success - Success (default #166534).
 * @cssprop --relais-radius - Corner radius (default 8px).
 * @cssprop --relais-spacing - Gap between blocks (default 0.75rem).
 * @cssprop --relais-font - Font family (default system-ui).
 */
export class RelaisCheckout extends LitElement {
  static override styles = styles;

  static override properties = {
    amount: {},
    currency: {},
    providers: {},
    endpoint: {},
    stripeKey: { attribute: 'stripe-key' },
    paypalClientId: { attribute: 'paypal-client-id' },
    paypalEnvironment: { attribute: 'paypal-environment' },
    bankIban: { attribute: 'bank-iban' },
    bankBic: { attribute: 'bank-bic' },
    bankBeneficiary: { attribute: 'bank-beneficiary' },
    lang: {},
    loadTimeout: { attribute: 'load-timeout' },
    returnUrl: { attribute: 'return-url' },
    swUrl: { attribute: 'sw-url' },
    offlineOrders: { attribute: 'offline-orders', type: Boolean },
    breakerCooldown: { attribute: 'breaker-cooldown' },
    noIncidentBeacon: { attribute: 'no-incident-beacon', type: Boolean },
    items: { attribute: false },
    customer: { attribute: false },
    orderId: { attribute: false },
  };

  declare amount: string | null;
  declare currency: string | null;
  declare providers: string | null;
  declare endpoint: string | null;
  declare stripeKey: string | null;
  declare paypalClientId: string | null;
  declare paypalEnvironment: string | null;
  declare bankIban: string | null;
  declare bankBic: string | null;
  declare bankBeneficiary: string | null;
  declare loadTimeout: string | null;
  declare returnUrl: string | null;
  declare swUrl: string | null;
  declare offlineOrders: boolean;
  declare breakerCooldown: string | null;
  declare noIncidentBeacon: boolean;
  /** Cart lines sent with the order: `{name, quantity, amount}` (unit price in minor units). */
  declare items: CartLine[] | undefined;
  /** The shopper, sent with the order: `{email, name}`. */
  declare customer: Customer | undefined;
  /** The order being paid; generated (UUID) and kept for the whole attempt when not set. */
  declare orderId: string | undefined;

  #config: CheckoutConfig | undefined;
  #issues: ConfigIssue[] = [];
  #loggedIssues = '';
  #messages: Messages = bundled.en;
  #phase: Phase = 'choosing';
  #outcome: PaymentOutcome | undefined;
  /** The order as first sent: a retry resends exactly this, under the same idempotency key. */
  #committed: Order | undefined;
  #notice = '';
  #declined: string | undefined;
  readonly #clipboard = new CopyController(this);
  readonly #queue = new QueueController(this, {
    queued: (orderId) => emit(this, 'relais-order-queued', { orderId }),
    delivered: (orderId) => {
      emit(this, 'relais-order-delivered', { orderId });
      if (this.#phase === 'queued' && orderId === this.#committed?.orderId) this.#notice = this.#messages.queue.delivered;
    },
  });
  #focusResult = false;
  readonly #incidents = new IncidentLog();
  #memory: FailureMemory | undefined;
  /** Identifies the latest start, so an older one finishing late does nothing. */
  #starting: object | undefined;
  #validating: Promise<void> | undefined;
  /** Whether the order id was generated here (not set by the merchant). */
  #ownOrderId = false;
  /** The provider that produced the outcome on screen (it draws its own instructions). */
  #payer: Provider | undefined;

  readonly #failover = new FailoverController(this, (id) => this.createProvider(id), {
    context: () => this.#context(this.#order(this.#failover.active ?? 'bank-transfer')),
    ready: (provider) => emit(this, 'relais-ready', { provider, orderId: this.#orderId() }),
    available: (provider) => void this.#memory?.success(provider),
    change: (detail) => {
      const t = this.#messages;
      if (detail.reason === 'recovered' && detail.to) this.#notice = t.recovered(t.methods[detail.to]);
      else if (detail.reason !== 'shopper-choice') {
        // Nothing left: the alert in place of the methods says it; the live region stays quiet.
        this.#notice = detail.to && detail.from ? t.switched(t.methods[detail.from], t.methods[detail.to]) : '';
      }
      emit(this, 'relais-provider-change', detail);
    },
    incident: (provider, error, latencyMs) => this.#incident(provider, error, latencyMs),
    paying: () => this.#phase === 'paying' || this.#phase === 'verifying' || this.#outcome?.status === 'outcome-unknown',
  });

  /** The configuration after validation; `undefined` while an attribute is invalid. */
  get config(): CheckoutConfig | undefined {
    return this.#config;
  }

  /** Creates the adapter for a method. Subclasses may override it (tests, custom methods). */
  protected createProvider(id: ProviderId): Provider | Promise<Provider> {
    // Each adapter is a separate chunk loaded on demand: a page only downloads the methods it shows.
    switch (id) {
      case 'stripe':
        return import('./providers/stripe.js').then(({ StripeProvider }) => new StripeProvider());
      case 'paypal':
        return import('./providers/paypal.js').then(({ PayPalProvider }) => new PayPalProvider());
      case 'bank-transfer':
        return import('./providers/bank-transfer.js').then(({ BankTransferProvider }) => new BankTransferProvider());
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moving the element in the DOM disconnects it, which stops every provider: start again.
    if (this.#config && !this.#failover.entries.length && this.#phase === 'choosing') void this.#start(this.#config);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const attributeChanged = [...changed.keys()].some((key) => !['items', 'customer', 'orderId'].includes(String(key)));
    if (attributeChanged || !this.hasUpdated) this.#configure();
  }

  /** `updateComplete` also waits for the configuration being validated (the IBAN check is lazy). */
  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    while (this.#validating) {
      await this.#validating;
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  protected override updated(): void {
    if (this.#focusResult) {
      this.#focusResult = false;
      this.renderRoot.querySelector<HTMLElement>('.result .title')?.focus();
    }
  }

  #configure(): void {
    const validating = validateConfig(this.#attributes(), this.ownerDocument).then(async (result) => {
      const messages = await loadMessages(result.ok ? result.config.lang : result.lang);
      // Only the latest attributes count: an older validation may finish after a newer one.
      if (this.#validating !== validating) return;
      this.#validating = undefined;
      this.#apply(result, messages);
      this.requestUpdate();
    });
    this.#validating = validating;
  }

  #apply(result: ParseResult, messages: Messages): void {
    if (!result.ok) {
      this.#reportIssues(result.issues);
      // An order in progress or paid keeps its configuration: a cart emptied after paying (a
      // common merchant reaction) must not replace the receipt or lose the paid order.
      if (this.#phase !== 'choosing') return;
      this.#messages = messages;
      this.#issues = result.issues;
      this.#config = undefined;
      this.#failover.stop();
      return;
    }
    const previous = this.#config;
    this.#config = result.config;
    this.#issues = [];
    this.#loggedIssues = '';
    this.#messages = messages;
    // An order in progress keeps its snapshot and its provider: nothing restarts under it.
    if (this.#phase !== 'choosing') return;
    if (!previous && this.#resumeRedirect(result.config)) return;
    this.#orderId(); // one id for the whole attempt, from the first valid configuration on
    if (!previous || !sameProviderSetup(previous, result.config) || !this.#failover.entries.length) {
      void this.#start(result.config);
    } else if (previous.amount !== result.config.amount || previous.currency !== result.config.currency) {
      const current = this.#failover.current;
      if (current?.state === ProviderState.Ready) current.provider?.update?.(this.#context(this.#order(current.id)));
    }
  }

  /**
   * The shopper is back from a redirect (3DS, bank authentication): show the real outcome before
   * anything else, and never offer a second method while it is being checked.
   */
  #resumeRedirect(config: CheckoutConfig): boolean {
    const back = config.providers.includes('stripe') ? takeRedirectReturn(this.ownerDocument.defaultView!) : undefined;
    if (!back) return false;
    this.orderId ??= back.orderId;
    this.#phase = 'verifying';
    const started = performance.now();
    const order = (this.#committed = this.#order('stripe'));
    void (async () => {
      const signal = new AbortController().signal;
      const resumed = (async () => {
        const provider = (this.#payer = await this.createProvider('stripe'));
        await provider.load(this.#context(order), signal);
        return provider.resume?.(this.#context(order), back.params, signal);
      })();
      resumed.catch(() => {}); // a late failure after the budget is already answered below
      const budget = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), config.loadTimeout));
      let outcome: PaymentOutcome | undefined;
      try {
        const first = await Promise.race([resumed, budget]);
        // Stripe.js too slow: the merchant knows the order's intent by its id alone.
        outcome = first !== 'late' ? first : back.orderId
          ? await import('./failover/pending-payments.js').then((m) => m.verifyByOrderId('stripe', config.endpoint, back.orderId!, signal))
          : { status: 'outcome-unknown', error: new RelaisError(FailureKind.OutcomeUnknown, 'Stripe.js did not load after the redirect', { provider: 'stripe' }) };
      } catch (error) {
        outcome = { status: 'outcome-unknown', error: toRelaisError(error, FailureKind.OutcomeUnknown, 'stripe') };
      }
      this.#settle('stripe', order, outcome ?? { status: 'declined', message: undefined }, performance.now() - started);
      if (this.#phase === 'choosing') void this.#start(config);
    })();
    return true;
  }

  #reportIssues(issues: ConfigIssue[]): void {
    const key = JSON.stringify(issues);
    if (key === this.#loggedIssues) return;
    this.#loggedIssues = key;
    console.error(describeIssues(issues));
    emit(this, 'relais-config-error', { issues });
  }

  #attributes(): Attributes {
    return Object.fromEntries(attributeNames.map((name) => [name, this.getAttribute(name)]));
  }

  #context(order: Order): ProviderContext {
    return { config: this.#config!, order, host: this, requestPay: () => void this.#pay() };
  }

  #orderId(): string {
    if (this.orderId === undefined) {
      this.orderId = newOrderId();
      this.#ownOrderId = true;
    }
    return this.orderId;
  }

  #order(method: ProviderId | 'pay-later'): Order {
    const config = this.#config!;
    const orderId = this.#orderId();
    return {
      orderId,
      amount: config.amount,
      currency: config.currency,
      method,
      ...(this.items && { items: this.items }),
      ...(this.customer && { customer: this.customer }),
    };
  }

  #pay = async (): Promise<void> => {
    const entry = this.#failover.current;
    const config = this.#config;
    const canPay = this.#phase === 'choosing' || this.#phase === 'not-recorded';
    if (!config || !canPay || !entry?.provider || entry.state !== ProviderState.Ready) return;
    const order = (this.#committed ??= this.#order(entry.id));
    this.#payer = entry.provider;
    this.#phase = 'paying';
    this.#declined = undefined;
    this.requestUpdate();
    const started = performance.now();
    const context = this.#context(order);
    // Kept before anything is submitted: if the page goes away mid-payment, the next visit
    // verifies this order instead of offering a second payment. Not awaited: the click's user
    // activation must reach the provider (wallets, PayPal's window).
    const id = entry.id;
    if (id !== 'bank-transfer') void import('./failover/verification.js').then((m) => m.rememberPayment(id, context)).catch(() => {});
    let outcome: PaymentOutcome;
    try {
      outcome = await entry.provider.pay(context, new AbortController().signal);
    } catch (error) {
      outcome = { status: 'unavailable', error: toRelaisError(error, FailureKind.IntegrationError, entry.id) };
    }
    this.#settle(entry.id, order, outcome, performance.now() - started);
  };

  #settle(provider: ProviderId, order: Order, outcome: PaymentOutcome, latencyMs: number): void {
    this.#outcome = outcome;
    const { orderId } = order;
    if (provider !== 'bank-transfer' && outcome.status !== 'pending' && outcome.status !== 'outcome-unknown') {
      void import('./failover/verification.js').then((m) => m.forgetPayment(orderId)).catch(() => {});
    }
    switch (outcome.status) {
      case 'succeeded':
        this.#phase = 'succeeded';
        this.#focusResult = true;
        emit(this, 'relais-payment-succeeded', { orderId, provider, reference: outcome.reference });
        void this.#memory?.success(provider);
        if (provider !== 'bank-transfer') void this.#recordPaid(provider, { ...order, method: provider, paymentReference: outcome.reference });
        break;
      case 'pending':
        this.#phase = 'pending';
        this.#focusResult = true;
        emit(this, 'relais-payment-pending', { orderId, provider, reason: outcome.reason, reference: outcome.reference });
        break;
      case 'declined':
        this.#phase = 'choosing';
        this.#committed = undefined;
        this.#declined = outcome.cancelled
          ? this.#messages.cancelled
          : outcome.message
            ? this.#messages.declined(outcome.message)
            : this.#messages.declinedGeneric;
        emit(this, 'relais-payment-declined', { orderId, provider, message: outcome.message });
        break;
      case 'unavailable':
        this.#phase = 'choosing';
        this.#committed = undefined;
        this.#failover.fail(provider, outcome.error, latencyMs);
        break;
      case 'outcome-unknown':
        // Never offer a second method while the first one's outcome is unknown: verify first.
        this.#phase = 'pending';
        this.#focusResult = true;
        emit(this, 'relais-payment-pending', { orderId, provider, reason: 'verifying', reference: undefined });
        if (this.#payer) void this.#verify(this.#payer, order);
        break;
      case 'not-recorded':
        this.#incident(provider, outcome.error, latencyMs);
        if (outcome.error.code === FailureKind.OrderRejected) {
          // Refused, nothing charged: the shopper may correct the cart or choose another method.
          this.#phase = 'choosing';
          this.#committed = undefined;
          this.#declined = this.#messages.orderRejected;
          break;
        }
        this.#phase = 'not-recorded';
        // Unreachable shop (not a refusal): the order is kept and delivered when it comes back.
        void this.#keep(outcome.sent);
        break;
    }
    this.requestUpdate();
  }

  /**
   * A paid order is recorded with the merchant, carrying the provider's payment reference so the
   * merchant can reconcile. It is never charged again: a failure here is an incident, not a retry
   * of the payment.
   */
  async #recordPaid(provider: ProviderId, order: Order): Promise<void> {
    const started = performance.now();
    const config = this.#config!; // kept while paid: see #apply
    try {
      const answer = await postJson(`${config.endpoint}/orders`, order, { idempotencyKey: order.orderId });
      if (answer.ok) return;
      throw new RelaisError(FailureKind.OrderRejected, `The shop refused the paid order (${answer.status})`, { status: answer.status });
    } catch (error) {
      const failure = toRelaisError(error, FailureKind.ApiUnavailable, provider);
      this.#incident(provider, failure, performance.now() - started);
      // Paid but not recorded: the order (with its payment reference) is kept and delivered later.
      if (failure.code !== FailureKind.OrderRejected) await this.#queue.enqueue(config, order);
    }
  }

  /** An order the shop could not record is kept on the device instead of lost. */
  async #keep(order: Order): Promise<void> {
    if (!(await this.#queue.enqueue(this.#config!, order))) return; // storage refused: the retry button stays
    this.#committed = order;
    this.#phase = 'queued';
    this.#focusResult = true;
    this.requestUpdate();
  }

  /** `offline-orders`: every method is down, the shopper reserves the order to pay later. */
  #reserve = async (): Promise<void> => {
    if (this.#phase !== 'choosing' || !this.#config) return;
    const order = (this.#committed = this.#order('pay-later'));
    this.#phase = 'paying';
    this.requestUpdate();
    await this.#keep(order);
    if (this.#phase === 'paying') {
      this.#phase = 'choosing';
      this.#committed = undefined;
    }
    this.requestUpdate();
  };

  #incident(provider: ProviderId, error: RelaisError, latencyMs: number): void {
    const at = new Date().toISOString();
    const detail = { provider, kind: error.code, reason: error.message, latencyMs: Math.round(latencyMs), orderId: this.#orderId(), at };
    this.#incidents.add(detail);
    void this.#memory?.failure(provider, error.code);
    if (this.#config?.incidentBeacon) sendIncident(this.#config.endpoint, detail);
    emit(this, 'relais-incident', detail);
  }

  /**
   * Verifies a payment whose answer was lost. Paid, declined or processing: that is the outcome.
   * Unpaid and cancelled by the merchant: nothing was charged, the next method is offered.
   * Still unknown: the shopper keeps seeing "being verified", and a later visit verifies again.
   */
  async #verify(provider: Provider, order: Order): Promise<void> {
    const started = performance.now();
    const { verify } = await import('./failover/verification.js');
    const outcome = await verify(provider, this.#context(order), new AbortController().signal).catch(() => undefined);
    if (!outcome || outcome.status === 'outcome-unknown' || !this.#config) return;
    if (outcome.status !== 'unavailable') return this.#settle(provider.id, order, outcome, performance.now() - started);
    this.#phase = 'choosing';
    this.#committed = undefined;
    this.#outcome = undefined;
    this.#failover.fail(provider.id, outcome.error, performance.now() - started);
    const t = this.#messages;
    const to = this.#failover.active;
    if (to) this.#notice = t.cancelledSwitched(t.methods[provider.id], t.methods[to]);
    this.requestUpdate();
  }

  /** The incidents this checkout observed (the last 100), for the merchant to export. */
  exportIncidents(format: 'json' | 'csv' = 'json'): string {
    return format === 'csv' ? this.#incidents.toCSV() : JSON.stringify(this.#incidents.toJSON());
  }

  /**
   * Starts the methods: remembered failures and the merchant's health feed first decide which
   * ones are not even requested, then the first usable one loads.
   */
  async #start(config: CheckoutConfig): Promise<void> {
    const attempt = (this.#starting = {});
    void this.#queue.open(config); // also delivers orders an earlier visit kept
    // The plan is advice: without it (chunk or IndexedDB failing) every method is simply tried.
    const planning = import('./failover/start-plan.js').then(({ planStart }) => planStart(config)).catch(() => undefined);
    if (await this.#verifyEarlier(config)) return;
    const plan: StartPlan | undefined = await planning;
    if (attempt !== this.#starting || this.#config !== config || !this.isConnected || this.#phase !== 'choosing') return;
    this.#memory = plan?.memory;
    this.#failover.start(config, plan?.skip);
    const notice = plan && startNotice(config, plan, this.#failover.active, this.#messages);
    if (notice) this.#notice = notice;
    this.requestUpdate();
    plan?.lateHealth?.then((report) => {
      if (report && attempt === this.#starting) this.#failover.skipIdle(report.skip);
    });
  }

  /**
   * A payment of this shop left unverified by an earlier visit (the answer was lost, the shopper
   * closed the page) is verified before anything is offered: paid, it is shown; unpaid, the
   * shopper pays the same order by any method.
   */
  async #verifyEarlier(config: CheckoutConfig): Promise<boolean> {
    // An order id the merchant set is the merchant's: never replaced by one from another visit.
    if (!this.#ownOrderId) return false;
    const cart = { amount: config.amount, currency: config.currency };
    const earlier = await import('./failover/verification.js')
      .then(({ verifyEarlier }) => verifyEarlier(config.endpoint, cart, new AbortController().signal))
      .catch(() => undefined);
    if (!earlier || Date.now() - earlier.payment.at > 24 * 3_600_000) return false;
    const { payment, outcome } = earlier;
    // Unpaid: nothing to show, and the shopper pays under this visit's own order id.
    if (outcome.status === 'declined' || outcome.status === 'unavailable' || outcome.status === 'not-recorded') return false;
    this.orderId = payment.orderId;
    this.#settle(payment.provider, (this.#committed = this.#order(payment.provider)), outcome, 0);
    return true;
  }

  override render() {
    const t = this.#messages;
    return html`
      <section class="base" part="base" lang=${t.locale} aria-label=${t.heading}>
        <p class="notice" part="notice" role="status">${this.#notice}</p>
        ${this.#config
          ? this.#renderCheckout(this.#config)
          : this.#issues.length
            ? html`<p class="alert" part="error" role="alert">${t.configError}</p>`
            : nothing}
      </section>
    `;
  }

  #renderCheckout(config: CheckoutConfig) {
    const t = this.#messages;
    const outcome = this.#outcome;
    if ((this.#phase === 'pending' || this.#phase === 'succeeded') && outcome) {
      const placed = outcome.status === 'pending' ? outcome.instructions : undefined;
      const recorded = this.#queue.states.get(this.#orderId());
      const details = placed ? this.#instructions(this.#payer, config, placed) : renderRecordState(outcome, recorded, t);
      return renderResult({ outcome, orderId: this.#orderId(), details }, t);
    }
    if (this.#phase === 'verifying') return html`<p class="loading">${t.verifying}</p>`;
    if (this.#phase === 'queued' && this.#committed) return this.#renderQueued(config, this.#committed);
    if (this.#failover.allUnavailable) {
      return html`<p class="alert" role="alert">${t.allUnavailable}</p>
        ${config.offlineOrders ? renderPayButton(t.queue.reserve, this.#phase !== 'choosing', this.#reserve) : nothing}`;
    }
    const entries = this.#failover.entries;
    const current = this.#failover.current;
    const ready = current?.state === ProviderState.Ready;
    const amount = formatMoney(this.#committed?.amount ?? config.amount, this.#committed?.currency ?? config.currency, t);
    return html`
      ${renderMethods(entries, current?.id, this.#phase !== 'choosing', t, (id) => this.#failover.select(id))}
      <div class="panel" part="panel" aria-busy=${current?.state === ProviderState.Loading ? 'true' : 'false'}>
        ${current?.state === ProviderState.Loading ? html`<p class="loading">${t.loading(t.methods[current.id])}</p>` : nothing}
        ${entries.map((entry) => html`<slot name=${slotName(entry.id)} ?hidden=${entry.id !== current?.id}></slot>`)}
        ${ready ? this.#instructions(current.provider, config, undefined) : nothing}
        ${this.#declined ? html`<p class="alert" role="alert">${this.#declined}</p>` : nothing}
        ${this.#phase === 'not-recorded'
          ? html`<p class="alert" role="alert">${t.notRecorded}</p>`
          : nothing}
        ${current && !current.provider?.ownsPayButton
          ? renderPayButton(this.#payLabel(current.id, amount), !ready, this.#pay, this.#phase === 'paying')
          : nothing}
      </div>
    `;
  }

  /** The order is kept on the device: what happens to it, and the transfer details meanwhile. */
  #renderQueued(config: CheckoutConfig, order: Order) {
    const bank = order.method === 'bank-transfer' ? this.#failover.entries.find((entry) => entry.id === 'bank-transfer')?.provider : undefined;
    const view: QueuedView = {
      order,
      state: this.#queue.states.get(order.orderId) ?? 'queued',
      memoryOnly: this.#queue.mode === 'memory',
      details: this.#instructions(bank, config, undefined),
      onRetry: () => void this.#queue.flush(),
    };
    return renderQueued(view, this.#messages);
  }

  #payLabel(provider: ProviderId, amount: string): string {
    const t = this.#messages;
    const bank = provider === 'bank-transfer';
    if (this.#phase === 'paying') return bank ? t.bank.placing : t.paying;
    if (this.#phase === 'not-recorded') return t.retry;
    return bank ? t.bank.placeOrder(amount) : t.pay(amount);
  }

  #instructions(provider: Provider | undefined, config: CheckoutConfig, placed: BankInstructions | undefined) {
    if (!provider?.renderInstructions) return nothing;
    return provider.renderInstructions({
      config,
      order: this.#committed ?? this.#order(provider.id),
      messages: this.#messages,
      placed,
      copied: this.#clipboard.copied,
      onCopy: async (field, label, value) => {
        if (!(await this.#clipboard.copy(field, value))) return;
        this.#notice = this.#messages.copied(label);
        this.requestUpdate();
      },
    });
  }
}
