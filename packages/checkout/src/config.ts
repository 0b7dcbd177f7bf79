/**
 * Attributes -> a validated configuration. Merchants write HTML, so every attribute is checked
 * here and every problem becomes a `ConfigIssue` with a stable code, the attribute it concerns
 * and the fix; the element renders an error state instead of throwing into the page. The element
 * imports this module on demand, with the page's catalogue: its first render needs neither.
 */
import type { CartLine, Customer } from './order.js';
import { resolveLang, type Lang } from './i18n/index.js';
import { breaker, budgets } from './failover/policy.js';
import { definitionOf, registeredIds } from './providers/registry.js';
import { attributeDeclarations, type AttributeName, type Attributes } from './attributes.js';

/** A registered method (`defineProvider`): stripe, paypal, bank-transfer, or the merchant's own. */
export type ProviderId = string;

/** Stripe's ceiling for an amount in minor units (eight digits); above it is a typo, not a cart. */
export const maxAmount = 99_999_999;
export const defaultLoadTimeout: number = budgets.loadTimeoutMs;
export const defaultBreakerCooldown: number = breaker.cooldownMs;

export interface BankDetails {
  iban: string;
  bic: string | undefined;
  beneficiary: string;
}

export interface CheckoutConfig {
  amount: number;
  currency: string;
  providers: ProviderId[];
  endpoint: string;
  stripeKey: string | undefined;
  paypalClientId: string | undefined;
  paypalEnvironment: 'production' | 'sandbox';
  adyenClientKey: string | undefined;
  /** Which Adyen CDN and platform the client key belongs to; absent: the key's own (providers/adyen.ts). */
  adyenEnvironment: 'test' | 'live' | undefined;
  bank: BankDetails | undefined;
  lang: Lang;
  loadTimeout: number;
  returnUrl: string;
  swUrl: string | undefined;
  offlineOrders: boolean;
  /** How long a method that failed is skipped on the next page loads (ms). */
  breakerCooldown: number;
  /** Whether incidents are also sent to `POST {endpoint}/events`. */
  incidentBeacon: boolean;
}

export interface ConfigIssue {
  code: string;
  attribute: string;
  value: string | null;
  /** What to change, addressed to the developer (English: it goes to the console). */
  fix: string;
}

/** Every attribute of the element's public contract, in the order of its declarations (attributes.ts). */
export const attributeNames: readonly AttributeName[] = attributeDeclarations.map((d) => d.name);
export type { AttributeName };

export type { Attributes } from './attributes.js';

export type ParseResult = { ok: true; config: CheckoutConfig } | { ok: false; issues: ConfigIssue[]; lang: Lang };

/**
 * Every check, including the IBAN and BIC ones that need the IBAN registry (loaded on demand with
 * the bank-transfer chunk, only when the page has bank details), Adyen's client key and environment
 * (Adyen's chunk, only when set), and the cart's lines and shopper by the merchant API's own rules
 * (loaded on demand, only when the page sets them).
 */
export async function validateConfig(attrs: Attributes, doc: Document = document, cart: Cart = {}): Promise<ParseResult> {
  let result = parseConfig(attrs, doc);
  if (attrs['bank-iban']?.trim() || attrs['bank-bic']?.trim()) {
    const { bankIssues } = await import('./providers/bank-transfer/validate.js');
    const issues = bankIssues(attrs['bank-iban'], attrs['bank-bic']);
    if (issues.length) result = result.ok ? { ok: false, issues, lang: result.config.lang } : { ...result, issues: [...result.issues, ...issues] };
  }
  if (attrs['adyen-client-key']?.trim() || attrs['adyen-environment']?.trim()) {
    const { adyenIssues } = await import('./providers/adyen-config.js');
    const issues = adyenIssues(attrs['adyen-client-key'], attrs['adyen-environment']);
    if (issues.length) result = result.ok ? { ok: false, issues, lang: result.config.lang } : { ...result, issues: [...result.issues, ...issues] };
  }
  if (!result.ok) return withFixes(result);
  if (cart.items === undefined && cart.customer === undefined) return result;
  const { config } = result;
  const issues = await import('./cart-check.js').then((m) => m.cartIssues(cart.items, cart.customer, config));
  return issues.length ? { ok: false, issues, lang: config.lang } : result;
}

/** Writes the fix of each issue the parse found (their texts are a chunk a correct page never loads). */
async function withFixes(result: ParseResult & { ok: false }): Promise<ParseResult> {
  const fixOf = await import('./config-fixes.js').then((m) => m.fixOf).catch(() => undefined);
  for (const issue of result.issues) {
    const detail = details.get(issue);
    if (!issue.fix && detail) issue.fix = fixOf?.(issue, detail) ?? `See the ${issue.attribute} attribute in the README.`;
  }
  return result;
}

/** The element's rich properties that the configuration check also reads. */
export interface Cart {
  items?: CartLine[] | undefined;
  customer?: Customer | undefined;
}

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

/**
 * The checks that need nothing loaded. Its issues have codes and attributes; their `fix` is
 * written by `validateConfig`, which is what the element uses.
 */
export function parseConfig(attrs: Attributes, doc: Document = document): ParseResult {
  const issues: ConfigIssue[] = [];
  const issue: Report = (code, attribute, detail = {}) => {
    const found: ConfigIssue = { code, attribute, value: attrs[attribute] ?? null, fix: detail.fix ?? '' };
    issues.push(found);
    details.set(found, detail);
  };
  const text = (name: AttributeName) => {
    const value = attrs[name]?.trim();
    return value ? value : undefined;
  };

  const amount = parseAmount(text('amount'), issue);

  const currency = text('currency')?.toUpperCase();
  if (!currency) issue('currency-missing', 'currency');
  else if (!knownCurrencies.has(currency))
    issue('currency-unknown', 'currency', { subject: currency });

  const stripeKey = text('stripe-key');
  if (stripeKey && /^(sk|rk)_/.test(stripeKey)) {
    issue('stripe-key-secret', 'stripe-key');
    // Never repeated in the console or the event: error trackers would collect it.
    issues.at(-1)!.value = `${stripeKey.slice(0, 8)}…[redacted]`;
  }
  else if (stripeKey && !/^pk_(test|live)_\w+$/.test(stripeKey))
    issue('stripe-key-invalid', 'stripe-key');
  const paypalClientId = text('paypal-client-id');
  const paypalEnvironment = text('paypal-environment') ?? 'production';
  if (paypalEnvironment !== 'production' && paypalEnvironment !== 'sandbox')
    issue('paypal-environment-invalid', 'paypal-environment');

  const adyenClientKey = text('adyen-client-key');
  // Both checked in depth by validateConfig (Adyen's chunk).
  const adyenEnvironment = text('adyen-environment') as 'test' | 'live' | undefined;

  const bank = parseBank(text('bank-iban'), text('bank-bic'), text('bank-beneficiary'), issue);
  const providers = parseProviders(attrs.providers ?? null, (attribute) => Boolean(text(attribute as AttributeName)), issue);

  const endpoint = parseUrl(text('endpoint') ?? '/checkout', 'endpoint', doc, issue)?.replace(/\/+$/, '');
  const returnUrl = parseUrl(text('return-url') ?? doc.location?.href ?? '', 'return-url', doc, issue);
  const swUrlText = text('sw-url');
  const swUrl = swUrlText === undefined ? undefined : parseUrl(swUrlText, 'sw-url', doc, issue);

  let loadTimeout = defaultLoadTimeout;
  const timeoutText = text('load-timeout');
  if (timeoutText !== undefined) {
    loadTimeout = Number(timeoutText);
    if (!/^\d+$/.test(timeoutText) || loadTimeout < 100 || loadTimeout > 120_000)
      issue('load-timeout-invalid', 'load-timeout');
  }

  let breakerCooldown = defaultBreakerCooldown;
  const cooldownText = text('breaker-cooldown');
  if (cooldownText !== undefined) {
    breakerCooldown = Number(cooldownText);
    if (!/^\d+$/.test(cooldownText) || breakerCooldown > 86_400_000)
      issue('breaker-cooldown-invalid', 'breaker-cooldown');
  }

  const lang = resolveLang(attrs.lang ?? null, doc.documentElement?.lang);
  if (issues.length) return { ok: false, issues, lang };
  return {
    ok: true,
    config: {
      amount: amount!,
      currency: currency!,
      providers,
      endpoint: endpoint!,
      stripeKey,
      paypalClientId,
      paypalEnvironment: paypalEnvironment as 'production' | 'sandbox',
      adyenClientKey,
      adyenEnvironment,
      bank,
      lang,
      loadTimeout,
      returnUrl: returnUrl!,
      swUrl,
      offlineOrders: attrs['offline-orders'] != null,
      breakerCooldown,
      incidentBeacon: attrs['no-incident-beacon'] == null,
    },
  };
}

/**
 * What a fix text needs besides the issue itself: the parse records it, `config-fixes.ts` (loaded
 * only for a misconfigured page) writes the text. `fix` is a text given as is (a method's own).
 */
export interface IssueDetail {
  fix?: string;
  subject?: string;
  known?: string[];
}

const details = new WeakMap<ConfigIssue, IssueDetail>();

type Report = (code: string, attribute: AttributeName, detail?: IssueDetail) => void;

function parseAmount(value: string | undefined, issue: Report): number | undefined {
  if (value === undefined) return void issue('amount-missing', 'amount');
  if (!/^-?\d+$/.test(value)) return void issue('amount-not-integer', 'amount');
  const amount = Number(value);
  if (amount <= 0) return void issue('amount-not-positive', 'amount');
  if (amount > maxAmount) return void issue('amount-too-large', 'amount');
  return amount;
}

function parseProviders(value: string | null, configured: (attribute: string) => boolean, issue: Report): ProviderId[] {
  const missing = (id: string) => {
    const requires = definitionOf(id)?.requires;
    return requires && !configured(requires.attribute) ? requires : undefined;
  };
  const known = registeredIds();
  if (value === null) {
    // The default order keeps only the methods the merchant gave credentials for, so a page with
    // just bank details shows bank transfer instead of an error about a missing Stripe key.
    const usable = known.filter((id) => definitionOf(id)!.requires && !missing(id));
    if (!usable.length)
      issue('providers-empty', 'providers');
    return usable;
  }
  const names = value.split(/\s+/).filter(Boolean);
  if (!names.length) issue('providers-empty', 'providers', { known });
  const seen = new Set<string>();
  for (const name of names) {
    const requires = missing(name);
    if (!definitionOf(name))
      issue('provider-unknown', 'providers', { subject: name, known });
    else if (seen.has(name)) issue('provider-duplicate', 'providers', { subject: name });
    else if (requires) issue(`${name}-credentials-missing`, requires.attribute as AttributeName, requires.fix === undefined ? {} : { fix: requires.fix });
    seen.add(name);
  }
  return [...seen].filter(definitionOf);
}

function parseBank(iban: string | undefined, bic: string | undefined, beneficiary: string | undefined, issue: Report): BankDetails | undefined {
  if (iban === undefined && bic === undefined && beneficiary === undefined) return undefined;
  let valid = true;
  const fail: Report = (...args) => {
    valid = false;
    issue(...args);
  };
  // The IBAN and BIC themselves are checked in depth by validateConfig (bank-transfer chunk).
  if (iban === undefined) fail('bank-iban-missing', 'bank-iban');
  if (beneficiary === undefined) fail('bank-beneficiary-missing', 'bank-beneficiary');
  else if (beneficiary.length > 70) fail('bank-beneficiary-too-long', 'bank-beneficiary');
  if (!valid) return undefined;
  return { iban: iban!.replace(/\s+/g, '').toUpperCase(), bic: bic?.toUpperCase(), beneficiary: beneficiary! };
}

function parseUrl(value: string, attribute: AttributeName, doc: Document, issue: Report): string | undefined {
  try {
    const url = new URL(value, doc.baseURI);
    if (url.protocol === 'https:' || url.protocol === 'http:') return value.startsWith('http') ? url.href : value;
  } catch {
    // fall through to the issue below
  }
  issue(`${attribute}-invalid`, attribute, { subject: value });
  return undefined;
}

export { attributesOf } from './attributes.js';
export { sameProviderSetup } from './config-compare.js';

/** The one console error for a bad configuration: each attribute, its code and the fix. */
export function describeIssues(issues: ConfigIssue[]): string {
  const lines = issues.map((issue) => `  - ${issue.attribute}="${issue.value ?? ''}" (${issue.code}): ${issue.fix}`);
  return `<relais-checkout> is not configured correctly:\n${lines.join('\n')}`;
}
