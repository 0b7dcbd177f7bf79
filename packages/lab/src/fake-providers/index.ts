import type { Database, FakeProviders, Sandbox } from '@relais/server/provider-kit';
import { sandboxAdyenGateway } from './adyen-gateway.js';
import { sandboxAdyen } from './adyen-psp.js';
import { sandboxAdyenRoutes } from './adyen-routes.js';
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
  const adyen = sandboxAdyen(db);
  const adyenRoutes = sandboxAdyenRoutes(adyen, basePath);
  const stripeRoutes = sandboxStripeRoutes(stripe, basePath);
  const threeDs = threeDsRoutes(stripe);
  return {
    stripe: sandboxStripeGateway(stripe),
    paypal: sandboxPayPalGateway(paypal),
    adyen: sandboxAdyenGateway(adyen),
    routes: [
      { method: 'GET', path: '/sandbox/stripe/payment_intents/:id', handle: stripeRoutes.retrieve },
      { method: 'POST', path: '/sandbox/stripe/payment_intents/:id/confirm', handle: stripeRoutes.confirm },
      { method: 'GET', path: '/sandbox/stripe/3ds/:id', handle: threeDs.show },
      { method: 'POST', path: '/sandbox/stripe/3ds/:id', handle: threeDs.decide },
      { method: 'POST', path: '/sandbox/paypal/orders/:id/approve', handle: approveRoute(paypal) },
      { method: 'POST', path: '/sandbox/adyen/sessions/:id/setup', handle: adyenRoutes.setup },
      { method: 'POST', path: '/sandbox/adyen/sessions/:id/payments', handle: adyenRoutes.payments },
      { method: 'POST', path: '/sandbox/adyen/sessions/:id/paymentDetails', handle: adyenRoutes.details },
      { method: 'GET', path: '/sandbox/adyen/3ds/:id', handle: adyenRoutes.show },
      { method: 'POST', path: '/sandbox/adyen/3ds/:id', handle: adyenRoutes.decide },
      { method: 'GET', path: '/sandbox/ledger/:orderId', handle: ledgerRoute(db, adyen.ledger) },
    ],
  };
};
