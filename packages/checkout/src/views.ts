/**
 * The element's templates, as functions of what they show. The element owns the state and the
 * flow; these only turn it into markup (and stay easy to read next to the styles).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ProviderId } from './config.js';
import { ProviderState, type ProviderEntry } from './failover/orchestrator.js';
import type { Messages } from './i18n/index.js';
import { formatCreditorReference } from './providers/bank-transfer/creditor-reference.js';
import type { PaymentOutcome } from './providers/provider.js';

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
        <input type="radio" name="method" .checked=${entry.id === current}
          ?disabled=${busy || entry.state === ProviderState.Unavailable}
          @change=${() => onSelect(entry.id)} />
        ${t.methods[entry.id]}
        ${entry.state === ProviderState.Unavailable ? html`<span class="hint">(${t.unavailableBadge})</span>` : nothing}
      </label>`,
    )}
  </fieldset>`;
}

export function renderPayButton(label: string, disabled: boolean, onClick: () => void): TemplateResult {
  return html`<button type="button" class="pay" part="pay-button" ?disabled=${disabled} @click=${onClick}>${label}</button>`;
}

export interface ResultView {
  outcome: PaymentOutcome;
  orderId: string;
  amount: string;
  bankDetails: TemplateResult | typeof nothing;
}

/** After paying: success, pending transfer, or a payment being verified. Focus moves to its title. */
export function renderResult({ outcome, orderId, amount, bankDetails }: ResultView, t: Messages): TemplateResult {
  const instructions = outcome.status === 'pending' ? outcome.instructions : undefined;
  const title = outcome.status === 'succeeded' ? t.succeeded : instructions ? t.bank.pendingHeading : t.verifying;
  return html`
    <div class="result ${outcome.status}" part="result">
      <p class="title" tabindex="-1">${title}</p>
      ${instructions ? html`<p>${t.bank.pendingBody(amount, formatCreditorReference(instructions.reference))}</p>` : nothing}
      <p><span class="hint">${t.orderNumber}</span> <span class="value" translate="no">${orderId}</span></p>
      ${bankDetails}
    </div>
  `;
}
