/**
 * Bank transfer: the method that needs no third-party script, so the last resort that always
 * works. Paying means recording the order with the merchant (`POST {endpoint}/orders`); the
 * shopper then sends the transfer with the RF reference derived from the order id.
 */
import { postJson } from '../api.js';
import { FailureKind, RelaisError } from '../errors.js';
import { html, nothing, type TemplateResult } from 'lit';
import { formatMoney } from '../i18n/index.js';
import type { Order } from '../order.js';
import type { BankInstructions, InstructionsView, PaymentOutcome, Provider, ProviderContext } from './provider.js';
import { creditorReference, formatCreditorReference } from './bank-transfer/creditor-reference.js';
import { renderBankDetails } from './bank-transfer-view.js';

/** The merchant's answer to `POST /orders` (see @relais/server). */
interface OrderAnswer {
  orderId: string;
  status: string;
  reference?: string;
  bankTransfer?: Partial<BankInstructions>;
}

export class BankTransferProvider implements Provider {
  readonly id = 'bank-transfer' as const;

  async load(): Promise<void> {}

  async mount(): Promise<void> {}

  async pay({ config, order }: ProviderContext, signal: AbortSignal): Promise<PaymentOutcome> {
    const reference = order.reference ?? creditorReference(order.orderId);
    const sent: Order = { ...order, method: this.id, reference };
    try {
      const answer = await postJson<OrderAnswer>(`${config.endpoint}/orders`, sent, { idempotencyKey: order.orderId, signal });
      if (!answer.ok) {
        const error = new RelaisError(FailureKind.OrderRejected, `The shop refused the order (${answer.status})`, {
          provider: this.id,
          status: answer.status,
          cause: answer.body,
        });
        return { status: 'not-recorded', error, sent };
      }
      return {
        status: 'pending',
        reason: 'awaiting-transfer',
        reference,
        instructions: instructionsFrom(answer.body, config.bank, reference),
      };
    } catch (error) {
      if (signal.aborted) throw error;
      return { status: 'not-recorded', error: error as RelaisError, sent };
    }
  }

  renderInstructions({ config, order, messages: t, placed, kept, copied, onCopy }: InstructionsView): TemplateResult {
    // Before the shop accepted the order its account is not shown: the shop may give a dedicated
    // account per order, and a transfer sent to the default one for a refused order is money to
    // chase. An order kept on the device shows the default account, said to be unconfirmed.
    if (!placed && !kept) return html`<p class="hint">${t.bank.intro}</p>`;
    const defaults = config.bank && { ...config.bank, reference: creditorReference(order.orderId) };
    const instructions = placed ?? defaults;
    const details = instructions
      ? renderBankDetails({ instructions, amount: order.amount, currency: order.currency, messages: t, copied, onCopy })
      : nothing;
    if (!placed) return html`<p class="hint">${t.bank.keptIntro}</p>${details}`;
    const amount = formatMoney(order.amount, order.currency, t);
    return html`<p>${t.bank.pendingBody(amount, formatCreditorReference(placed.reference))}</p>${details}`;
  }

  destroy(): void {}
}

/** Per-order details from the server (e.g. a dedicated IBAN) replace the attribute defaults. */
function instructionsFrom(
  answer: OrderAnswer,
  defaults: ProviderContext['config']['bank'],
  reference: string,
): BankInstructions | undefined {
  const fromServer = answer.bankTransfer ?? {};
  const iban = fromServer.iban ?? defaults?.iban;
  const beneficiary = fromServer.beneficiary ?? defaults?.beneficiary;
  if (!iban || !beneficiary) return undefined;
  return {
    iban,
    beneficiary,
    bic: fromServer.iban ? fromServer.bic : (fromServer.bic ?? defaults?.bic),
    reference: fromServer.reference ?? answer.reference ?? reference,
  };
}
