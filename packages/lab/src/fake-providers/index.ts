import type { Database, FakeProviders, Sandbox } from '@relais/server/provider-kit';
import { sandboxPayPalGateway, sandboxStripeGateway } from './gateways.js';
import { sandboxPayPal } from './paypal-psp.js';
import { ledgerRoute } from './ledger-route.js';
import { approveRoute } from './paypal-routes.js';
import { sandboxStripe } from './stripe-psp.js';
import { sandboxStripeRoutes } from './stripe-routes.js';
import { threeDsRoutes } from './three-ds.js';

/** A fake Stripe and PayPal over the store's database, for the merchant side and the browser. */
export const sandbox: Sandbox = (db: Database, basePath: string): FakeProviders => {
  const stripe = sandboxStripe(db);
  const paypal = sandboxPayPal(db);
  const stripeRoutes = sandboxStripeRoutes(stripe, basePath);
  const threeDs = threeDsRoutes(stripe);
  return {
    stripe: sandboxStripeGateway(stripe),
    paypal: sandboxPayPalGateway(paypal),
    routes: [
      { method: 'GET', path: '/sandbox/stripe/payment_intents/:id', handle: stripeRoutes.retrieve },
      { method: 'POST', path: '/sandbox/stripe/payment_intents/:id/confirm', handle: stripeRoutes.confirm },
      { method: 'GET', path: '/sandbox/stripe/3ds/:id', handle: threeDs.show },
      { method: 'POST', path: '/sandbox/stripe/3ds/:id', handle: threeDs.decide },
      { method: 'POST', path: '/sandbox/paypal/orders/:id/approve', handle: approveRoute(paypal) },
      { method: 'GET', path: '/sandbox/ledger/:orderId', handle: ledgerRoute(db) },
    ],
  };
};
