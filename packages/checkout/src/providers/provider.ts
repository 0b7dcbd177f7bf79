/**
 * The one interface every payment method implements. Expected outcomes are values, not
 * exceptions (like Stripe's `{error}` from `confirmPayment`): only a broken load rejects.
 */
import type { TemplateResult } from 'lit';
import type { Capabilities } from './registry.js';
import type { CheckoutConfig, ProviderId } from '../config.js';
import type { Messages } from '../i18n/index.js';
import type { RelaisError } from '../errors.js';
import type { MerchantOrder } from '../merchant-order.js';
import type { Order } from '../order.js';

/** Per-order bank-transfer instructions (the server may replace the attribute defaults). */
export interface BankInstructions {
  iban: string;
  bic: string | undefined;
  beneficiary: string;
  reference: string;
}

export type PaymentOutcome =
  | { status: 'succeeded'; reference: string }
  | {
      status: 'pending';
      reason: 'awaiting-transfer' | 'processing' | 'verifying';
      reference: string | undefined;
      instructions?: BankInstructions;
    }
  /** Decline, validation error, 3DS failure or shopper cancel: stay, never switch. */
  | { status: 'declined'; message: string | undefined; cancelled?: boolean }
  /** Nothing was submitted and the method cannot work now: move to the next one. */
  | { status: 'unavailable'; error: RelaisError }
  /** Something was submitted and its answer was lost: verify before offering anything else. */
  | { status: 'outcome-unknown'; error: RelaisError }
  /** The shopper committed but the shop did not record the order; keep it and offer a retry. */
  | { status: 'not-recorded'; error: RelaisError; sent: Order };

/** What a provider may read: the configuration and the order being paid. */
export interface ProviderContext {
  readonly config: CheckoutConfig;
  readonly order: Order;
  /**
   * The order at the merchant: a provider whose payment goes through the merchant's API records
   * it first (`merchant.record(order)`) and sends its secret with every call for it.
   */
  readonly merchant: MerchantOrder;
  /** The element the provider belongs to (appearance is read from its custom properties). */
  readonly host: HTMLElement;
  /** For providers whose own button takes the click (PayPal): runs the element's pay flow. */
  readonly requestPay: () => void;
  /**
   * The payment is being kept on the device (a reload verifies it): an adapter awaits it after the
   * click's own step and before anything of the payment reaches the provider.
   */
  kept?: Promise<void>;
}

/** What a method whose instructions the element shows itself (bank transfer) needs to draw them. */
export interface InstructionsView {
  readonly config: CheckoutConfig;
  readonly order: Order;
  readonly messages: Messages;
  /** The server's per-order instructions once the order is placed; before, the attribute defaults. */
  readonly placed: BankInstructions | undefined;
  /** The shopper placed the order and it waits on the device for the shop: no "place your order" any more. */
  readonly kept: boolean;
  /** The field whose value was just copied, to confirm it on its button. */
  readonly copied: string | undefined;
  onCopy(field: string, label: string, value: string): void;
}

/**
 * A method's adapter. What the method can do is not said here but in its definition
 * (`defineProvider(id, {load, capabilities, …})`, see providers/registry.ts), read without loading it.
 */
export interface Provider {
  readonly id: ProviderId;
  /** Narrows the definition's capabilities for this instance (scripted adapters in tests). */
  readonly capabilities?: Partial<Capabilities>;
  /**
   * The method may be needed soon (it takes over from a card processor that is loading): fetch
   * what is cheap and harmless now, never what costs the merchant or the shopper (no order
   * recorded, no session opened, no large script). Called on a fresh instance, so it may only
   * warm what outlives it (modules, connections).
   */
  prepare?(config: CheckoutConfig): void;
  /**
   * Loads the SDK. Rejects with a `RelaisError` (`sdk-load-failed`, `sdk-missing-global`, `csp`…).
   * `struggling`: a first attempt failed (a script error before its retry); the next method then
   * starts loading hidden, as when the load is slow (hedging), so that a failure costs no wait.
   */
  load(context: ProviderContext, signal: AbortSignal, struggling?: () => void): Promise<void>;
  /** Renders into the mount point; resolves once the shopper can interact. */
  mount(target: HTMLElement | undefined, context: ProviderContext, signal: AbortSignal): Promise<void>;
  /** Runs the payment. Called straight from the shopper's click (wallets need the activation). */
  pay(context: ProviderContext, signal: AbortSignal): Promise<PaymentOutcome>;
  /**
   * Finds out what happened to a payment whose answer was lost, after `pay` (or `resume`) returned
   * `outcome-unknown`: asks the provider and the merchant (`{endpoint}/…/status`, by order id).
   * Must never charge: the only writes allowed are making sure nothing can be charged any more
   * (Stripe: the server cancels an unpaid PaymentIntent) and finishing the shopper's own approved
   * payment with its idempotency key (PayPal: the capture they approved, same `PayPal-Request-Id`).
   * `succeeded` / `pending`: paid or money moving, never offer a second method; `unavailable`:
   * nothing was charged and nothing can be, the next method is safe; `outcome-unknown`: still
   * cannot tell, keep the shopper waiting and verify again later. Rejects only when `signal` aborts.
   */
  verify?(context: ProviderContext, signal: AbortSignal): Promise<PaymentOutcome>;
  /** The amount or currency changed before payment (Stripe: `elements.update`). */
  update?(context: ProviderContext): void;
  /**
   * Finishes a payment that left the page (3DS or bank redirect) when the shopper comes back:
   * reads the return parameters and reports the real outcome, or `undefined` if not its return.
   */
  resume?(context: ProviderContext, params: URLSearchParams, signal: AbortSignal): Promise<PaymentOutcome | undefined>;
  /** Instructions rendered in the element's own shadow DOM (no third-party UI). */
  renderInstructions?(view: InstructionsView): TemplateResult;
  /** Removes everything the provider added to the page. Safe to call twice. */
  destroy(): void;
}

export type ProviderFactory = (id: ProviderId) => Provider | Promise<Provider>;

