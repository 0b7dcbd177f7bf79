/**
 * The test PaymentMethods of the sandbox README: the stand-in maps the card typed in its iframe to
 * one of these ids in the browser, so no card number ever reaches the server. The outcomes and
 * messages are Stripe's for the same test ids.
 */

export type ConfirmOutcome =
  | { kind: 'succeeded' }
  | { kind: 'requires-action' }
  | { kind: 'card-error'; code: string; declineCode?: string; message: string };

export const TEST_PAYMENT_METHODS: Readonly<Record<string, ConfirmOutcome>> = {
  pm_card_visa: { kind: 'succeeded' },
  pm_card_visa_chargeDeclined: {
    kind: 'card-error', code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.',
  },
  pm_card_visa_chargeDeclinedInsufficientFunds: {
    kind: 'card-error', code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.',
  },
  pm_card_authenticationRequired: { kind: 'requires-action' },
  pm_card_chargeDeclinedProcessingError: {
    kind: 'card-error',
    code: 'processing_error',
    message: 'An error occurred while processing your card. Try again in a little bit.',
  },
};

export function outcomeOf(paymentMethod: string): ConfirmOutcome | undefined {
  return Object.hasOwn(TEST_PAYMENT_METHODS, paymentMethod) ? TEST_PAYMENT_METHODS[paymentMethod] : undefined;
}
