/**
 * Relais counts money in minor units everywhere (4990 = 49.90 EUR). Stripe does too; PayPal wants
 * a decimal string. The exponent comes from the currency itself (JPY 0, EUR 2, KWD 3) as
 * `Intl` knows it, and the conversion is done on digits, never through a float.
 */

export function currencyExponent(currency: string): number {
  const options = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions();
  return options.maximumFractionDigits ?? 2;
}

/** 4990 EUR -> '49.90'; 500 JPY -> '500'; 5 KWD -> '0.005'. */
export function toDecimalString(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`not an amount in minor units: ${minor}`);
  const exponent = currencyExponent(currency);
  if (exponent === 0) return String(minor);
  const digits = String(minor).padStart(exponent + 1, '0');
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** '49.90' EUR -> 4990; undefined when the string is not a plain amount with that many decimals. */
export function fromDecimalString(value: string, currency: string): number | undefined {
  const exponent = currencyExponent(currency);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) return undefined;
  const minor = Number(`${match[1]}${fraction.padEnd(exponent, '0')}`);
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** '€49.90' for the sandbox's pages: display only, never parsed back. */
export function formatMoney(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(minor / 10 ** exponent);
}
