/**
 * Entry of the PayPal v6 core SDK stand-in, bundled to one classic script (build.mjs) and served
 * in place of https://www.paypal.com/web-sdk/v6/core (and the www.sandbox.paypal.com one).
 * Executing it defines `window.paypal` and `<paypal-button>`.
 */
import type { PayPalV6Namespace } from '@paypal/paypal-js/sdk-v6';
import { createInstance } from './paypal/instance.js';
import { definePayPalButton } from './paypal/paypal-button.js';

const paypal: PayPalV6Namespace = {
  createInstance,
  // loadCoreSdkScript accepts any global whose version starts with "6". PayPal's type wants
  // x.y.z; the suffix tells whoever reads `paypal.version` in a console that this is the stand-in.
  version: '6.0.0-sandbox' as string as PayPalV6Namespace['version'],
};

definePayPalButton();
Object.assign(window, { paypal });
