/**
 * Relais's own methods, defined like any merchant method (providers/registry.ts). Only this data
 * is in the core bundle: each adapter is its own chunk, and the return and verification code are
 * loaded when a shopper needs them.
 */
import type { ProviderDefinition } from './registry.js';

const verification = () => import('./stripe-paypal-verification.js');

export const builtIns: Record<string, ProviderDefinition> = {
  stripe: {
    load: () => import('./stripe.js').then((m) => new m.StripeProvider()),
    capabilities: { needsMerchantApi: true, needsMountPoint: true, redirects: true, verifiable: true, cardProcessor: true },
    verify: (order, signal) => verification().then((m) => m.verifyStripeOrder(order, signal)),
    redirect: {
      isReturn: (params) => params.has('payment_intent_client_secret'),
      take: (window) => import('./redirect-return.js').then((m) => m.takeRedirectReturn(window)!),
    },
    requires: { attribute: 'stripe-key' },
  },
  adyen: {
    load: () => import('./adyen.js').then((m) => new m.AdyenProvider()),
    capabilities: { needsMerchantApi: true, needsMountPoint: true, redirects: true, verifiable: true, cardProcessor: true },
    verify: (order, signal) => import('./adyen-verification.js').then((m) => m.verifyAdyenOrder(order, signal)),
    redirect: {
      isReturn: (params) => params.has('redirectResult'),
      take: (window) => import('./adyen-return.js').then((m) => m.takeAdyenReturn(window)!),
    },
    requires: { attribute: 'adyen-client-key' },
  },
  paypal: {
    load: () => import('./paypal.js').then((m) => new m.PayPalProvider()),
    capabilities: { needsMerchantApi: true, ownsPayButton: true, needsMountPoint: true, verifiable: true },
    verify: (order, signal) => verification().then((m) => m.verifyPayPalOrder(order, signal)),
    requires: { attribute: 'paypal-client-id' },
  },
  'bank-transfer': {
    load: () => import('./bank-transfer.js').then((m) => new m.BankTransferProvider()),
    capabilities: { showsInstructions: true },
    requires: { attribute: 'bank-iban' },
  },
};
