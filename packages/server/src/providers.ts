import type Stripe from 'stripe';
import type { AdyenGateway } from './adyen/gateway.js';
import { firstRefusal, paidWithAdyen } from './adyen/one-payment.js';
import type { AdyenSessionStore } from './adyen/session-store.js';
import { postAdyenSession, postAdyenSessionStatus } from './adyen/sessions-route.js';
import { adyenVerifier } from './adyen/verify.js';
import { postAdyenWebhook, type HmacCheck } from './adyen/webhooks-route.js';
import { keyedLock, withSharedLock } from './keyed-lock.js';
import { onePayment } from './one-payment.js';
import { orderPayments, type OrderPayments } from './order-payments.js';
import type { PaymentAccess } from './payment-request.js';
import { postPayPalCapture } from './paypal/capture-route.js';
import type { PayPalGateway } from './paypal/gateway.js';
import { livePayPalGateway } from './paypal/live-gateway.js';
import { postPayPalOrder } from './paypal/orders-route.js';
import { postPayPalOrderStatus } from './paypal/status-route.js';
import type { Route } from './router.js';
import type { Sandbox } from './lab-loader.js';
import type { StoreBackend } from './store-backend.js';
import type { IntentView, StripeGateway } from './stripe/gateway.js';
import { postPaymentIntent } from './stripe/payment-intents-route.js';
import { postPaymentIntentStatus } from './stripe/status-route.js';
import { postStripeWebhook } from './stripe/webhooks-route.js';

export interface StripeOptions {
  /** `sk_live_…` / `sk_test_…` (or a restricted `rk_…`). Never logged, never answered. */
  secretKey: string;
  /** `whsec_…`: enables `POST /stripe/webhooks`. */
  webhookSecret?: string;
  /** Sends Stripe's requests through this `fetch` (tests, proxies); default: the package's Node client. */
  fetch?: typeof fetch;
  /** Another origin for Stripe's API, for tests and proxies (`http://127.0.0.1:9000`). Default: api.stripe.com. */
  apiBase?: string;
}

export interface PayPalOptions {
  clientId: string;
  clientSecret: string;
  environment: 'sandbox' | 'production';
  /** Sends PayPal's requests through this `fetch`; default: the global one. */
  fetch?: typeof fetch;
  /** Another origin for PayPal's API, for tests and proxies. Default: the environment's. */
  apiBase?: string;
}

export interface AdyenOptions {
  /** Adyen API key (Customer Area, API credentials). Never logged, never answered. */
  apiKey: string;
  merchantAccount: string;
  environment: 'test' | 'live';
  /** Live only: the merchant's live endpoint prefix (`[random]-[company]`). */
  liveEndpointUrlPrefix?: string;
  /** The webhook's HMAC key (hex): enables `POST /adyen/webhooks`. */
  hmacKey?: string;
}

export interface ProviderOptions {
  stripe?: StripeOptions | undefined;
  paypal?: PayPalOptions | undefined;
  adyen?: AdyenOptions | undefined;
  /**
   * Fake providers instead of Stripe and PayPal: `sandbox` from `@relais/lab` (packages/sandbox/
   * README.md), for tests and the demo. Never a default: without keys and without it, the API
   * takes orders (bank transfer) and has no card or PayPal route.
   */
  sandbox?: Sandbox | undefined;
}

function requireText(value: unknown, name: string): void {
  // The message names the option, never its value: it may be a key.
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`createRelaisHandler: ${name} must be a non-empty string`);
}

function checkOptions({ stripe, paypal, adyen }: ProviderOptions): void {
  if (adyen) {
    requireText(adyen.apiKey, 'adyen.apiKey');
    requireText(adyen.merchantAccount, 'adyen.merchantAccount');
    if (adyen.hmacKey !== undefined) requireText(adyen.hmacKey, 'adyen.hmacKey');
    if (adyen.environment !== 'test' && adyen.environment !== 'live') throw new Error("createRelaisHandler: adyen.environment must be 'test' or 'live'");
  }
  if (stripe) {
    requireText(stripe.secretKey, 'stripe.secretKey');
    if (stripe.webhookSecret !== undefined) requireText(stripe.webhookSecret, 'stripe.webhookSecret');
  }
  if (paypal) {
    requireText(paypal.clientId, 'paypal.clientId');
    requireText(paypal.clientSecret, 'paypal.clientSecret');
    if (paypal.environment !== 'sandbox' && paypal.environment !== 'production') {
      throw new Error("createRelaisHandler: paypal.environment must be 'sandbox' or 'production'");
    }
  }
}

function sandboxOf(options: ProviderOptions): Sandbox | undefined {
  if (options.sandbox !== undefined && typeof options.sandbox !== 'function') {
    throw new Error('createRelaisHandler: sandbox must be the `sandbox` export of @relais/lab');
  }
  if (options.sandbox && (options.stripe || options.paypal || options.adyen)) {
    // Half fake, half real is how fake payments reach a live shop: refuse the mix outright.
    throw new Error('createRelaisHandler: sandbox cannot be combined with stripe or paypal keys');
  }
  return options.sandbox;
}

/** `@adyen/api-library`, like `stripe`, is loaded in live mode only, and awaited by the first call. */
function lazyAdyen(options: AdyenOptions): { gateway: AdyenGateway; verify: HmacCheck | undefined } {
  const library = import('./adyen/live-gateway.js');
  library.catch(() => {});
  const gateway = library.then(({ liveAdyenGateway }) => liveAdyenGateway(options));
  gateway.catch(() => {});
  const { hmacKey } = options;
  const check = hmacKey ? library.then(({ adyenHmacCheck }) => adyenHmacCheck(hmacKey)) : undefined;
  check?.catch(() => {});
  return {
    gateway: {
      createSession: async (request) => (await gateway).createSession(request),
      sessionResult: async (sessionId, result) => (await gateway).sessionResult(sessionId, result),
    },
    verify: check && (async (item) => (await check)(item)),
  };
}

/**
 * The `stripe` package takes longer to load than the rest of the server: it is loaded in live
 * mode only, starting now, and awaited by the first call that needs it.
 */
function loadStripe(options: StripeOptions): Promise<Stripe> {
  const client = import('./stripe/live-gateway.js').then(({ stripeClient }) => stripeClient(options));
  client.catch(() => {}); // reported by the first call that awaits it
  return client;
}

function lazyStripeGateway(client: Promise<Stripe>): StripeGateway {
  const gateway = Promise.all([client, import('./stripe/live-gateway.js')]).then(([loaded, { liveStripeGateway }]) => liveStripeGateway(loaded));
  gateway.catch(() => {});
  return {
    createOrUpdateIntent: async (request): Promise<IntentView> => (await gateway).createOrUpdateIntent(request),
    retrieve: async (intentId) => (await gateway).retrieve(intentId),
    cancel: async (intentId, idempotencyKey) => (await gateway).cancel(intentId, idempotencyKey),
  };
}

export interface PaymentRoutes {
  routes: Route[];
  /** What moves orders to `paid` (and back to `pending`, or to `refunded`). */
  payments: OrderPayments;
}

/** The payment routes of the merchant API, live or sandbox, over the order store's database. */
export function paymentRoutes(
  options: ProviderOptions,
  backend: StoreBackend,
  basePath: string,
  access: PaymentAccess & { onError: (error: Error) => void },
): PaymentRoutes {
  checkOptions(options);
  const routes: Route[] = [];
  const intents = backend.intents();
  let stripe: StripeGateway | undefined;
  let paypal: PayPalGateway | undefined;
  let webhook: { client: Promise<Stripe>; webhookSecret: string } | undefined;
  let adyen: AdyenGateway | undefined;
  let adyenHmac: HmacCheck | undefined;

  const sandbox = sandboxOf(options);
  if (sandbox) {
    const fake = sandbox(backend.sandboxDatabase(), basePath);
    stripe = fake.stripe;
    paypal = fake.paypal;
    adyen = fake.adyen;
    routes.push(...fake.routes);
    // No webhooks in the sandbox: its answers are synchronous, and nothing may post fake events.
  } else {
    if (options.stripe) {
      const client = loadStripe(options.stripe);
      stripe = lazyStripeGateway(client);
      const { webhookSecret } = options.stripe;
      if (webhookSecret) webhook = { client, webhookSecret };
    }
    if (options.paypal) paypal = livePayPalGateway(options.paypal);
    if (options.adyen) ({ gateway: adyen, verify: adyenHmac } = lazyAdyen(options.adyen));
  }

  const lock = withSharedLock(keyedLock(), backend.paymentLock);
  const paypalOrders = backend.paypalOrders();
  const guard = onePayment(stripe, intents, paypalOrders);
  // Adyen's records live beside the orders, shared by every instance on the database.
  const sessions: AdyenSessionStore | undefined = adyen && backend.adyenSessions();
  const adyenGuard = paidWithAdyen(adyen, sessions);
  const adyenVerdict = adyen && sessions && adyenVerifier(adyen, sessions);
  const payments = orderPayments({ store: access.store, stripe, intents, paypal, paypalOrders, adyen: adyenVerdict, onError: access.onError });
  if (webhook) {
    routes.push({ method: 'POST', path: '/stripe/webhooks', handle: postStripeWebhook({ ...webhook, intents, payments }) });
  }
  if (stripe) {
    const stripeRoute = { ...access, gateway: stripe, intents, lock, payments, paidElsewhere: firstRefusal(guard.paidWithPayPal, adyenGuard) };
    routes.push(
      { method: 'POST', path: '/stripe/payment-intents', handle: postPaymentIntent(stripeRoute) },
      { method: 'POST', path: '/stripe/payment-intents/status', handle: postPaymentIntentStatus(stripeRoute) },
    );
  }
  if (paypal) {
    const paypalRoute = { ...access, gateway: paypal, orders: paypalOrders, lock, payments, paidElsewhere: firstRefusal(guard.paidWithStripe, adyenGuard) };
    routes.push(
      { method: 'POST', path: '/paypal/orders', handle: postPayPalOrder(paypalRoute) },
      { method: 'POST', path: '/paypal/orders/status', handle: postPayPalOrderStatus(paypalRoute) },
      { method: 'POST', path: '/paypal/orders/:id/capture', handle: postPayPalCapture(paypalRoute) },
    );
  }
  if (adyen && sessions) {
    const adyenRoute = { ...access, gateway: adyen, sessions, lock, payments, paidElsewhere: firstRefusal(guard.paidWithStripe, guard.paidWithPayPal) };
    routes.push(
      { method: 'POST', path: '/adyen/sessions', handle: postAdyenSession(adyenRoute) },
      { method: 'POST', path: '/adyen/sessions/status', handle: postAdyenSessionStatus(adyenRoute) },
    );
    if (adyenHmac) routes.push({ method: 'POST', path: '/adyen/webhooks', handle: postAdyenWebhook({ verify: adyenHmac, sessions, payments }) });
  }
  return { routes, payments };
}
