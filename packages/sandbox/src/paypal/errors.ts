/**
 * PayPal's v6 SDK hands failures to `onError` (and rejects `start()`) with `PayPalError`s:
 * an Error with a `code` and `isRecoverable`, which integrations branch on.
 */
import type { OnErrorData as PayPalError } from '@paypal/paypal-js/sdk-v6';

export function paypalError(code: string, message: string, isRecoverable: boolean, cause?: unknown): PayPalError {
  const error = new Error(message, cause === undefined ? undefined : { cause }) as PayPalError;
  error.name = 'PayPalError';
  error.code = code;
  error.isRecoverable = isRecoverable;
  return error;
}
