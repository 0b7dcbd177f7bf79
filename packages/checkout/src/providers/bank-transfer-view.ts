/**
 * The bank-transfer instructions as the shopper reads them: grouped for reading, copied without
 * spaces, with an EPC QR code their banking app can scan (EUR only: it is a SEPA standard).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { currencyExponent, formatMoney, type Messages } from '../i18n/index.js';
import { epcPayload } from './bank-transfer/epc-qr.js';
import { formatCreditorReference } from './bank-transfer/creditor-reference.js';
import { formatIban } from './bank-transfer/iban.js';
import { qrMatrix, renderQr } from './bank-transfer/qr.js';
import type { BankInstructions } from './provider.js';

export interface BankViewOptions {
  instructions: BankInstructions;
  amount: number;
  currency: string;
  messages: Messages;
  /** The field whose value was just copied, to confirm it on its button. */
  copied: string | undefined;
  onCopy(field: string, label: string, value: string): void;
}

export function renderBankDetails(options: BankViewOptions): TemplateResult {
  const { instructions, amount, currency, messages: t } = options;
  const plainAmount = (amount / 10 ** currencyExponent(currency)).toFixed(currencyExponent(currency));
  const row = (field: string, label: string, shown: string, copyValue?: string) => html`
    <div class="row">
      <dt>${label}</dt>
      <dd>
        <span class="value" translate="no">${shown}</span>
        ${copyValue === undefined
          ? nothing
          : html`<button type="button" part="copy-button" class="copy" aria-label=${t.copyField(label)}
              @click=${() => options.onCopy(field, label, copyValue)}>
              ${options.copied === field ? t.copied(label) : t.copy}
            </button>`}
      </dd>
    </div>`;
  return html`
    <div class="bank" part="bank-details">
      <dl>
        ${row('beneficiary', t.bank.beneficiary, instructions.beneficiary)}
        ${row('iban', t.bank.iban, formatIban(instructions.iban), instructions.iban)}
        ${instructions.bic ? row('bic', t.bank.bic, instructions.bic, instructions.bic) : nothing}
        ${row('amount', t.bank.amount, formatMoney(amount, currency, t), plainAmount)}
        ${row('reference', t.bank.reference, formatCreditorReference(instructions.reference), instructions.reference)}
      </dl>
      <p class="hint">${t.bank.referenceHint}</p>
      ${renderEpcQr(options)}
    </div>`;
}

function renderEpcQr({ instructions, amount, currency, messages: t }: BankViewOptions): TemplateResult {
  const epc = epcPayload({
    bic: instructions.bic,
    beneficiary: instructions.beneficiary,
    iban: instructions.iban,
    amountMinor: amount,
    currency,
    reference: instructions.reference,
  });
  if (!epc.ok) {
    const why = epc.reason === 'currency-not-eur' ? t.bank.qrUnavailable(currency) : t.bank.qrUnavailableAccount;
    return html`<p class="hint" part="qr-unavailable">${why}</p>`;
  }
  return html`
    <figure class="qr" part="qr">
      ${renderQr(qrMatrix(epc.payload), t.bank.qrLabel)}
      <figcaption>${t.bank.qrHint}</figcaption>
    </figure>`;
}
