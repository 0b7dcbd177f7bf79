/**
 * The sandbox Card component's test cards: the card typed in its frame becomes a test token here,
 * in the page, standing for Adyen's client-side encrypted fields: no card number is ever sent. The
 * Stripe stand-in's test cards mean the same here (one list for the shopper), with Adyen's own.
 */
import { luhnValid } from '../stripe/cards.js';

export const ADYEN_TEST_CARDS: Readonly<Record<string, string>> = {
  '4242424242424242': 'sbx_enc_authorised',
  // Adyen's Visa test card without 3-D Secure.
  '4111111145551142': 'sbx_enc_authorised',
  '4000000000000002': 'sbx_enc_refused',
  '4000000000009995': 'sbx_enc_insufficient',
  '4000002760003184': 'sbx_enc_3ds',
  // Adyen's Visa test card with a 3-D Secure 2 challenge.
  '4212345678910006': 'sbx_enc_3ds',
};

/** The test token for a card number, or null when it is not a valid card number. */
export function tokenFor(cardNumber: string): string | null {
  const number = cardNumber.replace(/\D/g, '');
  const known = ADYEN_TEST_CARDS[number];
  if (known) return known;
  return number.length >= 13 && number.length <= 19 && luhnValid(number) ? 'sbx_enc_authorised' : null;
}
