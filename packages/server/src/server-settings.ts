/**
 * What `startServer` serves by default and the lab needs too: the listening defaults, the demo's
 * database and the pages' policy. A module of its own, free of imports, so that `@relais/lab` reads
 * them through `@relais/server/provider-kit` without loading the whole server a second time.
 */
export const DEFAULTS = { port: 8787, host: '127.0.0.1', basePath: '/checkout', db: '.data/relais.sqlite' } as const;
/** The demo's own database (npm start, --demo): a drop-in trial of relais-server never shows the demo's orders. */
export const DEMO_DB = '.data/demo.sqlite';

/**
 * The pages' policy: the strict one, plus exactly what the element and the payment providers'
 * scripts need. Stripe.js and PayPal's SDK are loaded from their origins (in the demo, answered
 * by the lab's worker, but the page must still allow the URL), open frames and call their APIs;
 * the demo's dashboard charts (Observable Plot) carry `<style>` elements; a `data:` favicon.
 */
export const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self' https://js.stripe.com https://checkoutshopper-test.cdn.adyen.com https://www.paypal.com https://www.sandbox.paypal.com",
  "style-src 'self' 'unsafe-inline' https://checkoutshopper-test.cdn.adyen.com",
  "img-src 'self' data:",
  "frame-src 'self' https://js.stripe.com https://hooks.stripe.com https://www.paypal.com https://www.sandbox.paypal.com",
  "connect-src 'self' https://api.stripe.com https://m.stripe.com https://r.stripe.com https://www.paypal.com https://www.sandbox.paypal.com",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join('; ');
