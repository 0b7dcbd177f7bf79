/**
 * The element's templates, as functions of what they show. The element owns the state and the
 * flow; these only turn it into markup (and stay easy to read next to the styles).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ProviderId } from './config.js';
import { ProviderState, slotName, type ProviderEntry } from './failover/orchestrator.js';
import type { Messages } from './i18n/index.js';
import type { Order } from './order.js';
import type { Phase } from './payment-flow.js';
import type { PaymentOutcome } from './providers/provider.js';
import type { QueuedState } from './queue/queue-controller.js';

/** The list of methods as radio buttons: the shopper can always see and pick another one. */
export function renderMethods(
  entries: readonly ProviderEntry[],
  current: ProviderId | undefined,
  busy: boolean,
  t: Messages,
  onSelect: (id: ProviderId) => void,
): TemplateResult | typeof nothing {
  if (entries.length < 2) return nothing;
  return html`<fieldset part="methods">
    <legend>${t.methodsLabel}</legend>
    ${entries.map(
      (entry) => html`<label class="method">
        <input type="radio" name="method" value=${entry.id} .checked=${entry.id === current}
          ?disabled=${busy || entry.state === ProviderState.Unavailable}
          @change=${() => onSelect(entry.id)} />
        ${t.methods[entry.id]}
        ${entry.state === ProviderState.Unavailable ? html`<span class="hint">(${t.unavailableBadge})</span>` : nothing}
      </label>`,
    )}
  </fieldset>`;
}

/**
 * While paying the button stays focusable (`aria-disabled`, the click is ignored by the element):
 * a disabled button would drop keyboard focus to the page in the middle of the payment.
 */
/** The pay button says what it will do: pay, place the order, or try again. */
export function payLabel(phase: Phase, provider: ProviderId, amount: string, t: Messages): string {
  const bank = provider === 'bank-transfer';
  if (phase === 'paying') return bank ? t.bank.placing : t.paying;
  if (phase === 'not-recorded') return t.retry;
  return bank ? t.bank.placeOrder(amount) : t.pay(amount);
}

export function renderPayButton(label: string, disabled: boolean, onClick: () => void, busy = false): TemplateResult {
  return html`<button type="button" class="pay" part="pay-button" ?disabled=${disabled} aria-disabled=${busy ? 'true' : 'false'}
    @click=${onClick}>${label}</button>`;
}

export interface ResultView {
  outcome: PaymentOutcome;
  orderId: string;
  /** What the method adds (bank-transfer instructions). */
  details: TemplateResult | typeof nothing;
}

/** After paying: success, pending transfer, or a payment being verified. Focus moves to its title. */
export function renderResult({ outcome, orderId, details }: ResultView, t: Messages): TemplateResult {
  const titles = { 'awaiting-transfer': t.bank.pendingHeading, processing: t.processing, verifying: t.verifying };
  const title = outcome.status === 'succeeded' ? t.succeeded : outcome.status === 'pending' ? titles[outcome.reason] : t.verifying;
  return html`
    <div class="result ${outcome.status}" part="result">
      <p class="title" tabindex="-1">${title}</p>
      <p><span class="hint">${t.orderNumber}</span> <span class="value" translate="no">${orderId}</span></p>
      ${details}
    </div>
  `;
}

/** A paid order the shop could not record at once: where it stands in the queue. */
export function renderRecordState(outcome: PaymentOutcome, state: QueuedState | undefined, online: boolean, t: Messages): TemplateResult | typeof nothing {
  if (!state || outcome.status !== 'succeeded') return nothing;
  // Paid: "nothing was charged" would be false; an order that never reached the shop is the
  // payment's reference to give the shop, whether it was refused or expired.
  const kept = online ? t.queue.paidKeptShopDown : t.queue.paidKeptOffline;
  const failed = t.queue.failedPaid(outcome.reference);
  const text = { queued: kept, delivered: t.queue.delivered, failed, expired: failed }[state];
  return html`<p class=${state === 'failed' || state === 'expired' ? 'alert' : 'hint'} aria-live="polite">${text}</p>`;
}

export interface QueuedView {
  order: Order;
  state: QueuedState;
  /** No IndexedDB: the order only lives while the page is open. */
  memoryOnly: boolean;
  /** `navigator.onLine`: an online shopper is told the shop does not answer, not to reconnect. */
  online: boolean;
  details: TemplateResult | typeof nothing;
}

/**
 * An order kept on the device (the shop was unreachable, or reserved to pay later). No "try again"
 * button: the queue already retries on its own (a timer, `online`, the next visit). The title is
 * the one place that says it was delivered (politely announced when it changes).
 */
export function renderQueued({ order, state, memoryOnly, online, details }: QueuedView, t: Messages): TemplateResult {
  const reserved = order.method === 'pay-later';
  const failed = order.paymentReference ? t.queue.failedPaid(order.paymentReference) : t.queue.failed;
  const kept = reserved ? t.queue.reserved : online ? t.queue.keptShopDown : t.queue.keptOffline;
  const expired = order.paymentReference ? failed : t.queue.expired;
  const title = { queued: kept, delivered: t.queue.delivered, failed, expired }[state];
  return html`
    <div class="result ${state}" part="result">
      <p class="title" tabindex="-1" aria-live="polite">${title}</p>
      ${reserved && state === 'delivered' ? html`<p>${t.queue.reserved}</p>` : nothing}
      ${reserved && state === 'queued' ? html`<p>${online ? t.queue.keptShopDown : t.queue.keptOffline}</p>` : nothing}
      ${memoryOnly ? html`<p class="alert" role="alert">${t.queue.memoryOnly}</p>` : nothing}
      <p><span class="hint">${t.orderNumber}</span> <span class="value" translate="no">${order.orderId}</span></p>
      ${details}
    </div>
  `;
}

/** What the shopper chooses and pays with: the methods, the active one's area, its pay button. */
export interface ChoosingView {
  entries: readonly ProviderEntry[];
  current: ProviderEntry | undefined;
  phase: Phase;
  declined: string | undefined;
  /** The amount as the pay button says it. */
  amount: string;
  /** The active method's own instructions (bank transfer), or nothing. */
  instructions: TemplateResult | typeof nothing;
  onSelect(id: ProviderId): void;
  onPay(): void;
}

export function renderChoosing({ entries, current, phase, declined, amount, instructions, onSelect, onPay }: ChoosingView, t: Messages): TemplateResult {
  const ready = current?.state === ProviderState.Ready;
  const loading = current?.state === ProviderState.Loading;
  return html`
    ${renderMethods(entries, current?.id, phase !== 'choosing', t, onSelect)}
    <div class="panel" part="panel" aria-busy=${loading ? 'true' : 'false'}>
      <div class=${loading || current?.id === 'stripe' || current?.id === 'adyen' ? 'stage reserve' : 'stage'}>
        ${loading ? html`<p class="loading">${t.loading(t.methodInSentence[current.id])}</p>` : nothing}
        ${entries.map((entry) => html`<slot name=${slotName(entry.id)} ?hidden=${entry.id !== current?.id}></slot>`)}
      </div>
      ${instructions}
      ${declined ? html`<p class="alert" role="alert">${declined}</p>` : nothing}
      ${phase === 'not-recorded' ? html`<p class="alert" role="alert">${t.notRecorded}</p>` : nothing}
      ${current && !current.provider?.ownsPayButton ? renderPayButton(payLabel(phase, current.id, amount, t), !ready, onPay, phase === 'paying') : nothing}
    </div>
  `;
}
