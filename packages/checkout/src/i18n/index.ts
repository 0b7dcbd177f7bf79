import { en } from './en.js';
import type { Messages } from './messages.js';

export type { Messages } from './messages.js';

/**
 * Languages shipped with Relais, French first, with the BCP 47 locale used for `Intl`. Keys are
 * primary language subtags: `resolveLang` matches `de-AT` or `nl-BE` by their first subtag.
 */
export const locales = { fr: 'fr-FR', en: 'en-GB', de: 'de-DE', es: 'es-ES', it: 'it-IT', nl: 'nl-NL' } as const;
export type Lang = keyof typeof locales;

/**
 * English is in the core bundle (the fallback, and what a page shows while its language loads);
 * every other catalogue is a chunk fetched for its shoppers, the page's language only.
 */
export const bundled = { en } as const satisfies Partial<Record<Lang, Messages>>;
const lazy: Record<Exclude<Lang, keyof typeof bundled>, () => Promise<Messages>> = {
  fr: () => import('./fr.js').then((m) => m.fr),
  de: () => import('./de.js').then((m) => m.de),
  es: () => import('./es.js').then((m) => m.es),
  it: () => import('./it.js').then((m) => m.it),
  nl: () => import('./nl.js').then((m) => m.nl),
};

/** The catalogue of a language; English if its chunk cannot be fetched. */
export async function loadMessages(lang: Lang): Promise<Messages> {
  if (lang === 'en') return bundled.en;
  return lazy[lang]().catch(() => en);
}

function supported(tag: string | null | undefined): Lang | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  // Own keys only: `in` would also accept an inherited name such as `constructor`.
  return primary && Object.hasOwn(locales, primary) ? (primary as Lang) : undefined;
}

/** `lang` attribute, then the document's `lang`, then English (docs/design.md). */
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
