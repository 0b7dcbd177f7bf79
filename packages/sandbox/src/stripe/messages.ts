/**
 * Stripe.js words its errors in the Elements group's `locale` (`auto`: the browser's language);
 * the stand-in does the same for French, the demo's first language, and keeps Stripe's English
 * otherwise. Keyed by `decline_code`, then `code`, as Stripe's own translations are.
 */
import type { StripeError } from '@stripe/stripe-js';

const FRENCH: Record<string, string> = {
  incomplete_number: 'Le numéro de votre carte est incomplet.',
  invalid_number: 'Le numéro de votre carte n’est pas valide.',
  incomplete_expiry: 'La date d’expiration de votre carte est incomplète.',
  invalid_expiry_month: 'Le mois d’expiration de votre carte n’est pas valide.',
  invalid_expiry_year_past: 'L’année d’expiration de votre carte est passée.',
  invalid_expiry_month_past: 'La date d’expiration de votre carte est passée.',
  incomplete_cvc: 'Le code de sécurité de votre carte est incomplet.',
  generic_decline: 'Votre carte a été refusée.',
  card_declined: 'Votre carte a été refusée.',
  insufficient_funds: 'Les fonds de votre carte sont insuffisants.',
  processing_error: 'Une erreur est survenue lors du traitement de votre carte. Réessayez dans un instant.',
  payment_intent_authentication_failure:
    'Nous n’avons pas pu authentifier votre moyen de paiement. Choisissez un autre moyen de paiement et réessayez.',
};

/** `auto` is the browser's language, as in Stripe.js. */
export function resolveLocale(locale: string | undefined): string {
  return !locale || locale === 'auto' ? navigator.language : locale;
}

export function localise(error: StripeError, locale: string | undefined): StripeError {
  if (!resolveLocale(locale).toLowerCase().startsWith('fr')) return error;
  const message = FRENCH[error.decline_code ?? ''] ?? FRENCH[error.code ?? ''];
  return message ? { ...error, message } : error;
}
