/**
 * Bank transfer: the method that needs no third-party script, so the last resort that always
 * works. Paying means recording the order with the merchant (`POST {endpoint}/orders`); the
 * shopper then sends the transfer with the RF reference derived from the order id.
 */
import { postJson } from '../api.js';
import { FailureKind, RelaisError } from '../errors.js';
import type { BankInstructions, PaymentOutcome, Provider, ProviderContext } from './provider.js';
import { creditorReference } from './bank-transfer/creditor-reference.js';

/** The merchant's answer to `POST /orders` (see @relais/server). */
interface OrderAnswer {
  orderId: string;
  status: string;
  reference?: string;
  bankTransfer?: Partial<BankInstructions>;
}

export class BankTransferProvider implements Provider {
  readonly id = 'bank-transfer' as const;
  readonly needsMountPoint = false;
  readonly ownsPayButton = false;

  async load(): Promise<void> {}

  async mount(): Promise<void> {}

  async pay({ config, order }: ProviderContext, signal: AbortSignal): Promise<PaymentOutcome> {
    const reference = order.reference ?? creditorReference(order.orderId);
    try {
      const answer = await postJson<OrderAnswer>(
        `${config.endpoint}/orders`,
        { ...order, method: this.id, reference },
        { idempotencyKey: order.orderId, signal },
      );
      if (!answer.ok) {
        const error = new RelaisError(FailureKind.OrderRejected, `The shop refused the order (${answer.status})`, {
          provider: this.id,
          status: answer.status,
          cause: answer.body,
        });
        return { status: 'not-recorded', error };
      }
      return {
        status: 'pending',
        reason: 'awaiting-transfer',
        reference,
        instructions: instructionsFrom(answer.body, config.bank, reference),
      };
    } catch (error) {
      if (signal.aborted) throw error;
      return { status: 'not-recorded', error: error as RelaisError };
    }
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
