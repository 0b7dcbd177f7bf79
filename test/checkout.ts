/**
 * Building a `<relais-checkout>` wired to a fresh test merchant API with the provider stand-ins
 * answering the real script URLs — the shared set-up of the provider journey tests.
 */
import { fixture } from '@open-wc/testing';
import { html } from 'lit';
import { configureSandbox, type SandboxConfig } from '@relais/sandbox';
import { routeProvider, type ScriptAnswer } from '@relais/sandbox/testing/routes.js';
import type { RelaisCheckout } from '@relais/checkout/relais-checkout.js';
import '@relais/checkout';
import { testEndpoint } from './api.js';
import { inShadow, waitFor } from './dom.js';

export interface CheckoutOptions {
  /** A namespace prepared by the test (e.g. with configureHealth); a fresh one otherwise. */
  endpoint?: string;
  /** Extra attributes, e.g. `breaker-cooldown`. */
  attributes?: Record<string, string>;
  providers?: string;
  stripe?: ScriptAnswer;
  adyen?: ScriptAnswer;
  paypal?: ScriptAnswer;
  loadTimeout?: number;
  lang?: string;
  sandbox?: Omit<SandboxConfig, 'apiBase'>;
  /** The merchant's own order id, set before the element starts (two tabs of one order). */
  orderId?: string;
}

export interface Harness {
  element: RelaisCheckout;
  endpoint: string;
  events: CustomEvent[];
  of(type: string): CustomEvent[];
  /** Waits for the first event of that type. */
  first(type: string, timeoutMs?: number): Promise<CustomEvent>;
}

export async function providerCheckout(options: CheckoutOptions = {}): Promise<Harness> {
  const endpoint = options.endpoint ?? testEndpoint();
  configureSandbox({ apiBase: `${endpoint}/sandbox`, ...options.sandbox });
  if (options.stripe) await routeProvider('stripe', options.stripe);
  if (options.adyen) await routeProvider('adyen', options.adyen);
  if (options.paypal) await routeProvider('paypal', options.paypal);
  const events: CustomEvent[] = [];
  const record = (event: Event) => events.push(event as CustomEvent);
  const element = await fixture<RelaisCheckout>(html`<relais-checkout amount="4990" currency="EUR" lang=${options.lang ?? 'en'}
    .orderId=${options.orderId} endpoint=${endpoint} providers=${options.providers ?? 'stripe paypal bank-transfer'}
    stripe-key="pk_test_relais" adyen-client-key="test_RELAISSANDBOX1" adyen-environment="test" paypal-client-id="sb-relais" load-timeout=${options.loadTimeout ?? 6000}
    bank-iban="FR1420041010050500013M02606" bank-beneficiary="Relais Démo SARL"
    @relais-ready=${record} @relais-provider-change=${record} @relais-incident=${record}
    @relais-payment-succeeded=${record} @relais-payment-declined=${record} @relais-payment-pending=${record}
    @relais-order-queued=${record} @relais-order-delivered=${record}></relais-checkout>`);
  for (const [name, value] of Object.entries(options.attributes ?? {})) element.setAttribute(name, value);
  const of = (type: string) => events.filter((event) => event.type === type);
  const first = (type: string, timeoutMs = 8000) => waitFor(() => of(type)[0], timeoutMs);
  return { element, endpoint, events, of, first };
}

/** The light-DOM mount point of a provider (where its SDK renders). */
export function mountOf(element: RelaisCheckout, provider: string): HTMLElement | null {
  // Its own light DOM first; inside another shadow root the mount point moves up to the document.
  return element.querySelector(`[data-relais-mount="provider-${provider}"]`) ?? document.querySelector(`[data-relais-mount="provider-${provider}"]`);
}

export function payButton(element: RelaisCheckout): HTMLButtonElement | null {
  return inShadow<HTMLButtonElement>(element, '[part="pay-button"]');
}

export const readyToPay = (element: RelaisCheckout) => waitFor(() => inShadow<HTMLButtonElement>(element, '[part="pay-button"]:not([disabled])'), 6000);

export const checkedMethod = (element: RelaisCheckout) =>
  inShadow<HTMLInputElement>(element, 'input[type="radio"]:checked')?.parentElement?.textContent?.trim().split(/\s/)[0];
