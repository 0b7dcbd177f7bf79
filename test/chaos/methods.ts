/**
 * The payment methods chaos journeys draw from, each with its SDK's script route, its stand-in's
 * provider API faults and how a shopper pays with it. Adding a method (Adyen, a merchant-defined
 * one) is one entry in METHODS: a method without an SDK of its own needs no `sdk` and no faults.
 */
import type { Tab } from './tab.js';

/**
 * What the merchant API records a chaos `invoice` order as (test/chaos/invoice.ts). Declared here,
 * not beside the method: the journeys' page imports this module, and must not load the element
 * (only the frames do, as one bundle).
 */
export const INVOICE_RECORDED_AS = 'pay-later';

export type PayChoice = 'good' | 'bad';

export interface MethodModel {
  /** Its script route in test/provider-routes.mjs (`PROVIDERS`), for the SDK faults; also its `window.__relaisSandbox` key. */
  readonly sdk?: 'stripe' | 'adyen' | 'paypal';
  /** The element's attributes the method needs (its keys), added when the journey lists it. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** Defined by the merchant: the server's health feed knows nothing of it (no maintenance to announce). */
  readonly merchantDefined?: boolean;
  /** The order's `method` at the merchant when the method completes by recording it (a merchant-defined method records a kind the server knows). */
  readonly records?: string;
  /** `window.__relaisSandbox[sdk].fault` values: provider API errors before and after submission, lost answers, declines. */
  readonly apiFaults: readonly string[];
  /** Pays with the method on screen; false when there was nothing to press. */
  pay(tab: Tab, choice: PayChoice): Promise<boolean>;
}

/** Types a card into a stand-in's card frame (Stripe's Payment Element, Adyen's Card) the way the browser reports typing. */
function typeCard(tab: Tab, method: 'stripe' | 'adyen', number: string): boolean {
  const input = (id: string) => tab.mount(method)?.querySelector('iframe')?.contentDocument?.getElementById(id) as HTMLInputElement | null;
  const Event = tab.window.Event;
  const values: Record<string, string> = { number, expiry: `12${String((new Date().getFullYear() + 3) % 100).padStart(2, '0')}`, cvc: '123' };
  for (const id of ['number', 'expiry', 'cvc']) {
    const field = input(id);
    if (!field) return false;
    field.value = values[id]!;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
  return true;
}

export const METHODS = {
  stripe: {
    sdk: 'stripe',
    apiFaults: ['api-5xx', 'api-timeout', 'lost-answer', 'decline'],
    pay: async (tab: Tab, choice: PayChoice) => typeCard(tab, 'stripe', choice === 'good' ? '4242 4242 4242 4242' : '4000 0000 0000 0002') && tab.clickPay(),
  },
  adyen: {
    sdk: 'adyen',
    attributes: { 'adyen-client-key': 'test_ABCDEF1234567890', 'adyen-environment': 'test' },
    apiFaults: ['api-5xx', 'api-timeout', 'lost-answer', 'decline'],
    pay: async (tab: Tab, choice: PayChoice) => typeCard(tab, 'adyen', choice === 'good' ? '4242 4242 4242 4242' : '4000 0000 0000 0002') && tab.clickPay(),
  },
  paypal: {
    sdk: 'paypal',
    apiFaults: ['api-5xx', 'api-timeout', 'decline'],
    pay: async (tab: Tab, choice: PayChoice) => {
      // `bad`: the shopper closes PayPal's window.
      tab.sandbox().paypal = { ...tab.sandbox().paypal, approval: choice === 'good' ? 'auto' : 'cancel' };
      const button = tab.mount('paypal')?.querySelector<HTMLElement>('paypal-button');
      if (!button || !tab.current() || tab.current() !== 'paypal') return false;
      button.click();
      return true;
    },
  },
  'bank-transfer': { records: 'bank-transfer', apiFaults: [], pay: async (tab: Tab) => tab.clickPay() },
  /** The merchant's own method (test/chaos/invoice.ts, registered with `defineProvider`). */
  invoice: { merchantDefined: true, records: INVOICE_RECORDED_AS, apiFaults: [], pay: async (tab: Tab) => tab.clickPay() },
} as const satisfies Record<string, MethodModel>;

export type MethodId = keyof typeof METHODS;
export type SdkName = NonNullable<MethodModel['sdk']>;

export const SDK_NAMES = [...new Set(Object.values(METHODS as Record<string, MethodModel>).flatMap((method) => (method.sdk ? [method.sdk] : [])))];

export function methodModel(id: string): MethodModel | undefined {
  return (METHODS as Record<string, MethodModel>)[id];
}
