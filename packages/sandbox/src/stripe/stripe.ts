/**
 * `Stripe(publishableKey)` of the sandbox: the deferred-intent Payment Element flow Relais uses
 * (`elements`, `confirmPayment`, `retrievePaymentIntent`), talking to the fake Stripe API.
 */
import type {
  ConfirmPaymentData,
  PaymentIntentResult,
  Stripe,
  StripeConstructor,
  StripeConstructorOptions,
  StripeElements,
  StripeError,
  WrapperLibrary,
} from '@stripe/stripe-js';
import { delay, readSandboxConfig } from '../config.js';
import { intentIdFromSecret, requestIntent } from './api.js';
import { createElements, elementsState } from './elements.js';
import { apiError, connectionError, integrationError } from './errors.js';
import { localise } from './messages.js';
import { sendTelemetry, TRACKERS } from '../telemetry.js';

interface ConfirmOptions {
  elements?: StripeElements;
  clientSecret?: string;
  confirmParams?: Partial<ConfirmPaymentData>;
  redirect?: 'if_required' | 'always';
}

/** What the sandbox implements of `Stripe`, plus the hook `@stripe/stripe-js` calls after loading. */
type Implemented = 'elements' | 'confirmPayment' | 'retrievePaymentIntent' | 'registerAppInfo';
type SandboxStripe = Pick<Stripe, Implemented> & {
  _registerWrapper(wrapper: WrapperLibrary & { startTime?: number }): void;
};

/** A page that is navigating away: Stripe.js's promise never settles, and neither does ours. */
function leavePage(url: string): Promise<never> {
  window.location.assign(url);
  return new Promise<never>(() => undefined);
}

function returnUrlWith(returnUrl: string, clientSecret: string, intentId: string, status: string): string {
  const url = new URL(returnUrl, window.location.href);
  url.searchParams.set('payment_intent', intentId);
  url.searchParams.set('payment_intent_client_secret', clientSecret);
  url.searchParams.set('redirect_status', status);
  return url.href;
}

/** `stripeLocale`: the `Stripe(key, {locale})` option, for errors when the Elements group sets none. */
async function confirmPayment(options: ConfirmOptions, stripeLocale: string | undefined): Promise<PaymentIntentResult> {
  const { elements, clientSecret, confirmParams, redirect = 'always' } = options ?? {};
  if (!clientSecret) throw integrationError('You must pass in a clientSecret when calling stripe.confirmPayment().');
  const intentId = intentIdFromSecret(clientSecret);
  if (!intentId) {
    throw integrationError(
      `Invalid value for stripe.confirmPayment(): clientSecret should be a client secret of the form \${id}_secret_\${secret}. You specified: ${clientSecret}.`,
    );
  }
  const state = elements && elementsState(elements);
  if (!state?.element()) {
    throw integrationError('Invalid value for stripe.confirmPayment(): elements should have a mounted Payment Element.');
  }
  if (!state.submitted) {
    throw integrationError(
      'elements.submit() must be called before stripe.confirmPayment(). Call elements.submit() as soon as your customer presses pay, prior to any asynchronous work.',
    );
  }
  const returnUrl = confirmParams?.return_url;
  if (redirect !== 'if_required' && !returnUrl) {
    throw integrationError('stripe.confirmPayment(): the `confirmParams.return_url` argument is required unless passing `redirect: "if_required"`.');
  }
  const checked = state.validate();
  if ('error' in checked) return { error: checked.error };

  sendTelemetry(TRACKERS.stripeTelemetry, 'confirm-payment');
  const { apiBase, stripe: sandbox } = readSandboxConfig();
  // API outages are decided here, before any request: the PaymentIntent stays unconfirmed, which is
  // what Relais's "verify first" path must then discover through retrievePaymentIntent.
  if (sandbox.fault === 'api-5xx') return { error: apiError(500) };
  if (sandbox.fault === 'api-timeout') {
    await delay(sandbox.timeoutMs);
    return { error: connectionError() };
  }
  const paymentMethod = sandbox.fault === 'decline' ? 'pm_card_visa_chargeDeclined' : checked.paymentMethod;
  const answer = await requestIntent('POST', `${apiBase}/stripe/payment_intents/${encodeURIComponent(intentId)}/confirm`, {
    client_secret: clientSecret,
    payment_method: paymentMethod,
    return_url: returnUrl,
  });
  // The confirmation reached the API and was processed (the intent may now be paid); only its
  // answer is lost on the way back, as when the shopper's connection drops mid-request.
  if (sandbox.fault === 'lost-answer') return { error: connectionError() };
  if (answer.error) return { error: localise(answer.error, state.locale() ?? stripeLocale) };

  const intent = answer.paymentIntent;
  const nextAction = intent.next_action;
  if (intent.status === 'requires_action' && nextAction?.type === 'redirect_to_url' && nextAction.redirect_to_url?.url) {
    return leavePage(nextAction.redirect_to_url.url);
  }
  // Stripe.js reports a PaymentIntent that fell back to requires_payment_method as an error.
  if (intent.status === 'requires_payment_method' && intent.last_payment_error) {
    return { error: { ...localise(intent.last_payment_error as StripeError, state.locale() ?? stripeLocale), payment_intent: intent } };
  }
  if (redirect === 'always' && returnUrl && (intent.status === 'succeeded' || intent.status === 'processing')) {
    return leavePage(returnUrlWith(returnUrl, clientSecret, intent.id, intent.status === 'succeeded' ? 'succeeded' : 'processing'));
  }
  return { paymentIntent: intent };
}

/**
 * What Stripe.js answers, with the intent's last error worded in `locale` (the `Stripe(key, {locale})`
 * option): a 3-D Secure failure read after the redirect back reads in the shop's language too.
 */
async function retrievePaymentIntent(clientSecret: string, locale: string | undefined): Promise<PaymentIntentResult> {
  const intentId = intentIdFromSecret(clientSecret);
  if (!intentId) {
    throw integrationError(
      `Invalid value for retrievePaymentIntent: clientSecret should be a client secret of the form \${id}_secret_\${secret}. You specified: ${String(clientSecret)}.`,
    );
  }
  const { apiBase } = readSandboxConfig();
  const answer = await requestIntent('GET', `${apiBase}/stripe/payment_intents/${encodeURIComponent(intentId)}?client_secret=${encodeURIComponent(clientSecret)}`);
  const lastError = answer.paymentIntent?.last_payment_error as StripeError | null | undefined;
  if (!answer.paymentIntent || !lastError) return answer;
  return { paymentIntent: { ...answer.paymentIntent, last_payment_error: localise(lastError, locale) as typeof answer.paymentIntent.last_payment_error } };
}

function checkKey(publishableKey: unknown): void {
  if (typeof publishableKey !== 'string') {
    throw integrationError(`Invalid value for Stripe(): apiKey should be a string. You specified: ${typeof publishableKey}.`);
  }
  if (publishableKey === '') throw integrationError('Please call Stripe() with your publishable key. You used an empty string.');
  // A secret key in a page is a leaked secret key: Stripe.js refuses it outright.
  if (/^(sk|rk)_/.test(publishableKey)) {
    throw integrationError('You should not use your secret key with Stripe.js.\nPlease pass a publishable key instead.');
  }
}

function createStripe(publishableKey: string, options?: StripeConstructorOptions): Stripe {
  checkKey(publishableKey);
  sendTelemetry(TRACKERS.stripeFraudSignals, 'stripe-js-init');
  const wrappers: WrapperLibrary[] = [];
  const stripe: SandboxStripe = {
    elements: (options?) => createElements(options),
    confirmPayment: ((confirm: ConfirmOptions) => confirmPayment(confirm, options?.locale)) as Stripe['confirmPayment'],
    retrievePaymentIntent: (clientSecret: string) => retrievePaymentIntent(clientSecret, options?.locale),
    registerAppInfo: (info) => void wrappers.push(info),
    _registerWrapper: (wrapper) => void wrappers.push(wrapper),
  };
  // The sandbox deliberately implements only the Payment Element flow; any other Stripe method is
  // absent (a TypeError if called), which a test would surface at once.
  const surface: Pick<Stripe, Implemented> = stripe;
  return surface as Stripe;
}

/** `window.Stripe` of the stand-in; `version` is the release train @stripe/stripe-js expects. */
export const StripeSandbox: StripeConstructor & { version: 'endive' } = Object.assign(createStripe, { version: 'endive' as const });
