/**
 * Stripe Payment Element with a deferred intent: the element renders before any PaymentIntent
 * exists; the merchant's server creates one only when the shopper pays (docs/design.md, merchant API).
 * Loaded with `@stripe/stripe-js/pure`: the main entry injects the script on import. Named by
 * its file: the package has no `exports` map, and Node and webpack resolve ES module imports
 * fully specified (no directory index).
 */
import { loadStripe } from '@stripe/stripe-js/pure/index.mjs';
import type { PaymentIntentResult, Stripe, StripeElements, StripeError, StripePaymentElement } from '@stripe/stripe-js';
import { postJson, type ApiAnswer } from '../api.js';
import { providerCallKey } from '@relais/contracts';
import { FailureKind, RelaisError, toRelaisError } from '../errors.js';
import { withOrderLock } from '../failover/order-lock.js';
import { verification } from '../failover/policy.js';
import { merchantIntentStatus, verifyStripeIntent, verifyPaidWith, type IntentReading } from './stripe-paypal-verification.js';
import type { PaymentOutcome, Provider, ProviderContext } from './provider.js';
import { forgetReturn, rememberReturn } from './redirect-return.js';
import { loadSdk } from './sdk-errors.js';

/** The script `loadStripe` injects (its release train; no query: Relais sets no load parameters). */
const stripeUrl = 'https://js.stripe.com/endive/stripe.js';
/** How long Stripe.js's retrieve may take during verification before it counts as unreachable. */
const retrieveTimeoutMs = verification.timeoutMs;

export class StripeProvider implements Provider {
  readonly id = 'stripe' as const;
  #stripe: Stripe | undefined;
  #elements: StripeElements | undefined;
  #element: StripePaymentElement | undefined;
  #attempt = 0;
  /**
   * The client secret of the order being paid, for verification only. In memory, never stored
   * (PCI: it authorises the intent); a return visit verifies through the merchant by order id.
   */
  #submitted: { orderId: string; clientSecret: string } | undefined;

  async load({ config }: ProviderContext, _signal?: AbortSignal, struggling?: () => void): Promise<void> {
    const load = () => loadStripe(config.stripeKey!, { locale: config.lang });
    const stripe = await loadSdk(this.id, stripeUrl, () => !!window.Stripe, /not available/, load, undefined, struggling);
    if (!stripe) throw new RelaisError(FailureKind.SdkMissingGlobal, 'Stripe.js loaded without window.Stripe', { provider: this.id });
    this.#stripe = stripe;
  }

  async mount(target: HTMLElement | undefined, { config, host }: ProviderContext, signal: AbortSignal): Promise<void> {
    const elements = (this.#elements = this.#stripe!.elements({
      mode: 'payment',
      amount: config.amount,
      currency: config.currency.toLowerCase(),
      locale: config.lang,
      appearance: appearanceOf(host),
    }));
    const element = (this.#element = elements.create('payment', { layout: 'tabs' }));
    // The frame goes in at the next task: the SDK's arrival already ran in this one, and inserting
    // a frame (a new document) is long too. Two shorter tasks keep a phone's main thread answering.
    await new Promise((resolve) => setTimeout(resolve));
    signal.throwIfAborted();
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

  async pay(context: ProviderContext, signal: AbortSignal): Promise<PaymentOutcome> {
    const stripe = this.#stripe!;
    const elements = this.#elements!;
    // Wallets (Apple Pay, Google Pay) need the click's user activation: submit() comes first.
    const submitted = await elements.submit();
    if (submitted.error) return { status: 'declined', message: submitted.error.message };
    // Two tabs paying this order take turns from here (not before submit: see above), so the
    // second one finds the order paid instead of racing the first one's confirmation.
    return withOrderLock(context.order.orderId, () => this.#createAndConfirm(context, stripe, elements, signal), signal);
  }

  async #createAndConfirm(context: ProviderContext, stripe: Stripe, elements: StripeElements, signal: AbortSignal): Promise<PaymentOutcome> {
    const { config, order, merchant } = context;
    let answer: ApiAnswer<{ clientSecret?: string; paidWith?: string; error?: string }>;
    let secret: string;
    try {
      // Recorded first: the intent is created for the amount the merchant recorded, by order id.
      secret = await merchant.record(order, signal);
      // Kept on the device before the intent exists (wallets used the activation at submit()).
      await context.kept;
      answer = await postJson<{ clientSecret?: string; paidWith?: string; error?: string }>(
        `${config.endpoint}/stripe/payment-intents`,
        { orderId: order.orderId },
        { idempotencyKey: providerCallKey(order.orderId, this.id, ++this.#attempt), secret, signal },
      );
    } catch (error) {
      if (signal.aborted) throw error;
      // Calls to the shop's API only, which names Stripe itself when Stripe is down behind it (502
      // `provider-unavailable`): anything else that ends them (a timeout, an abort) is the shop's.
      const failure = toRelaisError(error, FailureKind.MerchantUnavailable, this.id);
      // Refused by the shop (a price check, a cart changed): nothing was charged; the shopper is told.
      if (failure.code === FailureKind.OrderRejected) return { status: 'not-recorded', error: failure, sent: order };
      return { status: 'unavailable', error: failure };
    }
    // The order's intent is no longer payable (paid in another tab, money moving, canceled by an
    // earlier verification), or PayPal was paid for it: what happened decides, never a second
    // payment and never an outage.
    if (answer.status === 409 && answer.body.error !== 'amount-mismatch') {
      if (answer.body.paidWith && answer.body.paidWith !== this.id) return verifyPaidWith(answer.body.paidWith, merchant.ref, signal);
      return this.verify(context, signal);
    }
    const clientSecret = answer.body.clientSecret;
    if (!answer.ok || !clientSecret) {
      const error = new RelaisError(FailureKind.IntegrationError, `payment-intents answered ${answer.status}`, { provider: this.id, status: answer.status });
      return { status: 'unavailable', error };
    }

    this.#submitted = { orderId: order.orderId, clientSecret };
    rememberReturn(merchant.ref, clientSecret);
    let result: PaymentIntentResult;
    try {
      result = await stripe.confirmPayment({
        elements,
        clientSecret,
        confirmParams: { return_url: config.returnUrl },
        redirect: 'if_required',
      });
    } catch (cause) {
      // A rejection (not an `{error}` result) after the confirmation may have been sent: verify.
      return { status: 'outcome-unknown', error: new RelaisError(FailureKind.OutcomeUnknown, 'confirmPayment threw', { provider: this.id, cause }) };
    } finally {
      forgetReturn();
    }
    // Confirmed or canceled meanwhile (another tab, a verification): ask what the intent is now.
    if (result.error?.code === 'payment_intent_unexpected_state') return this.verify(context, signal);
    return classifyConfirmation(result);
  }

  /**
   * Asks Stripe (retrieve, with the client secret this page holds) and the merchant (status, by
   * order id) at once; either one's answer is enough to tell paid from unpaid, and an unpaid
   * intent is canceled by the server before another method is offered (see `verifyStripeIntent`).
   */
  async verify({ order, merchant }: ProviderContext, signal: AbortSignal): Promise<PaymentOutcome> {
    const secret = this.#submitted?.orderId === order.orderId ? this.#submitted.clientSecret : undefined;
    const readings = await Promise.all([
      secret && this.#stripe ? this.#retrieve(this.#stripe, secret, signal) : undefined,
      merchantIntentStatus(merchant.ref, false, signal),
    ]);
    return verifyStripeIntent(merchant.ref, readings.filter((reading) => reading !== undefined), signal);
  }

  async #retrieve(stripe: Stripe, clientSecret: string, signal: AbortSignal): Promise<IntentReading> {
    const unreachable = (message: string, cause?: unknown): IntentReading => ({
      kind: 'unreachable',
      error: new RelaisError(FailureKind.ApiUnavailable, message, { provider: this.id, cause }),
    });
    signal.throwIfAborted();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    try {
      // Stripe.js's retrieve takes no signal and has no timeout of its own.
      const result = await Promise.race([
        stripe.retrievePaymentIntent(clientSecret),
        new Promise<'timeout'>((resolve, reject) => {
          timer = setTimeout(() => resolve('timeout'), retrieveTimeoutMs);
          onAbort = () => reject(signal.reason);
          signal.addEventListener('abort', onAbort, { once: true });
        }),
      ]);
      if (result === 'timeout') return unreachable(`Stripe.js retrievePaymentIntent did not answer in ${retrieveTimeoutMs} ms`);
      if (result.error) return unreachable(result.error.message ?? result.error.type, result.error);
      return { kind: 'status', status: result.paymentIntent.status, intentId: result.paymentIntent.id };
    } catch (cause) {
      if (signal.aborted) throw signal.reason;
      return unreachable('Stripe.js retrievePaymentIntent failed', cause);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  async resume({ order }: ProviderContext, params: URLSearchParams): Promise<PaymentOutcome | undefined> {
    const clientSecret = params.get('payment_intent_client_secret');
    if (!clientSecret) return undefined;
    forgetReturn();
    this.#submitted = { orderId: order.orderId, clientSecret };
    return classifyConfirmation(await this.#stripe!.retrievePaymentIntent(clientSecret));
  }

  destroy(): void {
    // Verification after destroy goes through the merchant alone (`verifyByOrderId`).
    this.#submitted = undefined;
    this.#element?.destroy();
    this.#element = undefined;
    this.#elements = undefined;
  }
}

/** the failure table of docs/design.md applied to what `confirmPayment` / `retrievePaymentIntent` return. */
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
