/**
 * The element's templates, as functions of what they show. The element owns the state and the
 * flow; these only turn it into markup (and stay easy to read next to the styles).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ProviderId } from './config.js';
import { ProviderState, slotName, type ProviderEntry } from './failover/orchestrator.js';
import type { Messages } from './i18n/index.js';
import type { Phase } from './payment-flow.js';
import { capabilitiesOf, methodInSentence, methodLabel } from './providers/registry.js';

/** The list of methods as radio buttons: the shopper can always see and pick another one. */
export function renderMethods(
  entries: readonly ProviderEntry[],
  current: ProviderId | undefined,
  busy: boolean,
  t: Messages,
  onSelect: (id: ProviderId) => void,
): TemplateResult | typeof nothing {
  // Card processors are one choice, "Card", served by whichever works now: the shopper picks a way
  // to pay, not a processor (and two radios of one name would be one too many for a screen reader).
  const cards = entries.filter((entry) => capabilitiesOf(entry.id).cardProcessor);
  const card = cards.find((entry) => entry.id === current) ?? cards.find((entry) => entry.state !== ProviderState.Unavailable) ?? cards[0];
  const shown = entries.filter((entry) => !cards.includes(entry) || entry === card);
  if (shown.length < 2) return nothing;
  return html`<fieldset part="methods">
    <legend>${t.methodsLabel}</legend>
    ${shown.map(
      (entry) => html`<label class="method">
        <input type="radio" name="method" value=${entry.id} .checked=${entry.id === current}
          ?disabled=${busy || entry.state === ProviderState.Unavailable}
          @change=${() => onSelect(entry.id)} />
        ${methodLabel(entry.id, t)}
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
  // A method that shows its own instructions places the order; the shopper pays afterwards.
  const bank = capabilitiesOf(provider).showsInstructions;
  if (phase === 'paying') return bank ? t.bank.placing : t.paying;
  if (phase === 'not-recorded') return t.retry;
  return bank ? t.bank.placeOrder(amount) : t.pay(amount);
}

export function renderPayButton(label: string, disabled: boolean, onClick: () => void, busy = false): TemplateResult {
  return html`<button type="button" class="pay" part="pay-button" ?disabled=${disabled} aria-disabled=${busy ? 'true' : 'false'}
    @click=${onClick}>${label}</button>`;
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
  const can = current && capabilitiesOf(current.id, current.provider);
  // No method yet: the checkout is still starting (reading the device for a payment to verify
  // first), so the panel is about to change, not empty for good.
  const starting = entries.length === 0;
  return html`
    ${renderMethods(entries, current?.id, phase !== 'choosing', t, onSelect)}
    <div class="panel" part="panel" aria-busy=${loading || starting ? 'true' : 'false'}>
      <div class=${loading || can?.cardProcessor ? 'stage reserve' : 'stage'}>
        ${loading ? html`<p class="loading">${t.loading(methodInSentence(current.id, t))}</p>` : nothing}
        ${entries.map((entry) => html`<slot name=${slotName(entry.id)} ?hidden=${entry.id !== current?.id}></slot>`)}
      </div>
      ${instructions}
      ${declined ? html`<p class="alert" role="alert">${declined}</p>` : nothing}
      ${phase === 'not-recorded' ? html`<p class="alert" role="alert">${t.notRecorded}</p>` : nothing}
      ${current && !can!.ownsPayButton ? renderPayButton(payLabel(phase, current.id, amount, t), !ready, onPay, phase === 'paying') : nothing}
    </div>
  `;
}

/**
 * What stands in the panel while the element is about to show an outcome: the first check of a
 * payment being verified (a reload mid-payment, a return from a redirect), or the result's views
 * still on their way. Busy, as the panel is while the methods start: the text is no end state,
 * and whoever reads the page (assistive technology, the shop's scripts) waits for what follows.
 */
export function busyPanel(text: string | typeof nothing): TemplateResult {
  return html`<div class="panel" part="panel" aria-busy="true"><p class="loading">${text}</p></div>`;
}
