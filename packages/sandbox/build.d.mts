/** Bundles a stand-in to one minified classic script (IIFE), cached per process. Node only. */
export declare function buildStandIn(name: 'stripe-js' | 'paypal-v6' | 'adyen-web'): Promise<string>;
