import type { Messages } from './messages.js';

export type { Messages } from './messages.js';

/**
 * Languages shipped with Relais, French first, with the BCP 47 locale used for `Intl`. Keys are
 * primary language subtags: `resolveLang` matches `de-AT` or `nl-BE` by their first subtag.
 */
export const locales = { fr: 'fr-FR', en: 'en-GB', de: 'de-DE', es: 'es-ES', it: 'it-IT', nl: 'nl-NL' } as const;
export type Lang = keyof typeof locales;

/**
 * Every catalogue, English too, is a chunk fetched for its shoppers: the page's language only.
 * English is the fallback when a language's chunk cannot be fetched.
 */
const catalogues: Record<Lang, () => Promise<Messages>> = {
  fr: () => import('./fr.js').then((m) => m.fr),
  en: () => import('./en.js').then((m) => m.en),
  de: () => import('./de.js').then((m) => m.de),
  es: () => import('./es.js').then((m) => m.es),
  it: () => import('./it.js').then((m) => m.it),
  nl: () => import('./nl.js').then((m) => m.nl),
};

/** The methods Relais's catalogues name (they need no `messages` of their own). */
export const cataloguedMethods: readonly string[] = ['stripe', 'adyen', 'paypal', 'bank-transfer'] satisfies (keyof Messages['methods'])[];

/**
 * What the element's frame says before any catalogue has arrived (its label and language): the
 * configuration and the page's catalogue load together, and nothing else is shown until then.
 */
export const frameMessages: Pick<Messages, 'locale' | 'heading'> = { locale: 'en-GB', heading: 'Payment' };

/** The catalogue of a language; English if its chunk cannot be fetched. */
export async function loadMessages(lang: Lang): Promise<Messages> {
  return catalogues[lang]().catch(() => catalogues.en());
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
