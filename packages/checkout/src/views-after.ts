/**
 * The views shown once the shopper has acted: the result of a payment, and an order kept on the
 * device. A chunk of their own (`AfterViews` fetches it after the first render): the first render
 * only needs the methods and the pay button (views.ts).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Messages } from './i18n/index.js';
import type { Order } from './order.js';
import type { PaymentOutcome } from './providers/provider.js';
import type { QueuedState } from './queue/queue-controller.js';

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
  // Refused as paid already: the order is paid, which the result above says.
  if (state === 'paid') return nothing;
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
  const title = { queued: kept, delivered: t.queue.delivered, failed, expired, paid: t.queue.alreadyPaid }[state];
  // Paid already (another tab or device paid while this order was kept): the paid result, and
  // no transfer details left to pay a second time with.
  const paid = state === 'paid';
  return html`
    <div class="result ${paid ? 'succeeded' : state}" part="result">
      <p class="title" tabindex="-1" aria-live="polite">${title}</p>
      ${reserved && state === 'delivered' ? html`<p>${t.queue.reserved}</p>` : nothing}
      ${reserved && state === 'queued' ? html`<p>${online ? t.queue.keptShopDown : t.queue.keptOffline}</p>` : nothing}
      ${memoryOnly ? html`<p class="alert" role="alert">${t.queue.memoryOnly}</p>` : nothing}
      <p><span class="hint">${t.orderNumber}</span> <span class="value" translate="no">${order.orderId}</span></p>
      ${paid ? nothing : details}
    </div>
  `;
}
