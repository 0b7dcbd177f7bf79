import { randomInt } from 'node:crypto';

/**
 * Sandbox ids look like the providers' and carry a visible `sbx` mark. They keep Stripe's grammar
 * (`pi_` then letters and digits, no second underscore) because Stripe.js, and the sandbox
 * stand-in after it, split a client secret `{id}_secret_{secret}` on that grammar: `pi_sbx_…`
 * would not parse. PayPal ids are 17 upper-case characters, like PayPal's.
 */

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomString(alphabet: string, length: number): string {
  let text = '';
  // randomInt is uniform (no modulo bias): a client secret keeps its full entropy.
  for (let i = 0; i < length; i++) text += alphabet[randomInt(alphabet.length)];
  return text;
}

/** `pi_sbx3fK9…` (24 characters after `pi_`, like Stripe's). */
export const newIntentId = () => `pi_sbx${randomString(ALPHANUMERIC, 21)}`;

/** `{intentId}_secret_{24 letters and digits}`, Stripe's client secret shape. */
export const newClientSecret = (intentId: string) => `${intentId}_secret_${randomString(ALPHANUMERIC, 24)}`;

/** `SBX4Q7…` (17 characters, like PayPal's order and capture ids). */
export const newPayPalId = () => `SBX${randomString(UPPER_ALPHANUMERIC, 14)}`;
