/**
 * Attributes -> a validated configuration. Merchants write HTML, so every attribute is checked
 * here and every problem becomes a `ConfigIssue` with a stable code, the attribute it concerns
 * and the fix; the element renders an error state instead of throwing into the page.
 */
import type { CartLine, Customer } from './order.js';
import { resolveLang, type Lang } from './i18n/index.js';
import { breaker, budgets } from './failover/policy.js';
import { definitionOf, registeredIds } from './providers/registry.js';
import { attributeDeclarations, type AttributeName } from './attributes.js';

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

/** Raw attribute values as the element holds them (null when absent). */
export type Attributes = Partial<Record<AttributeName, string | null>>;

/**
 * The configuration as attribute text, read from an element's properties: Lit copies each
 * attribute to its property (`stripe-key` -> `stripeKey`), and frameworks (React 19, @lit/react,
 * Vue) set the properties directly. Booleans read as present (`''`) or absent.
 */
export function attributesOf(element: object): Attributes {
  const text = (property: string): string | null => {
    const value: unknown = (element as Record<string, unknown>)[property];
    if (typeof value === 'boolean') return value ? '' : null;
    return value === undefined || value === null ? null : String(value);
  };
  return Object.fromEntries(attributeDeclarations.map((d) => [d.name, text(d.property)]));
}

export type ParseResult = { ok: true; config: CheckoutConfig } | { ok: false; issues: ConfigIssue[]; lang: Lang };

/**
 * Every check, including the IBAN and BIC ones that need the IBAN registry (loaded on demand with
 * the bank-transfer chunk, only when the page has bank details) and the cart's lines and shopper
 * by the merchant API's own rules (loaded on demand, only when the page sets them).
 */
export async function validateConfig(attrs: Attributes, doc: Document = document, cart: Cart = {}): Promise<ParseResult> {
  let result = parseConfig(attrs, doc);
  if (attrs['bank-iban']?.trim() || attrs['bank-bic']?.trim()) {
    const { bankIssues } = await import('./providers/bank-transfer/validate.js');
    const issues = bankIssues(attrs['bank-iban'], attrs['bank-bic']);
    if (issues.length) result = result.ok ? { ok: false, issues, lang: result.config.lang } : { ...result, issues: [...result.issues, ...issues] };
  }
  if (!result.ok || (cart.items === undefined && cart.customer === undefined)) return result;
  const { config } = result;
  const issues = await import('./cart-check.js').then((m) => m.cartIssues(cart.items, cart.customer, config));
  return issues.length ? { ok: false, issues, lang: config.lang } : result;
}

/** The element's rich properties that the configuration check also reads. */
export interface Cart {
  items?: CartLine[] | undefined;
  customer?: Customer | undefined;
}

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

export function parseConfig(attrs: Attributes, doc: Document = document): ParseResult {
  const issues: ConfigIssue[] = [];
  const issue = (code: string, attribute: AttributeName, fix: string) =>
    issues.push({ code, attribute, value: attrs[attribute] ?? null, fix });
  const text = (name: AttributeName) => {
    const value = attrs[name]?.trim();
    return value ? value : undefined;
  };

  const amount = parseAmount(text('amount'), issue);

  const currency = text('currency')?.toUpperCase();
  if (!currency) issue('currency-missing', 'currency', 'Set currency to an ISO 4217 code, e.g. currency="EUR".');
  else if (!knownCurrencies.has(currency))
    issue('currency-unknown', 'currency', `"${currency}" is not an ISO 4217 currency code; use e.g. EUR, USD, GBP.`);

  const stripeKey = text('stripe-key');
  if (stripeKey && /^(sk|rk)_/.test(stripeKey)) {
    issue('stripe-key-secret', 'stripe-key', 'This is a SECRET key: remove it from the page now and roll it in the Stripe dashboard. Use the publishable key (pk_…).');
    // Never repeated in the console or the event: error trackers would collect it.
    issues.at(-1)!.value = `${stripeKey.slice(0, 8)}…[redacted]`;
  }
  else if (stripeKey && !/^pk_(test|live)_\w+$/.test(stripeKey))
    issue('stripe-key-invalid', 'stripe-key', 'Use the Stripe publishable key, starting with pk_test_ or pk_live_.');
  const paypalClientId = text('paypal-client-id');
  const paypalEnvironment = text('paypal-environment') ?? 'production';
  if (paypalEnvironment !== 'production' && paypalEnvironment !== 'sandbox')
    issue('paypal-environment-invalid', 'paypal-environment', 'Set paypal-environment to "production" (default) or "sandbox".');

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
      issue('load-timeout-invalid', 'load-timeout', 'Set load-timeout to a whole number of milliseconds between 100 and 120000 (default 6000).');
  }

  let breakerCooldown = defaultBreakerCooldown;
  const cooldownText = text('breaker-cooldown');
  if (cooldownText !== undefined) {
    breakerCooldown = Number(cooldownText);
    if (!/^\d+$/.test(cooldownText) || breakerCooldown > 86_400_000)
      issue('breaker-cooldown-invalid', 'breaker-cooldown', 'Set breaker-cooldown to a whole number of milliseconds, at most 86400000 (default 300000, 0 turns the memory of failures off).');
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

type Report = (code: string, attribute: AttributeName, fix: string) => void;

function parseAmount(value: string | undefined, issue: Report): number | undefined {
  const fix = 'Set amount to the total in minor units as a whole number, e.g. amount="4990" for 49.90.';
  if (value === undefined) return void issue('amount-missing', 'amount', fix);
  if (!/^-?\d+$/.test(value)) return void issue('amount-not-integer', 'amount', fix);
  const amount = Number(value);
  if (amount <= 0) return void issue('amount-not-positive', 'amount', `The amount must be greater than zero. ${fix}`);
  if (amount > maxAmount) return void issue('amount-too-large', 'amount', `The amount must not exceed ${maxAmount} minor units. ${fix}`);
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
      issue('providers-empty', 'providers', 'Configure at least one method: stripe-key, paypal-client-id, or bank-iban with bank-beneficiary.');
    return usable;
  }
  const names = value.split(/\s+/).filter(Boolean);
  if (!names.length) issue('providers-empty', 'providers', `List at least one method, e.g. providers="${known.join(' ')}".`);
  const seen = new Set<string>();
  for (const name of names) {
    const requires = missing(name);
    if (!definitionOf(name))
      issue('provider-unknown', 'providers', `"${name}" is not a registered method; use ${known.join(', ')}, or register yours with defineProvider("${name}", …) before the element is configured.`);
    else if (seen.has(name)) issue('provider-duplicate', 'providers', `"${name}" is listed twice; list each method once.`);
    else if (requires) issue(`${name}-credentials-missing`, requires.attribute as AttributeName, requires.fix);
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
  if (iban === undefined) fail('bank-iban-missing', 'bank-iban', 'Set bank-iban to the account that receives transfers.');
  if (beneficiary === undefined) fail('bank-beneficiary-missing', 'bank-beneficiary', "Set bank-beneficiary to the account holder's name as your bank knows it.");
  else if (beneficiary.length > 70) fail('bank-beneficiary-too-long', 'bank-beneficiary', 'bank-beneficiary must be at most 70 characters (SEPA limit).');
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
  issue(`${attribute}-invalid`, attribute, `${attribute} must be an http(s) URL or a path, e.g. "/checkout"; got "${value}".`);
  return undefined;
}

/** The one console error for a bad configuration: each attribute, its code and the fix. */
export function describeIssues(issues: ConfigIssue[]): string {
  const lines = issues.map((issue) => `  - ${issue.attribute}="${issue.value ?? ''}" (${issue.code}): ${issue.fix}`);
  return `<relais-checkout> is not configured correctly:\n${lines.join('\n')}`;
}

/** Whether two configurations load the same providers the same way (amount changes do not). */
export function sameProviderSetup(a: CheckoutConfig, b: CheckoutConfig): boolean {
  const setup = (c: CheckoutConfig) =>
    JSON.stringify([c.providers, c.stripeKey, c.paypalClientId, c.paypalEnvironment, c.bank, c.endpoint, c.loadTimeout, c.lang]);
  return setup(a) === setup(b);
}
