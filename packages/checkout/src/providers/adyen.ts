/**
 * Adyen Web v6, Card component, Sessions flow: the second card processor. Its script comes from
 * Adyen's CDN (pinned version, global `AdyenWeb`) through the same Trusted Types path as Stripe.js.
 * A session carries its amount, so it is created when the method loads, with the script: the
 * order goes with `POST {endpoint}/adyen/sessions`, which records it and answers the session for
 * the recorded amount (and the order's secret) in one round trip; Adyen Web's own setup of the
 * session leaves as soon as the session and the script are both here.
 *
 * Failures follow Stripe's table: script error, missing global, CSP, budget, `onError` or a session
 * that cannot start before anything was submitted -> next method; `Refused`, 3-D Secure failure,
 * shopper cancel -> stay; an error after `submit()` -> verify with the server first.
 */
import type { AdyenCheckoutError, Card, Core, PaymentCompletedData, PaymentFailedData } from '@adyen/adyen-web';
import { postJson, type ApiAnswer } from '../api.js';
import { providerCallKey } from '@relais/contracts';
import type { CheckoutConfig } from '../config.js';
import { FailureKind, RelaisError, toRelaisError } from '../errors.js';
import { withOrderLock } from '../failover/order-lock.js';
import type { OrderRef } from '../merchant-order.js';
import { sdkScript } from '../trusted-types.js';
import { verifyAdyenOrder } from './adyen-verification.js';
import { paidWithOf, recordOrder } from '../record-order.js';
import { forgetAdyenReturn, isAdyenReturn, rememberAdyenReturn } from './adyen-return.js';
import type { PaymentOutcome, Provider, ProviderContext } from './provider.js';
import { loadSdk } from './sdk-errors.js';

/** Pinned: a new Adyen Web version is a change to review, never a surprise at the shopper's. */
export const ADYEN_WEB_VERSION = '6.45.2';
/** `adyen-environment`, or the platform the client key names (`test_…`, `live_…`). */
export const adyenEnvironmentOf = ({ adyenEnvironment, adyenClientKey }: CheckoutConfig): 'test' | 'live' =>
  adyenEnvironment ?? (adyenClientKey?.startsWith('test_') ? 'test' : 'live');
/**
 * Subresource Integrity of the pinned Adyen Web, per platform (a file of one version may differ
 * between Adyen's test and live CDNs). Adyen publishes a `sha384-…` hash with each version (its
 * release notes, and the script tag of its Web Components guide) and recommends SRI for PCI DSS
 * 6.4.3 ("Manage script security"); the hash for this version could not be read where this was
 * written (the npm package ships no `adyen.js` to hash, and a hash computed from a download would
 * vouch for whatever that download was). Until it is copied here from Adyen's release notes, the
 * script loads without `integrity`: the README says so. With it, `integrity` and
 * `crossorigin="anonymous"` are set, and other bytes fail like a blocked script (next method).
 */
export const ADYEN_WEB_INTEGRITY: Partial<Record<'test' | 'live', string>> = {};
export const adyenScriptUrl = (environment: 'test' | 'live') =>
  `https://checkoutshopper-${environment}.cdn.adyen.com/checkoutshopper/sdk/${ADYEN_WEB_VERSION}/adyen.js`;

/** What the global of the UMD build exposes (the same names as the package's exports). */
export interface AdyenWebGlobal {
  AdyenCheckout: (configuration: Record<string, unknown>) => Promise<Core>;
  Card: new (checkout: Core, configuration?: Record<string, unknown>) => Card;
}

declare global {
  interface Window {
    AdyenWeb?: AdyenWebGlobal;
  }
}

type Finish = (outcome: PaymentOutcome) => void;
type SessionAnswer = ApiAnswer<{ id?: string; sessionData?: string; error?: string; paidWith?: string; secret?: string }>;

export class AdyenProvider implements Provider {
  readonly id = 'adyen' as const;
  readonly needsMountPoint = true;
  readonly ownsPayButton = false;
  readonly needsMerchantApi = true;
  #web: AdyenWebGlobal | undefined;
  #card: Card | undefined;
  #session: { orderId: string; id: string } | undefined;
  /** The payment in flight: set at `submit()`, finished by Adyen Web's callbacks. */
  #finish: Finish | undefined;
  /** Before the card form is ready, Adyen Web's `onError` fails the mount. */
  #mountFailed: ((error: RelaisError) => void) | undefined;
  #stylesheet: HTMLLinkElement | undefined;
  #opening: Promise<{ id: string; sessionData: string } | undefined> | undefined;
  /** Adyen Web's session setup, started by `load` as soon as the session and the script are both here. */
  #starting: Promise<Core | undefined> | undefined;
  /** Rejects when the card form cannot come (`onError` before it is ready, the load stopped). */
  #cannotMount: Promise<never> | undefined;
  #target: HTMLElement | undefined;
  /** A session's amount is fixed: a cart changed before paying gets a new session and form. */
  #refresh: Promise<void> | undefined;
  /** The order being paid, for the server's verification once Adyen Web reports. */
  #orderRef: OrderRef | undefined;
  /** The merchant opens no session: the order is paid, or being paid, already, with this method (see `#settled`). */
  #paidWith: string | undefined;

  /**
   * Stripe is loading and Adyen would take over: the code the switch needs (the order record's
   * chunk, the light-DOM mount point) and a connection to Adyen's CDN, nothing more. Not the
   * script itself (Adyen Web is a large download most shoppers never use) and not the session
   * (failover/warm-next.ts says why).
   */
  prepare(config: CheckoutConfig): void {
    void import('../record-order.js').catch(() => {});
    void import('../mount-point.js').catch(() => {});
    const environment = adyenEnvironmentOf(config);
    const origin = new URL(adyenScriptUrl(environment)).origin;
    if (document.querySelector(`link[rel="preconnect"][href="${origin}"]`)) return;
    const link = document.createElement('link');
    link.rel = 'preconnect';
    link.href = origin;
    // A script whose integrity is checked is a CORS fetch, which only reuses a connection of its kind.
    if (ADYEN_WEB_INTEGRITY[environment]) link.crossOrigin = 'anonymous';
    document.head.append(link);
  }

  async load(context: ProviderContext, signal: AbortSignal, struggling?: () => void): Promise<void> {
    const { config } = context;
    this.#cannotMount = this.#failure(signal);
    // The session does not need the script: both travel at once, so the switch costs one wait.
    // A return from 3-D Secure finishes the session it left with (resume), never opens another.
    if (!isAdyenReturn(location.search)) {
      const opening = (this.#opening = this.#openSession(context, signal));
      opening.catch(() => {}); // reported by mount, which awaits it
    }
    const environment = adyenEnvironmentOf(config);
    const url = adyenScriptUrl(environment);
    const integrity = ADYEN_WEB_INTEGRITY[environment];
    this.#web = await loadSdk(this.id, url, () => !!window.AdyenWeb, /AdyenWeb/, async () => {
      // Adyen has no loader package for its CDN script: without Trusted Types it is inserted here.
      if (!window.AdyenWeb) await insertScript(url, integrity);
      if (!window.AdyenWeb) throw new Error('AdyenWeb not available after its script loaded');
      return window.AdyenWeb;
    }, integrity, struggling);
    this.#addStylesheet(url.replace(/adyen\.js$/, 'adyen.css'));
    // Adyen Web's own round trip (the session's setup) leaves now, not once the form is mounted.
    const starting = (this.#starting = this.#opening?.then((session) => session && this.#checkout(context, session)));
    starting?.catch(() => {}); // reported by mount, which awaits it
  }

  #failure(signal: AbortSignal): Promise<never> {
    const failed = new Promise<never>((_, reject) => {
      this.#mountFailed = reject;
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    failed.catch(() => {});
    return failed;
  }

  /**
   * The order is recorded, then its session opened for the recorded amount: in one request when
   * the order is not recorded yet (the merchant records it on the way and answers its secret with
   * the session), else the session alone with the order's secret.
   */
  async #openSession({ config, order, merchant }: ProviderContext, signal: AbortSignal): Promise<{ id: string; sessionData: string } | undefined> {
    const url = `${config.endpoint}/adyen/sessions`;
    const idempotencyKey = providerCallKey(order.orderId, 'adyen', 'session');
    let opened: SessionAnswer | undefined;
    let secret: string;
    try {
      secret = await merchant.record(order, signal, async (endpoint, recorded, recordSignal) => {
        const answer: SessionAnswer = await postJson(url, { order: recorded, returnUrl: config.returnUrl }, { idempotencyKey, signal: recordSignal });
        // No secret: the order was refused, or the merchant's API records orders at /orders only.
        // Recorded on its own, it says which (a refusal, who was paid) as it always does.
        if (typeof answer.body.secret !== 'string') return recordOrder(endpoint, recorded, recordSignal);
        opened = answer;
        return answer.body.secret;
      });
    } catch (error) {
      const paidWith = paidWithOf(error);
      if (paidWith) return this.#settled(config.endpoint, order.orderId, paidWith);
      throw error;
    }
    const answer = opened ?? (await postJson<SessionAnswer['body']>(url, { orderId: order.orderId, returnUrl: config.returnUrl }, { idempotencyKey, secret, signal }));
    const { id, sessionData, error } = answer.body;
    if (answer.status === 409 && (error === 'already-paid' || error === 'payment-processing')) {
      return this.#settled(config.endpoint, order.orderId, answer.body.paidWith ?? this.id);
    }
    if (!answer.ok || !id || !sessionData) {
      throw new RelaisError(FailureKind.IntegrationError, `adyen/sessions answered ${answer.status}${answer.body.error ? ` ${answer.body.error}` : ''}`, {
        provider: this.id,
        status: answer.status,
      });
    }
    this.#session = { orderId: order.orderId, id };
    return { id, sessionData };
  }

  /**
   * The merchant says the order is paid (or its money is moving) already: in another tab, or before
   * a reload. That is no outage of Adyen, and nothing may say "nothing was charged": the method is
   * offered without a card form, the element is told (it asks the merchant, and shows the order
   * paid only from that answer), and paying asks the merchant too, never Adyen for a new session.
   */
  #settled(endpoint: string, orderId: string, provider: string): undefined {
    this.#paidWith = provider;
    void import('../failover/paid-elsewhere.js').then((m) => m.announcePaid({ endpoint, orderId, provider }));
    return undefined;
  }

  async mount(target: HTMLElement | undefined, context: ProviderContext, signal: AbortSignal): Promise<void> {
    this.#target = target;
    // What load started is this mount's; a later one (a new amount, see update) starts its own.
    const failed = this.#cannotMount ?? this.#failure(signal);
    const starting = this.#starting;
    this.#cannotMount = this.#starting = undefined;
    const session = await (this.#opening ?? this.#openSession(context, signal));
    this.#opening = undefined;
    if (!session) return void (this.#mountFailed = undefined);
    const checkout = await Promise.race([starting ?? this.#checkout(context, session), failed]);
    await Promise.race([
      new Promise<void>((resolve, reject) => {
        try {
          this.#card = new this.#web!.Card(checkout!, {
            showPayButton: false,
            hasHolderName: false,
            // The card fields (Adyen's secured-field iframes) are ready for typing.
            onConfigSuccess: () => resolve(),
          }).mount(target!);
        } catch (cause) {
          reject(new RelaisError(FailureKind.IntegrationError, String((cause as Error).message), { provider: this.id, cause }));
        }
      }),
      failed,
    ]);
    this.#mountFailed = undefined;
  }

  /** One AdyenCheckout per session; its callbacks finish the payment in flight. */
  #checkout({ config }: ProviderContext, session: { id: string; sessionData?: string }): Promise<Core> {
    return this.#web!.AdyenCheckout({
      session,
      environment: adyenEnvironmentOf(config),
      clientKey: config.adyenClientKey,
      amount: { value: config.amount, currency: config.currency },
      locale: config.lang,
      countryCode: undefined,
      onPaymentCompleted: (result: PaymentCompletedData) => this.#completed(result),
      onPaymentFailed: (result?: PaymentFailedData) => this.#failed(result),
      onError: (error: AdyenCheckoutError) => this.#error(error),
    }).catch((cause: unknown) => {
      throw new RelaisError(FailureKind.ElementLoadError, 'AdyenCheckout did not start the session', { provider: this.id, cause });
    });
  }

  #completed(result: PaymentCompletedData): void {
    const finish = this.#take();
    if (!finish) return;
    const ref = this.#orderRef;
    if (result.resultCode === 'Authorised' && ref) {
      // Paid is the server's word: it reads the session's result with Adyen before saying so.
      const sessionResult = 'sessionResult' in result ? result.sessionResult : undefined;
      void verifyAdyenOrder(ref, new AbortController().signal, sessionResult).then((outcome) =>
        finish(outcome.status === 'unavailable' ? { status: 'outcome-unknown', error: outcome.error } : outcome),
      );
      return;
    }
    if (result.resultCode === 'Received' || result.resultCode === 'Pending') {
      finish({ status: 'pending', reason: 'processing', reference: this.#session?.id });
      return;
    }
    finish({ status: 'outcome-unknown', error: new RelaisError(FailureKind.OutcomeUnknown, `Adyen completed with ${result.resultCode}`, { provider: this.id }) });
  }

  #failed(result?: PaymentFailedData): void {
    const finish = this.#take();
    if (!finish) return;
    // Refused (a decline, a failed 3-D Secure), Cancelled, Error: nothing was authorised; the shopper stays.
    finish({ status: 'declined', message: undefined, cancelled: result?.resultCode === 'Cancelled' });
  }

  #error(error: AdyenCheckoutError): void {
    const failure = new RelaisError(FailureKind.ElementLoadError, `${error.name}: ${error.message}`, { provider: this.id, cause: error });
    if (this.#mountFailed) return this.#mountFailed(failure);
    const finish = this.#take();
    if (!finish) return; // an error while the shopper types: Adyen Web shows it in the form
    if (error.name === 'CANCEL') return finish({ status: 'declined', message: undefined, cancelled: true });
    if (error.name === 'IMPLEMENTATION_ERROR') return finish({ status: 'unavailable', error: new RelaisError(FailureKind.IntegrationError, failure.message, { provider: this.id, cause: error }) });
    // After submit(): the payment may have reached Adyen. Verify before anything else.
    finish({ status: 'outcome-unknown', error: new RelaisError(FailureKind.OutcomeUnknown, failure.message, { provider: this.id, cause: error }) });
  }

  #take(): Finish | undefined {
    const finish = this.#finish;
    this.#finish = undefined;
    forgetAdyenReturn();
    return finish;
  }

  /** The amount changed before paying: the order is a new one, so is its session and its form. */
  update(context: ProviderContext): void {
    if (this.#session?.orderId === context.order.orderId || this.#finish || this.#paidWith) return;
    const signal = new AbortController().signal;
    this.#refresh = (async () => {
      this.#card?.unmount();
      await this.mount(this.#target, context, signal);
    })();
    this.#refresh.catch(() => {}); // pay() reports it
  }

  async pay(context: ProviderContext, signal: AbortSignal): Promise<PaymentOutcome> {
    try {
      await this.#refresh;
    } catch (error) {
      return { status: 'unavailable', error: toRelaisError(error, FailureKind.ApiUnavailable, this.id) };
    }
    const paidWith = this.#paidWith;
    if (paidWith) {
      const { verifyPaidWith } = await import('./stripe-paypal-verification.js');
      return withOrderLock(context.order.orderId, () => verifyPaidWith(paidWith, context.merchant.ref, signal), signal);
    }
    // Never pay another order's session (another amount): a new form for this one first.
    if (this.#session?.orderId !== context.order.orderId) {
      this.update(context);
      return { status: 'declined', message: undefined };
    }
    const card = this.#card!;
    if (!card.isValid) {
      // Adyen Web marks the fields; nothing was submitted.
      card.showValidation();
      return { status: 'declined', message: undefined };
    }
    return withOrderLock(context.order.orderId, () => this.#submit(context, card), signal);
  }

  async #submit({ merchant, kept }: ProviderContext, card: Card): Promise<PaymentOutcome> {
    // The card form needs no activation: the order is kept on the device before the card leaves.
    await kept;
    this.#orderRef = merchant.ref;
    if (this.#session) rememberAdyenReturn(merchant.ref, this.#session.id);
    return new Promise<PaymentOutcome>((resolve) => {
      this.#finish = resolve;
      try {
        card.submit();
      } catch (cause) {
        this.#take();
        resolve({ status: 'unavailable', error: new RelaisError(FailureKind.IntegrationError, 'Adyen Card submit threw', { provider: this.id, cause }) });
      }
    });
  }

  verify({ merchant }: ProviderContext, signal: AbortSignal): Promise<PaymentOutcome> {
    return verifyAdyenOrder(merchant.ref, signal);
  }

  /**
   * Back from a redirect (3-D Secure): Adyen Web finishes the payment with `redirectResult` and
   * its callbacks report it; the server verifies before `paid`.
   */
  async resume(context: ProviderContext, params: URLSearchParams, signal: AbortSignal): Promise<PaymentOutcome | undefined> {
    const redirectResult = params.get('redirectResult');
    const sessionId = params.get('sessionId');
    if (!redirectResult || !sessionId) return undefined;
    this.#orderRef = context.merchant.ref;
    this.#session = { orderId: context.order.orderId, id: sessionId };
    try {
      const checkout = await this.#checkout(context, { id: sessionId });
      return await new Promise<PaymentOutcome>((resolve, reject) => {
        this.#finish = resolve;
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        checkout.submitDetails({ details: { redirectResult } });
      });
    } catch (error) {
      if (signal.aborted) throw error;
      // Adyen Web could not finish it here: the server knows the session by the order alone.
      return verifyAdyenOrder(context.merchant.ref, signal).catch(
        (): PaymentOutcome => ({ status: 'outcome-unknown', error: toRelaisError(error, FailureKind.OutcomeUnknown, this.id) }),
      );
    }
  }

  #addStylesheet(href: string): void {
    if (document.querySelector(`link[data-relais-adyen]`)) return;
    const link = (this.#stylesheet = document.createElement('link'));
    link.rel = 'stylesheet';
    link.href = href;
    link.dataset['relaisAdyen'] = '';
    document.head.append(link);
  }

  destroy(): void {
    this.#finish = undefined;
    this.#mountFailed = undefined;
    this.#card?.unmount();
    this.#card = undefined;
    this.#stylesheet?.remove();
    this.#stylesheet = undefined;
  }
}

/** A classic script, through Relais's policy (a plain string where there is no Trusted Types), one retry. */
function insertScript(url: string, integrity: string | undefined, retry = true): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = sdkScript(url, integrity);
    script.onload = () => resolve();
    script.onerror = () => {
      script.remove();
      if (retry) insertScript(url, integrity, false).then(resolve, reject);
      else reject(new Error(`Failed to load ${url}`));
    };
    document.head.append(script);
  });
}
