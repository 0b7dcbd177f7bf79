/**
 * PayPal through its v6 web SDK (`@paypal/paypal-js/sdk-v6`, PayPal's path for new
 * integrations): an SDK instance, an eligibility check, and a one-time payment session whose
 * order the merchant's server creates and captures. PayPal's own `<paypal-button>` takes the
 * click, so the session starts inside the shopper's activation (the approval window needs it).
 */
import { loadCoreSdkScript, type OneTimePaymentSession, type OnApproveDataOneTimePayments, type OnErrorData as PayPalError, type SdkInstance } from '@paypal/paypal-js/sdk-v6';
import { postJson } from '../api.js';
import { FailureKind, RelaisError } from '../errors.js';
import { currencyExponent } from '../i18n/index.js';
import type { PaymentOutcome, Provider, ProviderContext } from './provider.js';
import { loadSdk } from './sdk-errors.js';

const paypalOrigins = ['https://www.paypal.com', 'https://www.sandbox.paypal.com'];
type Instance = SdkInstance<['paypal-payments']>;
type Settle = (outcome: PaymentOutcome) => void;

export class PayPalProvider implements Provider {
  readonly id = 'paypal' as const;
  readonly needsMountPoint = true;
  readonly ownsPayButton = true;
  #instance: Instance | undefined;
  #session: OneTimePaymentSession | undefined;
  #button: HTMLElement | undefined;
  #settle: Settle | undefined;
  #attempt = 0;

  async load({ config }: ProviderContext): Promise<void> {
    const paypal = await loadSdk(this.id, paypalOrigins, /global variable is not available/, () =>
      loadCoreSdkScript({ environment: config.paypalEnvironment }),
    );
    if (!paypal) throw new RelaisError(FailureKind.SdkMissingGlobal, 'PayPal SDK loaded without window.paypal', { provider: this.id });
    try {
      this.#instance = await paypal.createInstance({
        clientId: config.paypalClientId!,
        components: ['paypal-payments'],
        locale: config.lang === 'fr' ? 'fr-FR' : 'en-GB',
        pageType: 'checkout',
      });
      const methods = await this.#instance.findEligibleMethods({
        currencyCode: config.currency,
        amount: (config.amount / 10 ** currencyExponent(config.currency)).toFixed(currencyExponent(config.currency)),
      });
      if (!methods.isEligible('paypal')) {
        throw new RelaisError(FailureKind.IntegrationError, `PayPal is not eligible for ${config.currency}`, { provider: this.id });
      }
    } catch (cause) {
      if (cause instanceof RelaisError) throw cause;
      throw new RelaisError(FailureKind.ApiUnavailable, `PayPal did not answer: ${(cause as Error)?.message ?? cause}`, { provider: this.id, cause });
    }
  }

  async mount(target: HTMLElement | undefined, context: ProviderContext): Promise<void> {
    this.#session = this.#instance!.createPayPalOneTimePaymentSession({
      onApprove: (data) => this.#capture(context, data),
      onCancel: () => this.#settle?.({ status: 'declined', message: undefined, cancelled: true }),
      onError: (error) => this.#settle?.(this.#classifyError(error)),
    });
    const button = (this.#button = document.createElement('paypal-button'));
    button.setAttribute('type', 'pay');
    button.addEventListener('click', () => context.requestPay());
    target!.append(button);
  }

  pay(context: ProviderContext, signal: AbortSignal): Promise<PaymentOutcome> {
    const { config, order } = context;
    return new Promise<PaymentOutcome>((resolve) => {
      this.#settle = (outcome) => {
        this.#settle = undefined;
        resolve(outcome);
      };
      // An order PayPal never saw is an outage before submission: the next method is safe.
      const created = postJson<{ id?: string }>(
        `${config.endpoint}/paypal/orders`,
        { orderId: order.orderId, amount: order.amount, currency: order.currency },
        { idempotencyKey: `${order.orderId}:${this.id}:${++this.#attempt}`, signal },
      ).then((answer) => {
        if (!answer.ok || !answer.body.id) throw new RelaisError(FailureKind.IntegrationError, `paypal/orders answered ${answer.status}`, { provider: this.id, status: answer.status });
        return { orderId: answer.body.id };
      });
      created.catch((error: RelaisError) => this.#settle?.({ status: 'unavailable', error }));
      // Started synchronously from the click, with the order still being created (PayPal's pattern).
      this.#session!.start({ presentationMode: 'auto' }, created).catch((error: unknown) =>
        this.#settle?.(this.#classifyError(error as PayPalError)),
      );
    });
  }

  async #capture({ config, order }: ProviderContext, data: OnApproveDataOneTimePayments): Promise<void> {
    try {
      const answer = await postJson<{ status?: string; captureId?: string; details?: Array<{ issue?: string }> }>(
        `${config.endpoint}/paypal/orders/${encodeURIComponent(data.orderId)}/capture`,
        { orderId: order.orderId },
        { idempotencyKey: `${order.orderId}:${this.id}:capture` },
      );
      if (answer.ok && answer.body.status === 'COMPLETED') {
        this.#settle?.({ status: 'succeeded', reference: answer.body.captureId ?? data.orderId });
      } else if (answer.body.details?.some((detail) => detail.issue === 'INSTRUMENT_DECLINED')) {
        // PayPal's guidance: let the shopper pick another funding source in PayPal.
        this.#settle?.({ status: 'declined', message: undefined });
      } else {
        this.#settle?.({ status: 'outcome-unknown', error: new RelaisError(FailureKind.OutcomeUnknown, `capture answered ${answer.status}`, { provider: this.id }) });
      }
    } catch (cause) {
      // The capture may have happened: verify, never offer a second method blindly.
      this.#settle?.({ status: 'outcome-unknown', error: new RelaisError(FailureKind.OutcomeUnknown, 'capture did not answer', { provider: this.id, cause }) });
    }
  }

  #classifyError(error: PayPalError | undefined): PaymentOutcome {
    const message = error?.message ?? String(error);
    if (error?.code === 'INSTRUMENT_DECLINED') return { status: 'declined', message: undefined };
    return { status: 'unavailable', error: new RelaisError(FailureKind.ApiUnavailable, message, { provider: this.id, cause: error }) };
  }

  destroy(): void {
    this.#session?.destroy();
    this.#session = undefined;
    this.#button?.remove();
    this.#button = undefined;
    this.#settle = undefined;
  }
}
