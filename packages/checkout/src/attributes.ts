/**
 * Every attribute of `<relais-checkout>`, declared once. Lit's `static properties`, the element's
 * typed properties, the configuration's raw reading (`attributesOf`) and the README's attribute
 * table (through the custom-elements manifest, `npm run docs`) are all derived from this list, so
 * adding an attribute is adding one entry here; `config.ts` then checks and converts its value.
 *
 * This module imports nothing: `npm run docs` loads it outside the browser.
 */

/** One attribute: its HTML name, the property that mirrors it, how its text is read, and its documentation. */
export interface AttributeDeclaration {
  /** The HTML attribute, kebab-case. */
  readonly name: string;
  /** The camelCase property that mirrors it (frameworks such as React 19 set properties). */
  readonly property: string;
  /**
   * How the text is converted: `string` is kept as written (checked by `config.ts`), `boolean`
   * is present or absent (Lit's Boolean converter).
   */
  readonly type: 'string' | 'boolean';
  /** What applies when the attribute is absent, as the documentation states it. */
  readonly default?: string;
  readonly description: string;
}

export const attributeDeclarations = [
  { name: 'amount', property: 'amount', type: 'string', description: 'Required. Total in minor units, a positive integer (4990 = 49.90).' },
  { name: 'currency', property: 'currency', type: 'string', description: 'Required. ISO 4217 code, e.g. `EUR`.' },
  {
    name: 'providers', property: 'providers', type: 'string',
    default: 'the built-in ones (`stripe`, `adyen`, `paypal`, `bank-transfer`) that are configured, in that order',
    description: 'Space-separated fallback order of registered methods: `stripe`, `adyen`, `paypal`, `bank-transfer`, and any added with `defineProvider` (docs/providers.md).',
  },
  { name: 'endpoint', property: 'endpoint', type: 'string', default: '`/checkout`', description: 'Base URL of the merchant API (`POST {endpoint}/orders`…).' },
  { name: 'stripe-key', property: 'stripeKey', type: 'string', description: 'Stripe publishable key (`pk_live_…` or `pk_test_…`). A secret key is refused.' },
  {
    name: 'adyen-client-key', property: 'adyenClientKey', type: 'string',
    description: 'Adyen client key (`test_…` or `live_…`), for Adyen\'s Card component (a second card processor).',
  },
  {
    name: 'adyen-environment', property: 'adyenEnvironment', type: 'string', default: 'the client key\'s',
    description: '`test` or `live`: Adyen\'s CDN and platform. A key of the other platform is refused.',
  },
  { name: 'paypal-client-id', property: 'paypalClientId', type: 'string', description: 'PayPal client id.' },
  {
    name: 'paypal-environment', property: 'paypalEnvironment', type: 'string', default: '`production`',
    description: '`production` or `sandbox`: which PayPal SDK and API the client id belongs to.',
  },
  { name: 'bank-iban', property: 'bankIban', type: 'string', description: 'IBAN receiving bank transfers (checked: country length and mod-97).' },
  { name: 'bank-bic', property: 'bankBic', type: 'string', description: 'BIC of that account (optional).' },
  { name: 'bank-beneficiary', property: 'bankBeneficiary', type: 'string', description: "Account holder's name, at most 70 characters." },
  {
    name: 'lang', property: 'lang', type: 'string', default: "the document's `lang`, then `en`",
    description: 'Language of the UI (`fr`, `en`, `de`, `es`, `it`, `nl`; regional tags like `de-AT` work).',
  },
  { name: 'load-timeout', property: 'loadTimeout', type: 'string', default: '`6000`', description: 'Milliseconds a provider may take to become ready before Relais moves on.' },
  { name: 'return-url', property: 'returnUrl', type: 'string', default: 'this page', description: 'Where redirect-based methods come back to.' },
  { name: 'sw-url', property: 'swUrl', type: 'string', default: 'none: a page-only queue', description: 'Service worker script for the order queue.' },
  { name: 'offline-orders', property: 'offlineOrders', type: 'boolean', description: 'When every provider is down, let the shopper reserve the order to pay later.' },
  {
    name: 'breaker-cooldown', property: 'breakerCooldown', type: 'string', default: '`300000`',
    description: 'Milliseconds a method that failed is skipped on later page loads before one new try (0 = no memory).',
  },
  {
    name: 'no-incident-beacon', property: 'noIncidentBeacon', type: 'boolean',
    description: 'Do not send incidents to `POST {endpoint}/events` (they are still fired as `relais-incident`).',
  },
] as const satisfies readonly AttributeDeclaration[];

type Declared = (typeof attributeDeclarations)[number];
export type AttributeName = Declared['name'];

/** The element's attribute properties with their types: `string | null`, or `boolean`. */
export type AttributeProperties = {
  -readonly [D in Declared as D['property']]: D['type'] extends 'boolean' ? boolean : string | null;
};

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

/** Lit's `static properties` entries for the attributes (a property without `attribute` would be lower-cased). */
export function litProperties(): Record<string, { attribute: string; type?: BooleanConstructor }> {
  return Object.fromEntries(
    attributeDeclarations.map((d) => [d.property, d.type === 'boolean' ? { attribute: d.name, type: Boolean } : { attribute: d.name }]),
  );
}
