/**
 * Entry of the Adyen Web stand-in, bundled to one classic script (build.mjs) and served in place of
 * https://checkoutshopper-{test|live}.cdn.adyen.com/checkoutshopper/sdk/{version}/adyen.js.
 * Executing it defines `window.AdyenWeb`, as Adyen Web's UMD build does.
 */
import { SandboxCard } from './adyen/card.js';
import { AdyenCheckout } from './adyen/checkout.js';

(window as unknown as { AdyenWeb: unknown }).AdyenWeb = { AdyenCheckout, Card: SandboxCard };
