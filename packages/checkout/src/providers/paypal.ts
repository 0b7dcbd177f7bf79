/**
 * PayPal through its v6 web SDK (`@paypal/paypal-js/sdk-v6`, PayPal's path for new
 * integrations): an SDK instance, an eligibility check, and a one-time payment session whose
 * order the merchant's server creates and captures. PayPal's own `<paypal-button>` takes the
 * click, so the session starts inside the shopper's activation (the approval window needs it).
 */
import { loadCoreSdkScript, type OneTimePaymentSession, type OnApproveDataOneTimePayments, type OnErrorData as PayPalError, type SdkInstance } from '@paypal/paypal-js/sdk-v6';
import { postJson } from '../api.js';
import { providerCallKey } from '@relais/contracts';
import { FailureKind, RelaisError, toRelaisError } from '../errors.js';
import { withOrderLock } from '../failover/order-lock.js';
import { capturePayPalOrder, verifyPayPalOrder, verifyPaidWith } from './stripe-paypal-verification.js';
import { currencyExponent, locales } from '../i18n/index.js';
import type { PaymentOutcome, Provider, ProviderContext } from './provider.js';
import { loadSdk } from './sdk-errors.js';

type Instance = SdkInstance<['paypal-payments']>;
type Finish = (outcome: PaymentOutcome) => void;

export class PayPalProvider implements Provider {
  readonly id = 'paypal' as const;
  #instance: Instance | undefined;
  #session: OneTimePaymentSession | undefined;
  #button: HTMLElement | undefined;
  #finish: Finish | undefined;
  /** Ends the payment's hold on the order lock (on its outcome, or when the provider goes away). */
  #release: (() => void) | undefined;
  #attempt = 0;

  async load({ config }: ProviderContext): Promise<void> {
    // The script loadCoreSdkScript injects; it accepts only a v6 global.
    const url = `https://www.${config.paypalEnvironment === 'sandbox' ? 'sandbox.' : ''}paypal.com/web-sdk/v6/core`;
    const present = () => String((window as { paypal?: { version?: unknown } }).paypal?.version).startsWith('6');
    const paypal = await loadSdk(this.id, url, present, /global variable is not available/, () =>
      loadCoreSdkScript({ environment: config.paypalEnvironment }),
    );
    if (!paypal) throw new RelaisError(FailureKind.SdkMissingGlobal, 'PayPal SDK loaded without window.paypal', { provider: this.id });
    try {
      this.#instance = await paypal.createInstance({
        clientId: config.paypalClientId!,
        components: ['paypal-payments'],
        locale: locales[config.lang],
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
      onCancel: () => this.#finish?.({ status: 'declined', message: undefined, cancelled: true }),
      onError: (error) => this.#finish?.(this.#classifyError(error)),
    });
    const button = (this.#button = document.createElement('paypal-button'));
    button.setAttribute('type', 'pay');
    button.addEventListener('click', () => context.requestPay());
    target!.append(button);
  }

  pay(context: ProviderContext, signal: AbortSignal): Promise<PaymentOutcome> {
    const { order } = context;
    return new Promise<PaymentOutcome>((resolve) => {
      let release!: () => void;
      const released = new Promise<void>((done) => (release = done));
      this.#release = release;
      this.#finish = (outcome) => {
        this.#finish = undefined;
        release();
        resolve(outcome);
      };
      // Two tabs paying this order take turns: the order lock is held from the PayPal order's
      // creation until this payment's outcome, so the second one finds the order paid.
      const created = new Promise<{ orderId: string }>((orderCreated, orderFailed) => {
        withOrderLock(
          order.orderId,
          async () => {
            try {
              orderCreated(await this.#createOrder(context, signal));
            } catch (error) {
              orderFailed(error);
              return;
            }
            await released;
          },
          signal,
        ).catch(orderFailed);
      });
      // An order PayPal never saw is an outage before submission: the next method is safe. One the
      // shop refused to record was not charged either: the shopper is told. Every call of this step
      // goes to the shop's API, which names PayPal itself when PayPal is down behind it (502
      // `provider-unavailable`): anything else that ends it (a timeout, an abort) is the shop's.
      created.catch((error: unknown) => {
        const failure = toRelaisError(error, FailureKind.MerchantUnavailable, this.id);
        this.#finish?.(failure.code === FailureKind.OrderRejected ? { status: 'not-recorded', error: failure, sent: order } : { status: 'unavailable', error: failure });
      });
      // Started synchronously from the click, with the order still being created (PayPal's pattern):
      // the approval window needs the click's activation, so nothing may be awaited before.
      this.#session!.start({ presentationMode: 'auto' }, created).catch((error: unknown) =>
        this.#finish?.(this.#classifyError(error as PayPalError)),
      );
    });
  }

  /** `POST {endpoint}/paypal/orders` for the order recorded first, with the order lock held. */
  async #createOrder(context: ProviderContext, signal: AbortSignal): Promise<{ orderId: string }> {
    const { config, order, merchant } = context;
    const secret = await merchant.record(order, signal);
    // Kept on the device before PayPal sees the order (the window opened in the click already).
    await context.kept;
    const answer = await postJson<{ id?: string; error?: string; paidWith?: string }>(
      `${config.endpoint}/paypal/orders`,
      { orderId: order.orderId },
      { idempotencyKey: providerCallKey(order.orderId, this.id, ++this.#attempt), secret, signal },
    );
    if (answer.status === 409 && answer.body.error === 'already-paid') {
      // Paid in another tab (with PayPal, or by card): report that payment. The session ends on
      // the rejection below, and its onError must not finish this payment as an outage.
      const finish = this.#finish;
      this.#finish = undefined;
      let outcome: PaymentOutcome;
      try {
        outcome = answer.body.paidWith && answer.body.paidWith !== this.id ? await verifyPaidWith(answer.body.paidWith, merchant.ref, signal) : await this.verify(context, signal);
      } catch (reason) {
        outcome = { status: 'outcome-unknown', error: toRelaisError(reason, FailureKind.OutcomeUnknown, this.id) };
      }
      finish?.(outcome);
      throw new RelaisError(FailureKind.OutcomeUnknown, 'the order is already paid', { provider: this.id, status: 409 });
    }
    if (!answer.ok || !answer.body.id) throw new RelaisError(FailureKind.IntegrationError, `paypal/orders answered ${answer.status}`, { provider: this.id, status: answer.status });
    return { orderId: answer.body.id };
  }

  async #capture({ merchant }: ProviderContext, data: OnApproveDataOneTimePayments): Promise<void> {
    // No signal: once the shopper approved, the capture runs to its end even if they switch away.
    const outcome = await capturePayPalOrder(merchant.ref, data.orderId);
    this.#finish?.(outcome);
  }

  /** Asks the merchant (PayPal's order status, by Relais order id); see `verifyPayPalOrder`. */
  verify({ merchant }: ProviderContext, signal: AbortSignal): Promise<PaymentOutcome> {
    return verifyPayPalOrder(merchant.ref, signal);
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
    this.#finish = undefined;
    // A payment abandoned mid-flow must not keep the order locked for other tabs.
    this.#release?.();
    this.#release = undefined;
  }
}
