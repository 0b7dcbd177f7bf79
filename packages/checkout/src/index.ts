/**
 * `import '@relais/checkout'` defines `<relais-checkout>`. Import the class from
 * `@relais/checkout/relais-checkout.js` to register it under another name, or not at all.
 */
import { RelaisCheckout } from './relais-checkout.js';

export { RelaisCheckout } from './relais-checkout.js';
export type { CheckoutConfig, ConfigIssue, ProviderId } from './config.js';
export type { RelaisEventMap, IncidentDetail } from './events.js';
export { FailureKind, RelaisError } from './errors.js';
export type { CartLine, Customer, Order } from './order.js';
export type { BankInstructions, InstructionsView, PaymentOutcome, Provider, ProviderContext } from './providers/provider.js';
export { defineProvider } from './providers/registry.js';
export type { Capabilities, MethodLabel, MethodMessages, ProviderDefinition, RedirectReturn } from './providers/registry.js';
export type { OrderRef } from './merchant-order.js';

// On a server (Next.js, Nuxt, Astro… import components there), Lit's Node build gives the class
// @lit-labs/ssr-dom-shim's HTMLElement and registry; a runtime without any registry gets no
// definition rather than a ReferenceError. The element comes alive in the browser.
if (typeof customElements !== 'undefined' && !customElements.get('relais-checkout')) {
  customElements.define('relais-checkout', RelaisCheckout);
}

declare global {
  interface HTMLElementTagNameMap {
    'relais-checkout': RelaisCheckout;
  }
}
