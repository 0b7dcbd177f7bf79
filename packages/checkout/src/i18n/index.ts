import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { nl } from './nl.js';
import type { Messages } from './messages.js';

export type { Messages } from './messages.js';

/**
 * Locales shipped with Relais, French first. Keys are primary language subtags: `resolveLang`
 * matches `de-AT` or `nl-BE` by their first subtag.
 */
export const catalogues = { fr, en, de, es, it, nl } as const satisfies Record<string, Messages>;
export type Lang = keyof typeof catalogues;

function supported(tag: string | null | undefined): Lang | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  // Own keys only: `in` would also accept an inherited name such as `constructor`.
  return primary && Object.hasOwn(catalogues, primary) ? (primary as Lang) : undefined;
}

/** `lang` attribute, then the document's `lang`, then English (DESIGN.md). */
export function resolveLang(attribute: string | null, documentLang: string | null | undefined): Lang {
  return supported(attribute) ?? supported(documentLang) ?? 'en';
}

/** The currency's ISO 4217 exponent as Intl knows it: EUR 2, JPY 0, KWD 3. */
export function currencyExponent(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Formats an amount in minor units for the shopper's locale. */
export function formatMoney(amountMinor: number, currency: string, messages: Messages): string {
  const digits = currencyExponent(currency);
  return new Intl.NumberFormat(messages.locale, { style: 'currency', currency }).format(amountMinor / 10 ** digits);
}
