/**
 * What to change for each configuration issue, addressed to the developer (English: it goes to
 * the console and the `relais-config-error` event). Loaded only when a page is misconfigured:
 * a correct page never downloads these texts.
 */
import type { ConfigIssue, IssueDetail } from './config.js';
import { maxAmount } from './config.js';

const amountFix = 'Set amount to the total in minor units as a whole number, e.g. amount="4990" for 49.90.';

const fixes: Record<string, (detail: IssueDetail, issue: ConfigIssue) => string> = {
  'amount-missing': () => amountFix,
  'amount-not-integer': () => amountFix,
  'amount-not-positive': () => `The amount must be greater than zero. ${amountFix}`,
  'amount-too-large': () => `The amount must not exceed ${maxAmount} minor units. ${amountFix}`,
  'currency-missing': () => 'Set currency to an ISO 4217 code, e.g. currency="EUR".',
  'currency-unknown': ({ subject }) => `"${subject}" is not an ISO 4217 currency code; use e.g. EUR, USD, GBP.`,
  'stripe-key-secret': () =>
    'This is a SECRET key: remove it from the page now and roll it in the Stripe dashboard. Use the publishable key (pk_…).',
  'stripe-key-invalid': () => 'Use the Stripe publishable key, starting with pk_test_ or pk_live_.',
  'paypal-environment-invalid': () => 'Set paypal-environment to "production" (default) or "sandbox".',
  'load-timeout-invalid': () => 'Set load-timeout to a whole number of milliseconds between 100 and 120000 (default 6000).',
  'breaker-cooldown-invalid': () =>
    'Set breaker-cooldown to a whole number of milliseconds, at most 86400000 (default 300000, 0 turns the memory of failures off).',
  'providers-empty': ({ known }) =>
    known === undefined
      ? 'Configure at least one method: stripe-key, paypal-client-id, or bank-iban with bank-beneficiary.'
      : `List at least one method, e.g. providers="${known.join(' ')}".`,
  'provider-unknown': ({ subject, known = [] }) =>
    `"${subject}" is not a registered method; use ${known.join(', ')}, or register yours with defineProvider("${subject}", …) before the element is configured.`,
  'provider-duplicate': ({ subject }) => `"${subject}" is listed twice; list each method once.`,
  'stripe-credentials-missing': () => 'providers lists stripe: set stripe-key to your publishable key (pk_…), or remove stripe.',
  'adyen-credentials-missing': () => 'providers lists adyen: set adyen-client-key (test_… or live_…), or remove adyen.',
  'paypal-credentials-missing': () => 'providers lists paypal: set paypal-client-id, or remove paypal.',
  'bank-transfer-credentials-missing': () => 'providers lists bank-transfer: set bank-iban and bank-beneficiary, or remove bank-transfer.',
  'bank-iban-missing': () => 'Set bank-iban to the account that receives transfers.',
  'bank-beneficiary-missing': () => "Set bank-beneficiary to the account holder's name as your bank knows it.",
  'bank-beneficiary-too-long': () => 'bank-beneficiary must be at most 70 characters (SEPA limit).',
};

/** The fix of an issue the core parse found; URL attributes share one text. */
export function fixOf(issue: ConfigIssue, detail: IssueDetail): string {
  const fix = fixes[issue.code];
  if (fix) return fix(detail, issue);
  if (issue.code === `${issue.attribute}-invalid`)
    return `${issue.attribute} must be an http(s) URL or a path, e.g. "/checkout"; got "${detail.subject}".`;
  return `See the ${issue.attribute} attribute in the README.`;
}
