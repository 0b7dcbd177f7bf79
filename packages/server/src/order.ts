/**
 * The order as the merchant API records it. Its shape and rules are `@relais/contracts`' (the
 * element and the page's queue use the same ones); what is here is the server's own side: the
 * statuses an order moves through and the answer `POST /orders` gives.
 */
import type { Order, PaymentMethod } from '@relais/contracts';

export {
  checkOrder, isCurrencyCode, isMinorAmount, isOrderId, PaymentMethod,
  type Customer, type Order, type OrderCheck, type OrderItem,
} from '@relais/contracts';

export const OrderStatus = {
  /** Recorded; no payment of it is known (none started, or one that failed). */
  Pending: 'pending',
  /** Bank transfer: the shopper has the instructions, the money is not there yet. */
  PendingPayment: 'pending-payment',
  /** Reserved without payment: the merchant sends the shopper a payment link. */
  AwaitingPaymentLink: 'awaiting-payment-link',
  /**
   * A payment was reported (by the page, or money is moving at the provider) and the provider
   * could not confirm it yet. Checked again on the next call, on a webhook and on a timer. Never
   * ship on it.
   */
  Verifying: 'verifying',
  /** The server verified with the provider a payment of the recorded amount for this order. */
  Paid: 'paid',
  /** Paid, then refunded in full at the provider. */
  Refunded: 'refunded',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/** The merchant's account for one order (a dedicated IBAN per order reconciles itself). */
export interface BankAccount {
  iban: string;
  bic?: string;
  beneficiary: string;
}

export interface BankTransferInstructions extends BankAccount {
  reference?: string;
}

export interface OrderAnswer {
  orderId: string;
  status: OrderStatus;
  method: PaymentMethod;
  amount: number;
  currency: string;
  reference?: string;
  bankTransfer?: BankTransferInstructions;
}

/** The status an order starts in, from the method it was recorded with. */
export function initialStatus(order: Order): OrderStatus {
  if (order.method === 'bank-transfer') return OrderStatus.PendingPayment;
  if (order.method === 'pay-later') return OrderStatus.AwaitingPaymentLink;
  return OrderStatus.Pending;
}
