/**
 * The sandbox `Elements` group, deferred-intent flavour (`mode: 'payment'`, amount, currency):
 * it owns one Payment Element and validates it on `submit()`, the step Stripe requires before
 * `confirmPayment()`.
 */
import type {
  StripeElements,
  StripeElementsOptionsClientSecret,
  StripeElementsOptionsMode,
  StripeElementsUpdateOptions,
  StripeError,
  StripePaymentElement,
  StripePaymentElementOptions,
} from '@stripe/stripe-js';
import { paymentMethodFor, validateCard } from './cards.js';
import { localise } from './messages.js';
import { integrationError } from './errors.js';
import { SandboxPaymentElement } from './payment-element.js';

type ElementsOptions = StripeElementsOptionsClientSecret | StripeElementsOptionsMode;

/** What the sandbox implements of `StripeElements`: the Payment Element only. */
interface SandboxElements extends Pick<StripeElements, 'update' | 'fetchUpdates' | 'submit'> {
  create(elementType: 'payment', options?: StripePaymentElementOptions): StripePaymentElement;
  getElement(elementType: 'payment'): StripePaymentElement | null;
  on(eventType: 'update-end', handler: () => void): void;
}

/** What `confirmPayment` needs from a group, kept off the public object. */
export interface ElementsState {
  /** The mounted Payment Element, or null. */
  element(): SandboxPaymentElement | null;
  submitted: boolean;
  /** Validates the form now: a validation error, or the test PaymentMethod for the typed card. */
  validate(): { error: StripeError } | { paymentMethod: string };
  /** The group's `locale` option, which errors are worded in. */
  locale(): string | undefined;
}

const states = new WeakMap<object, ElementsState>();

/** The group's internal state, or undefined for an object this sandbox did not create. */
export function elementsState(elements: StripeElements): ElementsState | undefined {
  return states.get(elements);
}

function checkOptions(options: ElementsOptions | undefined): void {
  if (!options || !('mode' in options) || options.mode !== 'payment') return;
  if (!Number.isInteger(options.amount) || options.amount < 0) {
    throw integrationError(`Invalid value for elements(): amount should be a non-negative integer. You specified: ${String(options.amount)}.`);
  }
  if (typeof options.currency !== 'string' || !/^[a-zA-Z]{3}$/.test(options.currency)) {
    throw integrationError(`Invalid value for elements(): currency should be a 3-letter ISO currency code. You specified: ${String(options.currency)}.`);
  }
}

export function createElements(options: ElementsOptions | undefined): StripeElements {
  checkOptions(options);
  let current: ElementsOptions = { ...(options ?? {}) } as ElementsOptions;
  let element: SandboxPaymentElement | null = null;
  const updateEnd = new Set<() => void>();

  const state: ElementsState = {
    element: () => (element?.mounted ? element : null),
    submitted: false,
    locale: () => current.locale,
    validate() {
      const card = element?.card() ?? null;
      const found = card
        ? validateCard(card)
        : ({ type: 'validation_error', code: 'incomplete_number', message: 'Your card number is incomplete.', param: 'number' } as const);
      const error = found && localise(found, current.locale);
      element?.showError(error);
      if (error) return { error };
      // validateCard passed, so the number maps to a PaymentMethod.
      return { paymentMethod: paymentMethodFor(card?.number ?? '') ?? 'pm_card_visa' };
    },
  };

  const elements: SandboxElements = {
    create(elementType, _options) {
      if (elementType !== 'payment') {
        throw integrationError(`The Relais sandbox implements only the Payment Element; "${String(elementType)}" is not available.`);
      }
      if (!('mode' in current) && !('clientSecret' in current)) {
        throw integrationError(
          'In order to create a payment element, you must pass a valid PaymentIntent or SetupIntent client secret, or `mode`, when creating the Elements group.',
        );
      }
      if (element) throw integrationError('Can only create one Element of type payment.');
      const created = new SandboxPaymentElement({
        frameOptions: () => ({ appearance: current.appearance, locale: current.locale ?? 'auto' }),
        // Shopper edits after submit() must be validated again before confirming.
        edited: () => {
          state.submitted = false;
        },
        destroyed: () => {
          if (element === created) element = null;
        },
      });
      element = created;
      // The class implements the Payment Element surface Relais uses; Stripe's type also lists
      // events the sandbox never fires (carddetailschange, savedpaymentmethod*…), hence the cast.
      return created as StripePaymentElement;
    },
    getElement(elementType) {
      return elementType === 'payment' && element ? (element as StripePaymentElement) : null;
    },
    async update(changes: StripeElementsUpdateOptions) {
      checkOptions({ ...current, ...changes } as ElementsOptions);
      current = { ...current, ...changes } as ElementsOptions;
      queueMicrotask(() => updateEnd.forEach((handler) => handler()));
    },
    on(_eventType, handler) {
      updateEnd.add(handler);
    },
    async fetchUpdates() {
      return {};
    },
    async submit() {
      if (!element?.mounted) {
        throw integrationError('Invalid value for elements.submit(): elements should have a mounted Payment Element.');
      }
      const result = state.validate();
      state.submitted = !('error' in result);
      return 'error' in result ? { error: result.error } : { selectedPaymentMethod: 'card' };
    },
  };
  // Stripe's type declares create/getElement for every element type; the sandbox has one.
  const group = elements as StripeElements;
  states.set(group, state);
  return group;
}
