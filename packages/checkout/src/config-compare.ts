/** What the element compares of its configuration in the core bundle; the checks are config.ts (a chunk). */
import type { CheckoutConfig } from './config.js';

/** Whether two configurations load the same providers the same way (amount changes do not). */
export function sameProviderSetup(a: CheckoutConfig, b: CheckoutConfig): boolean {
  const setup = (c: CheckoutConfig) =>
    JSON.stringify([c.providers, c.stripeKey, c.adyenClientKey, c.adyenEnvironment, c.paypalClientId, c.paypalEnvironment, c.bank, c.endpoint, c.loadTimeout, c.lang]);
  return setup(a) === setup(b);
}
