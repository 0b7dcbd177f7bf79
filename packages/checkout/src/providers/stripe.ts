/**
 * Stripe Payment Element with a deferred intent: the element renders before any PaymentIntent
 * exists; the merchant's server creates one only when the shopper pays (DESIGN.md, merchant API).
 * Loaded with `@stripe/stripe-js/pure`: the main entry injects the script on import.
 */
import { loadStripe } from '@stripe/stripe-js/pure';
import type { PaymentIntentResult, Stripe, StripeElements, StripeError, StripePaymentElement } from '@stripe/stripe-js';
import { postJson } from '../api.js';
import { FailureKind, RelaisError } from '../errors.js';
import type { PaymentOutcome, Provider, ProviderContext } from './provider.js';
import { forgetReturn, rememberReturn } from './redirect-return.js';
import { loadSdk } from './sdk-errors.js';

const stripeOrigin = 'https://js.stripe.com';

export class StripeProvider implements Provider {
  readonly id = 'stripe' as const;
  readonly needsMountPoint = true;
  readonly ownsPayButton = false;
  #stripe: Stripe | undefined;
  #elements: StripeElements | undefined;
  #element: StripePaymentElement | undefined;
  #attempt = 0;

  async load({ config }: ProviderContext): Promise<void> {
    const stripe = await loadSdk(this.id, [stripeOrigin], /not available/, () => loadStripe(config.stripeKey!));
    if (!stripe) throw new RelaisError(FailureKind.SdkMissingGlobal, 'Stripe.js loaded without window.Stripe', { provider: this.id });
    this.#stripe = stripe;
  }

  mount(target: HTMLElement | undefined, { config, host }: ProviderContext, signal: AbortSignal): Promise<void> {
    const elements = (this.#elements = this.#stripe!.elements({
      mode: 'payment',
      amount: config.amount,
      currency: config.currency.toLowerCase(),
      locale: config.lang,
      appearance: appearanceOf(host),
    }));
    const element = (this.#element = elements.create('payment', { layout: 'tabs' }));
    return new Promise((resolve, reject) => {
      element.on('ready', () => resolve());
      element.on('loaderror', (event) =>
        reject(new RelaisError(FailureKind.ElementLoadError, event.error.message ?? 'Payment Element failed to load', { provider: this.id, cause: event.error })),
      );
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      try {
        element.mount(target!);
      } catch (cause) {
        reject(new RelaisError(FailureKind.IntegrationError, String((cause as Error).message), { provider: this.id, cause }));
      }
    });
  }

  update({ config }: ProviderContext): void {
    this.#elements?.update({ amount: config.amount, currency: config.currency.toLowerCase() });
  }

  async pay({ config, order }: ProviderContext, signal: AbortSignal): Promise<PaymentOutcome> {
    const stripe = this.#stripe!;
    const elements = this.#elements!;
    // Wallets (Apple Pay, Google Pay) need the click's user activation: submit() comes first.
    const submitted = await elements.submit();
    if (submitted.error) return { status: 'declined', message: submitted.error.message };

    let clientSecret: string;
    try {
      const answer = await postJson<{ clientSecret?: string }>(
        `${config.endpoint}/stripe/payment-intents`,
        { orderId: order.orderId, amount: order.amount, currency: order.currency },
        { idempotencyKey: `${order.orderId}:${this.id}:${++this.#attempt}`, signal },
      );
      if (!answer.ok || !answer.body.clientSecret) {
        const error = new RelaisError(FailureKind.IntegrationError, `payment-intents answered ${answer.status}`, { provider: this.id, status: answer.status });
        return { status: 'unavailable', error };
      }
      clientSecret = answer.body.clientSecret;
    } catch (error) {
      return { status: 'unavailable', error: error as RelaisError };
    }

    rememberReturn(order.orderId, clientSecret);
    const result = await stripe.confirmPayment({
      elements,
      clientSecret,
      confirmParams: { return_url: config.returnUrl },
      redirect: 'if_required',
    });
    forgetReturn();
    return classifyConfirmation(result);
  }

  async resume(_context: ProviderContext, params: URLSearchParams): Promise<PaymentOutcome | undefined> {
    const clientSecret = params.get('payment_intent_client_secret');
    if (!clientSecret) return undefined;
    forgetReturn();
    return classifyConfirmation(await this.#stripe!.retrievePaymentIntent(clientSecret));
  }

  destroy(): void {
    this.#element?.destroy();
    this.#element = undefined;
    this.#elements = undefined;
  }
}

/** DESIGN.md's failure table applied to what `confirmPayment` / `retrievePaymentIntent` return. */
export function classifyConfirmation(result: PaymentIntentResult): PaymentOutcome {
  if (result.error) return classifyStripeError(result.error);
  const intent = result.paymentIntent;
  switch (intent.status) {
    case 'succeeded':
      return { status: 'succeeded', reference: intent.id };
    case 'processing':
    case 'requires_capture':
      return { status: 'pending', reason: 'processing', reference: intent.id };
    case 'requires_payment_method':
      return { status: 'declined', message: intent.last_payment_error?.message };
    default:
      // requires_action left unfinished, canceled…: the money did not move, the shopper decides.
      return { status: 'declined', message: undefined };
  }
}

function classifyStripeError(error: StripeError): PaymentOutcome {
  const fail = (code: typeof FailureKind[keyof typeof FailureKind]) =>
    new RelaisError(code, error.message ?? error.type, { provider: 'stripe', cause: error });
  switch (error.type) {
    case 'card_error':
    case 'validation_error':
      return { status: 'declined', message: error.message };
    case 'rate_limit_error':
      // Refused before processing: nothing was charged, another method is safe.
      return { status: 'unavailable', error: fail(FailureKind.ApiUnavailable) };
    case 'api_connection_error':
    case 'api_error':
      // The confirmation may have reached Stripe: verify before offering anything else.
      return { status: 'outcome-unknown', error: fail(FailureKind.OutcomeUnknown) };
    case 'invalid_request_error':
      if (error.code === 'payment_intent_authentication_failure') return { status: 'declined', message: error.message };
      return { status: 'unavailable', error: fail(FailureKind.IntegrationError) };
    default:
      // authentication_error (bad key) and anything unknown: the merchant must act.
      return { status: 'unavailable', error: fail(FailureKind.IntegrationError) };
  }
}

/** Stripe's appearance follows the element's public theme hooks. */
function appearanceOf(host: HTMLElement) {
  const style = getComputedStyle(host);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    theme: 'stripe' as const,
    variables: {
      colorPrimary: read('--relais-accent', '#1d4ed8'),
      colorText: read('--relais-text', '#111827'),
      colorBackground: read('--relais-background', '#ffffff'),
      colorDanger: read('--relais-error', '#b91c1c'),
      borderRadius: read('--relais-radius', '8px'),
      fontFamily: read('--relais-font', 'system-ui, sans-serif'),
    },
  };
}
