/**
 * Card form rules of the sandbox Payment Element. The typed card number is only ever turned into
 * a test PaymentMethod id here, in the page: like Stripe's test PaymentMethods, nothing that looks
 * like a PAN is sent anywhere (PCI: the merchant's origin must never see card data on the wire).
 */
import type { StripeError } from '@stripe/stripe-js';

/** README "Fake provider API" table: card number -> test PaymentMethod. */
export const TEST_CARDS: Readonly<Record<string, string>> = {
  '4242424242424242': 'pm_card_visa',
  '4000000000000002': 'pm_card_visa_chargeDeclined',
  '4000000000009995': 'pm_card_visa_chargeDeclinedInsufficientFunds',
  '4000002760003184': 'pm_card_authenticationRequired',
  '4000000000000119': 'pm_card_chargeDeclinedProcessingError',
};

export interface CardInput {
  number: string;
  /** As typed: "MM / YY", "MM/YY" or "MMYY". */
  expiry: string;
  cvc: string;
}

const digits = (value: string): string => value.replace(/\D/g, '');

export function luhnValid(number: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = number.length - 1; i >= 0; i--) {
    let d = Number(number[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return number.length > 0 && sum % 10 === 0;
}

/** American Express numbers have 15 digits and a 4-digit CVC; the sandbox treats the rest as 16/3. */
function isAmex(number: string): boolean {
  return /^3[47]/.test(number);
}

/** The test PaymentMethod for a card number, or null when it is not a valid card number. */
export function paymentMethodFor(cardNumber: string): string | null {
  const number = digits(cardNumber);
  const known = TEST_CARDS[number];
  if (known) return known;
  return number.length >= 13 && number.length <= 19 && luhnValid(number) ? 'pm_card_visa' : null;
}

function validation(code: string, message: string, param: string): StripeError {
  return { type: 'validation_error', code, message, param };
}

/** Stripe's first validation error for the form (codes and wording as Stripe.js reports them), or null. */
export function validateCard(card: CardInput, now: Date = new Date()): StripeError | null {
  const number = digits(card.number);
  const wanted = isAmex(number) ? 15 : 16;
  if (number.length < wanted) return validation('incomplete_number', 'Your card number is incomplete.', 'number');
  if (number.length > 19 || paymentMethodFor(number) === null) {
    return validation('invalid_number', 'Your card number is invalid.', 'number');
  }

  const expiry = digits(card.expiry);
  if (expiry.length < 4) return validation('incomplete_expiry', "Your card's expiration date is incomplete.", 'expiry');
  const month = Number(expiry.slice(0, 2));
  const year = 2000 + Number(expiry.slice(2, 4));
  if (month < 1 || month > 12) return validation('invalid_expiry_month', "Your card's expiration month is invalid.", 'expiry');
  const thisYear = now.getFullYear();
  if (year < thisYear) return validation('invalid_expiry_year_past', "Your card's expiration year is in the past.", 'expiry');
  if (year === thisYear && month < now.getMonth() + 1) {
    return validation('invalid_expiry_month_past', "Your card's expiration date is in the past.", 'expiry');
  }

  const cvc = digits(card.cvc);
  if (cvc.length < (isAmex(number) ? 4 : 3)) return validation('incomplete_cvc', "Your card's security code is incomplete.", 'cvc');
  return null;
}

export function isEmpty(card: CardInput): boolean {
  return digits(card.number + card.expiry + card.cvc) === '';
}

/** "4242424242424242" -> "4242 4242 4242 4242", as the shopper types. */
export function formatNumber(value: string): string {
  return digits(value).slice(0, 19).replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** "1234" -> "12 / 34". */
export function formatExpiry(value: string): string {
  const d = digits(value).slice(0, 4);
  return d.length > 2 ? `${d.slice(0, 2)} / ${d.slice(2)}` : d;
}
