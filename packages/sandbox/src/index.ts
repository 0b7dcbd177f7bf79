/**
 * @relais/sandbox, browser side: the configuration the stand-ins read. The stand-ins themselves
 * are classic scripts (src/stripe-js.ts, src/paypal-v6.ts) that `@relais/sandbox/build` bundles
 * for whoever answers the provider URLs; importing this module defines nothing.
 */
export {
  configureSandbox,
  readSandboxConfig,
  DEFAULT_API_BASE,
  type AdyenFault,
  type PayPalApproval,
  type PayPalFault,
  type ResolvedSandboxConfig,
  type SandboxConfig,
  type StripeFault,
} from './config.js';
export { TEST_CARDS } from './stripe/cards.js';
