/**
 * The open list of payment methods. A method is one definition: its adapter (loaded on demand, a
 * chunk of its own), what it can do as data, its name in each language, how it is verified after
 * a lost answer and how it comes back from a redirect. The element, the flow and the views ask
 * these capabilities, never a method's id: a merchant's own method works like a built-in one.
 */
import { cataloguedMethods, type Lang, type Messages } from '../i18n/index.js';
import type { OrderRef } from '../merchant-order.js';
import type { PaymentOutcome, Provider } from './provider.js';
import { builtIns } from './built-in.js';

/** What a method can do; every flag is read by the element instead of comparing ids. A flag left out is false. */
export interface Capabilities {
  /** A payment cannot start without the merchant's API (skipped at once when the shop does not answer). */
  readonly needsMerchantApi?: boolean;
  /** Its own button takes the click (PayPal): the element shows no pay button. */
  readonly ownsPayButton?: boolean;
  /** Its UI is third-party and refuses shadow roots: it gets a light-DOM mount point. */
  readonly needsMountPoint?: boolean;
  /** A payment may leave the page (3-D Secure, bank redirect): `Provider.resume` finishes it. */
  readonly redirects?: boolean;
  /**
   * A submitted payment's answer can be lost and verified afterwards (`Provider.verify`, and the definition's `verify`): the
   * order is remembered before paying, and a paid order is recorded with the merchant.
   */
  readonly verifiable?: boolean;
  /** The element draws its instructions (`Provider.renderInstructions`); its button places the order. */
  readonly showsInstructions?: boolean;
  /** A card form: its height is kept while it loads, and a card notice fits it. */
  readonly cardProcessor?: boolean;
}

/** A method's name in one language: as a choice ("Card") and inside a sentence ("by card"). */
export interface MethodLabel {
  readonly label: string;
  readonly inSentence: string;
}

/** Every language Relais ships may be given; English and French are required. */
export type MethodMessages = { readonly en: MethodLabel; readonly fr: MethodLabel } & Partial<Record<Lang, MethodLabel>>;

/** How a method recognises its own redirect return and gives back the order that left the page. */
export interface RedirectReturn {
  /** Whether the address is this method's return (read on every start: keep it cheap). */
  isReturn(params: URLSearchParams): boolean;
  /** Takes the return out of the address bar and gives the order id and secret that left with it. */
  take(window: Window): Promise<{ params: URLSearchParams; orderId: string | undefined; secret: string | undefined }>;
}

export interface ProviderDefinition {
  /** The adapter, imported on demand: `() => import('./my-method.js').then((m) => new m.MyMethod())`. */
  load(): Promise<Provider>;
  readonly capabilities: Capabilities;
  /** Required for a method whose name is not in Relais's catalogues (every merchant method). */
  readonly messages?: MethodMessages;
  /**
   * Verifies an order by its id with the merchant alone, without the SDK (a later visit, a redirect
   * whose SDK does not load): the same answers as `Provider.verify`. Verifiable methods only.
   */
  verify?(order: OrderRef, signal: AbortSignal): Promise<PaymentOutcome>;
  readonly redirect?: RedirectReturn;
  /**
   * The attribute without which the method cannot be listed, and what to set (console, English;
   * the built-ins' texts are in config-fixes.ts, a chunk a correct page never loads).
   */
  readonly requires?: { readonly attribute: string; readonly fix?: string };
}

const definitions = new Map<string, ProviderDefinition>(Object.entries(builtIns));

/**
 * Adds a payment method to every `<relais-checkout>` of the page, listed by `id` in `providers`.
 * Define it before the elements that list it are configured. Throws on a bad id, a second
 * definition under one id, or missing English and French names: a developer error, caught at once
 * (the rest of the shape is the type's to check).
 */
export function defineProvider(id: string, definition: ProviderDefinition): void {
  // A name in Relais's catalogues (the built-ins, and methods shipped with Relais) needs no messages.
  const problem = !/^[a-z][a-z0-9-]{0,39}$/.test(id) ? 'is not lowercase letters, digits and dashes'
    : definitions.has(id) ? 'is already defined'
    : cataloguedMethods.includes(id) || (definition.messages?.en && definition.messages.fr) ? ''
    : 'needs messages.en and messages.fr';
  if (problem) throw new TypeError(`defineProvider("${id}") ${problem}: see docs/providers.md.`);
  definitions.set(id, definition);
}

export const definitionOf = (id: string): ProviderDefinition | undefined => definitions.get(id);

/** The registered ids, in the order they were defined (built-ins first). */
export const registeredIds = (): string[] => [...definitions.keys()];

/** A method's capabilities; an unknown id can do nothing special. */
export function capabilitiesOf(id: string, provider?: Provider): Capabilities {
  return { ...definitions.get(id)?.capabilities, ...provider?.capabilities };
}

function labelOf(id: string, t: Messages): MethodLabel {
  const catalogue = t.methods as Record<string, string | undefined>;
  const label = catalogue[id];
  if (label !== undefined) return { label, inSentence: (t.methodInSentence as Record<string, string>)[id] ?? label };
  const messages = definitions.get(id)?.messages;
  return messages?.[t.locale.slice(0, 2) as Lang] ?? messages?.en ?? { label: id, inSentence: id };
}

/** The method as the list of choices shows it ("Carte bancaire"). */
export const methodLabel = (id: string, t: Messages): string => labelOf(id, t).label;
/** The method inside a sentence of the shopper's language ("par carte bancaire"). */
export const methodInSentence = (id: string, t: Messages): string => labelOf(id, t).inSentence;

/** Two card processors (Stripe, Adyen…): moving between them keeps the shopper's card welcome. */
export const cardToCard = (from: string | null | undefined, to: string | null | undefined): boolean =>
  from !== to && [from, to].every((id) => capabilitiesOf(id!).cardProcessor);
