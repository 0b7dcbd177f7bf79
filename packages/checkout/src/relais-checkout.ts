import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { ParseResult, CheckoutConfig, ConfigIssue, ProviderId } from './config.js';
import { sameProviderSetup } from './config-compare.js';
import { emit } from './events.js';
import { FailoverController, ProviderState } from './failover/orchestrator.js';
import { formatMoney, frameMessages, loadMessages, resolveLang, type Messages } from './i18n/index.js';
import { CheckoutOrder } from './checkout-order.js';
import type { CartLine, Customer, Order } from './order.js';
import { capabilitiesOf, definitionOf, methodInSentence } from './providers/registry.js';
import type { BankInstructions, Provider, ProviderContext } from './providers/provider.js';
import { busyPanel, renderChoosing, renderPayButton } from './views.js';
import type { QueuedView } from './views-after.js';
import { AfterViews } from './after-views.js';
import { CopyController } from './copy-controller.js';
import { QueueController } from './queue/queue-controller.js';
import { IncidentReporter } from './failover/incident-reporter.js';
import { changeNotice } from './failover/notices.js';
import { PaymentFlow } from './payment-flow.js';
import { styles } from './relais-checkout.styles.js';
import { attributesOf, litProperties, type AttributeProperties } from './attributes.js';

/**
 * A checkout that keeps taking money when a payment provider is down. It renders the first
 * method of `providers` that works, moves the shopper to the next one when a method's SDK or
 * API fails (saying that nothing was charged), and never switches on a decline.
 *
 * Every attribute is also a property (camelCase: `stripe-key` is `stripeKey`) and the element
 * reads them the same way, so frameworks that set properties (React 19, @lit/react) configure it.
 *
 * @summary Payment element with client-side failover between Stripe, PayPal and bank transfer.
 *
 * Its attributes are declared in `attributes.ts`, which the README's table is generated from.
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
 * @csspart panel - The active method's area, or the payment being verified (busy until the outcome).
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
 * @cssprop --relais-min-height - Height kept from the first frame while the shopper chooses, so the page does not move as a method loads (default 32rem, a card form on a phone).
 * @cssprop --relais-form-height - Height kept for the card form while it loads, and after (default 17.5rem).
 * @cssprop --relais-font - Font family (default system-ui).
 */
export class RelaisCheckout extends LitElement {
  static override styles = styles;

  static override properties = {
    ...litProperties(),
    items: { attribute: false },
    customer: { attribute: false },
    orderId: { attribute: false },
  };

  /** Cart lines sent with the order: `{name, quantity, amount}` (unit price in minor units). */
  declare items: CartLine[] | undefined;
  /** The shopper, sent with the order: `{email, name}`. */
  declare customer: Customer | undefined;
  /** The order being paid; generated (UUID) and kept for the whole attempt when not set. */
  declare orderId: string | undefined;

  #config: CheckoutConfig | undefined;
  #issues: ConfigIssue[] = [];
  #loggedIssues = '';
  /** The page's catalogue: it arrives with the first validated attributes, before anything but the frame renders. */
  #catalogue: Messages | undefined;
  get #messages(): Messages {
    return this.#catalogue!;
  }
  #notice = '';
  /** The method the shopper was last moved away from (the notice says it does not answer). */
  #movedFrom: ProviderId | undefined;
  /** Identifies the latest start, so an older one finishing late does nothing. */
  #starting: object | undefined;
  #validating: Promise<void> | undefined;
  readonly #clipboard = new CopyController(this);
  readonly #afterViews = new AfterViews(this);
  /** The order being paid: its id, its cart, and its record at the merchant. */
  readonly #checkoutOrder = new CheckoutOrder(this, () => this.#payment.busy);
  readonly #incidents = new IncidentReporter(this);
  readonly #queue = new QueueController(this, {
    queued: (orderId) => emit(this, 'relais-order-queued', { orderId }),
    delivered: (orderId) => {
      emit(this, 'relais-order-delivered', { orderId });
      const { phase, committed } = this.#payment;
      // The order's own screen says it arrived (once); the live region's "the shop does not answer" is over.
      if (phase === 'queued' && orderId === committed?.orderId) this.#notice = '';
    },
    // Paid already (elsewhere): "the shop does not answer, nothing was charged" is over too.
    paid: (orderId) => orderId === this.#payment.committed?.orderId && (this.#notice = ''),
  });

  /** The element's time on the page: aborted when it leaves, so nothing it started goes on. */
  #lifetime = new AbortController();

  readonly #failover = new FailoverController(this, (id) => this.createProvider(id), {
    context: () => this.#payment.context(this.#order(this.#failover.active ?? 'pay-later')),
    ready: (provider) => emit(this, 'relais-ready', { provider, orderId: this.#checkoutOrder.id() }),
    available: (provider) => {
      this.#incidents.worked(provider);
      // The method the notice says does not answer arrived late: the notice must not say so any more.
      if (provider === this.#movedFrom && provider !== this.#failover.active) {
        this.#movedFrom = undefined;
        this.#notice = this.#messages.lateReady(methodInSentence(provider, this.#messages));
      }
    },
    change: (detail) => {
      const notice = changeNotice(detail, this.#messages);
      if (notice !== undefined) this.#notice = notice;
      if (detail.reason !== 'shopper-choice' && detail.reason !== 'recovered') this.#movedFrom = detail.from ?? undefined;
      emit(this, 'relais-provider-change', detail);
    },
    incident: (provider, error, latencyMs) => this.#incidents.report(this.#config, this.#checkoutOrder.id(), provider, error, latencyMs),
    paying: () => this.#payment.busy,
  });

  readonly #payment: PaymentFlow = new PaymentFlow(this, {
    order: this.#checkoutOrder,
    create: (id) => this.createProvider(id),
    restart: (config) => void this.#start(config),
    notify: (text) => (this.#notice = text),
    failover: this.#failover,
    queue: this.#queue,
    incidents: this.#incidents,
  });

  /** The configuration after validation; `undefined` while an attribute is invalid. */
  get config(): CheckoutConfig | undefined {
    return this.#config;
  }

  /** Creates the adapter for a method. Subclasses may override it (tests, custom methods). */
  protected createProvider(id: ProviderId): Provider | Promise<Provider> {
    return definitionOf(id)!.load();
  }

  override connectedCallback(): void {
    if (this.#lifetime.signal.aborted) this.#lifetime = new AbortController();
    super.connectedCallback();
    this.#payment.connected(this.#lifetime.signal);
    // Moving the element in the DOM disconnects it, which stops every provider: start again.
    if (this.#config && !this.#failover.entries.length && this.#payment.phase === 'choosing') void this.#start(this.#config);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#lifetime.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The cart is checked with the configuration: an invalid line is a configuration error too.
    const configChanged = [...changed.keys()].some((key) => key !== 'orderId');
    if (configChanged || !this.hasUpdated) this.#configure();
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
    // The result's view may still be loading: the focus waits for its title.
    const title = this.#payment.focusResult ? this.renderRoot.querySelector<HTMLElement>('.result .title') : null;
    if (title) {
      this.#payment.focusResult = false;
      title.focus();
    }
  }

  #configure(): void {
    // The checks (a chunk) and the page's catalogue are fetched at once: the language is known
    // from the attributes before they are checked.
    const attributes = attributesOf(this);
    const doc = this.ownerDocument;
    const lang = resolveLang(attributes.lang ?? null, doc.documentElement?.lang);
    const catalogue = loadMessages(lang);
    catalogue.catch(() => {}); // awaited below; a failure is handled there
    const validating = import('./config.js').then(async ({ validateConfig, describeIssues }) => {
      const result = await validateConfig(attributes, doc, this);
      const wanted = result.ok ? result.config.lang : result.lang;
      const messages = await (wanted === lang ? catalogue : loadMessages(wanted));
      // Only the latest attributes count: an older validation may finish after a newer one.
      if (this.#validating !== validating) return;
      this.#validating = undefined;
      this.#apply(result, messages, describeIssues);
      this.requestUpdate();
    }).catch(() => {
      // The checks or every catalogue could not be fetched (nor could a method's chunk): the frame stays empty.
      if (this.#validating === validating) this.#validating = undefined;
    });
    this.#validating = validating;
  }

  #apply(result: ParseResult, messages: Messages, describe: (issues: ConfigIssue[]) => string): void {
    if (!result.ok) {
      this.#reportIssues(result.issues, describe);
      // An order in progress or paid keeps its configuration: a cart emptied after paying (a
      // common merchant reaction) must not replace the receipt or lose the paid order.
      if (this.#payment.phase !== 'choosing') return;
      this.#catalogue = messages;
      this.#issues = result.issues;
      this.#config = undefined;
      this.#payment.use(undefined, messages);
      this.#failover.stop();
      return;
    }
    const previous = this.#config;
    this.#config = result.config;
    this.#issues = [];
    this.#loggedIssues = '';
    this.#catalogue = messages;
    this.#payment.use(result.config, messages);
    // An order in progress keeps its snapshot and its provider: nothing restarts under it.
    if (this.#payment.phase !== 'choosing') return;
    if (!previous && this.#payment.resumeRedirect(result.config)) return;
    this.#checkoutOrder.id(); // one id for the whole attempt, from the first valid configuration on
    if (!previous || !sameProviderSetup(previous, result.config) || !this.#failover.entries.length) {
      void this.#start(result.config);
    } else if (previous.amount !== result.config.amount || previous.currency !== result.config.currency) {
      const current = this.#failover.current;
      if (current?.state === ProviderState.Ready) current.provider?.update?.(this.#payment.context(this.#order(current.id)));
    }
  }

  #reportIssues(issues: ConfigIssue[], describe: (issues: ConfigIssue[]) => string): void {
    const key = JSON.stringify(issues);
    if (key === this.#loggedIssues) return;
    this.#loggedIssues = key;
    console.error(describe(issues));
    emit(this, 'relais-config-error', { issues });
  }

  #order(method: string): Order {
    return this.#checkoutOrder.build(this.#config!, method);
  }

  /** The incidents this checkout observed (the last 100), for the merchant to export. */
  exportIncidents(format: 'json' | 'csv' = 'json'): string {
    return this.#incidents.export(format);
  }

  /**
   * Starts the methods: remembered failures and the merchant's health feed first decide which
   * ones are not even requested, then the first usable one loads.
   */
  async #start(config: CheckoutConfig): Promise<void> {
    const attempt = (this.#starting = {});
    void this.#queue.open(config); // also delivers orders an earlier visit kept
    // The plan is advice: without it (chunk or IndexedDB failing) every method is simply tried.
    const planning = import('./failover/start-plan.js').then(async ({ planStart, startNotice }) => ({ ...(await planStart(config)), startNotice })).catch(() => undefined);
    if (await this.#payment.verifyEarlier(config)) return;
    const plan = await planning;
    if (attempt !== this.#starting || this.#config !== config || !this.isConnected || this.#payment.phase !== 'choosing') return;
    this.#incidents.memory = plan?.memory;
    this.#failover.start(config, plan?.skip);
    this.#afterViews.prefetch();
    this.#payment.prefetch();
    const notice = plan?.startNotice(config, plan, this.#failover.active, this.#messages);
    if (notice) this.#notice = notice;
    this.requestUpdate();
    plan?.lateHealth?.then((report) => {
      if (report && attempt === this.#starting) this.#failover.skipIdle(report.skip);
    });
  }

  override render() {
    const frame = this.#catalogue ?? frameMessages;
    return html`
      <div class=${this.#reserving() ? 'base reserve' : 'base'} part="base" role="group" lang=${frame.locale} aria-label=${frame.heading}>
        <p class="notice" part="notice" role="status">${this.#notice}</p>
        ${this.#config
          ? this.#renderCheckout(this.#config)
          : this.#issues.length
            ? html`<p class="alert" part="error" role="alert">${this.#messages.configError}</p>`
            : nothing}
      </div>
    `;
  }

  /**
   * Whether the element keeps its reserved height: from the first frame (before its
   * configuration is even read) for as long as the shopper chooses and pays, so that a method
   * loading, or the next one replacing it, does not push the page down. Not for a result or a
   * configuration error, which replace the form and come after the shopper acted or never load.
   */
  #reserving(): boolean {
    if (!this.#config) return this.#issues.length === 0;
    const { phase } = this.#payment;
    return phase === 'choosing' || phase === 'paying' || phase === 'not-recorded';
  }

  #renderCheckout(config: CheckoutConfig) {
    const t = this.#messages;
    const { phase, outcome, committed, declined } = this.#payment;
    // A result or a kept order is drawn by views fetched after the first render (nearly always there by now).
    const showsAfter = ((phase === 'pending' || phase === 'succeeded') && outcome) || (phase === 'queued' && committed);
    const after = showsAfter ? this.#afterViews.get() : undefined;
    if (showsAfter && !after) return busyPanel(nothing);
    if ((phase === 'pending' || phase === 'succeeded') && outcome && after) {
      const { renderRecordState, renderResult } = after;
      const placed = outcome.status === 'pending' ? outcome.instructions : undefined;
      const recorded = this.#queue.states.get(this.#checkoutOrder.id());
      const details = placed ? this.#instructions(this.#payment.payer, config, placed) : renderRecordState(outcome, recorded, navigator.onLine, t);
      return renderResult({ outcome, orderId: this.#checkoutOrder.id(), details }, t);
    }
    if (phase === 'verifying') return busyPanel(t.verifying);
    if (phase === 'queued' && committed && after) return this.#renderQueued(config, committed, after.renderQueued);
    if (this.#failover.allUnavailable) {
      // The shop's own API is what failed: the shopper is told so, not that every provider is down.
      const alert = !this.#failover.merchantDown ? t.allUnavailable : config.offlineOrders ? t.shopUnavailableReserve : t.shopUnavailableNone;
      return html`<p class="alert" role="alert">${alert}</p>
        ${config.offlineOrders ? renderPayButton(t.queue.reserve, phase !== 'choosing', this.#payment.reserve) : nothing}`;
    }
    const { entries, current } = this.#failover;
    return renderChoosing({
      entries, current, phase, declined,
      amount: formatMoney(committed?.amount ?? config.amount, committed?.currency ?? config.currency, t),
      instructions: current?.state === ProviderState.Ready ? this.#instructions(current.provider, config, undefined) : nothing,
      onSelect: (id) => this.#failover.select(id),
      onPay: this.#payment.pay,
    }, t);
  }

  /** The order is kept on the device: what happens to it, and the transfer details meanwhile. */
  #renderQueued(config: CheckoutConfig, order: Order, renderQueued: (view: QueuedView, t: Messages) => unknown) {
    // The kept order's method draws its details (bank transfer: the account to pay to meanwhile).
    const own = this.#failover.entries.find((entry) => entry.id === order.method)?.provider;
    const bank = own && capabilitiesOf(order.method, own).showsInstructions ? own : undefined;
    const view: QueuedView = {
      order,
      state: this.#queue.states.get(order.orderId) ?? 'queued',
      memoryOnly: this.#queue.mode === 'memory',
      online: navigator.onLine,
      details: this.#instructions(bank, config, undefined, true),
    };
    return renderQueued(view, this.#messages);
  }

  #instructions(provider: Provider | undefined, config: CheckoutConfig, placed: BankInstructions | undefined, kept = false) {
    if (!provider?.renderInstructions) return nothing;
    return provider.renderInstructions({
      config,
      order: this.#payment.committed ?? this.#order(provider.id),
      messages: this.#messages,
      placed,
      kept,
      copied: this.#clipboard.copied,
      onCopy: async (field, label, value) => {
        if (!(await this.#clipboard.copy(field, value))) return;
        this.#notice = this.#messages.copied(label);
        this.requestUpdate();
      },
    });
  }
}

// The attribute properties' types come from their declarations: an interface, because class
// fields would shadow Lit's accessors. `lang` keeps HTMLElement's own type.
export interface RelaisCheckout extends Omit<AttributeProperties, keyof HTMLElement> {}
