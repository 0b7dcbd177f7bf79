/**
 * The sandbox Payment Element: an iframe with a card form, mounted with Stripe's rules (never in a
 * shadow root, only in a connected container) and Stripe's events, so Relais meets the same
 * constraints in tests as in production.
 */
import type { Appearance, StripeError, StripePaymentElementChangeEvent } from '@stripe/stripe-js';
import { delay, readSandboxConfig } from '../config.js';
import { type CardInput, isEmpty, validateCard } from './cards.js';
import { Emitter } from './emitter.js';
import { integrationError } from './errors.js';
import { CARD_FIELDS, FRAME_TITLE, formatCardFormAsTyped, readCardForm, renderCardForm, renderLoadError, showCardFormError } from './frame.js';
import { fillOnLoad, fitHeight } from './frame-load.js';

type PaymentEvent = { elementType: 'payment' };

export interface PaymentElementEvents {
  ready: PaymentEvent;
  change: StripePaymentElementChangeEvent;
  focus: PaymentEvent;
  blur: PaymentEvent;
  escape: PaymentEvent;
  loaderstart: PaymentEvent;
  loaderror: PaymentEvent & { error: StripeError };
}

/** What the element reads from, and tells, its Elements group. */
export interface ElementGroupLink {
  frameOptions(): { appearance: Appearance | undefined; locale: string };
  /** The shopper edited the form (not through `on('change')`, which the merchant may `off()`). */
  edited(): void;
  destroyed(): void;
}

export class SandboxPaymentElement {
  readonly #events = new Emitter<PaymentElementEvents>();
  readonly #group: ElementGroupLink;
  #wrapper: HTMLDivElement | null = null;
  #iframe: HTMLIFrameElement | null = null;
  #ready = false;
  #destroyed = false;

  constructor(group: ElementGroupLink) {
    this.#group = group;
  }

  mount(target: string | HTMLElement): void {
    if (this.#destroyed) throw integrationError('This Element has already been destroyed. Please create a new one.');
    if (this.#wrapper) {
      throw integrationError('This Element is already mounted. Use `unmount()` to unmount the Element before re-mounting.');
    }
    const container = typeof target === 'string' ? document.querySelector<HTMLElement>(target) : target;
    if (!container) {
      throw integrationError(
        `The selector you specified (${String(target)}) applies to no DOM elements that are currently on the page.\nMake sure the element exists on the page before calling mount().`,
      );
    }
    // Stripe refuses shadow roots: its iframes and focus management assume the light DOM.
    if (container.getRootNode() instanceof ShadowRoot) {
      throw integrationError('Elements cannot be mounted in a ShadowRoot. Please mount in the Light DOM.');
    }
    if (!container.isConnected) {
      throw integrationError('The container you passed to mount() is not attached to the document. Mount into an element of the page.');
    }

    const { fault, slowMs } = readSandboxConfig().stripe;
    const { appearance, locale } = this.#group.frameOptions();
    const iframe = document.createElement('iframe');
    iframe.title = FRAME_TITLE;
    iframe.setAttribute('allowtransparency', 'true');
    iframe.style.cssText = 'display:block;width:100%;min-width:100%;border:0;height:220px;color-scheme:normal';
    // No src: the frame's document is the empty same-origin one, filled on every load (moving an
    // iframe in the DOM reloads it, empty again), then its inputs are wired.
    fillOnLoad(iframe, (doc) => {
      if (iframe !== this.#iframe) return;
      if (fault === 'element-load-error') renderLoadError(doc, appearance, locale);
      else renderCardForm(doc, appearance, locale);
      void this.#frameLoaded(iframe, doc, fault === 'element-load-error', fault === 'slow' ? slowMs : 0);
    });

    const wrapper = document.createElement('div');
    wrapper.className = '__PrivateStripeElement';
    wrapper.append(iframe);
    // Before inserting: Chromium fires the empty frame's first load during the insertion itself.
    this.#wrapper = wrapper;
    this.#iframe = iframe;
    container.append(wrapper);
    queueMicrotask(() => this.#events.emit('loaderstart', { elementType: 'payment' }));
  }

  async #frameLoaded(iframe: HTMLIFrameElement, doc: Document, loadError: boolean, readyDelayMs: number): Promise<void> {
    fitHeight(iframe, doc);
    if (!loadError) this.#wire(doc);
    if (this.#ready) return;
    // Stripe's frame loads from the network: its events never fire during mount(), even here
    // where the frame's document is filled at once.
    await delay(readyDelayMs);
    // Unmounted or remounted while we waited: that frame never becomes ready.
    if (iframe !== this.#iframe || this.#ready) return;
    if (loadError) {
      const message = 'The sandbox Payment Element failed to load (fault "element-load-error").';
      this.#events.emit('loaderror', { elementType: 'payment', error: { type: 'invalid_request_error', message } });
      return;
    }
    this.#ready = true;
    this.#events.emit('ready', { elementType: 'payment' });
  }

  #wire(doc: Document): void {
    formatCardFormAsTyped(doc, () => this.#emitChange());
    doc.addEventListener('focusin', () => this.#events.emit('focus', { elementType: 'payment' }));
    doc.addEventListener('focusout', (event) => {
      if (!(event as FocusEvent).relatedTarget) this.#events.emit('blur', { elementType: 'payment' });
    });
    doc.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key === 'Escape') this.#events.emit('escape', { elementType: 'payment' });
    });
  }

  #emitChange(): void {
    this.#group.edited();
    const card = this.card();
    this.#events.emit('change', {
      elementType: 'payment',
      empty: card === null || isEmpty(card),
      complete: card !== null && validateCard(card) === null,
      collapsed: false,
      value: { type: 'card' },
    });
  }

  /** @internal The form's current values, for the Elements group; null until the form rendered. */
  card(): CardInput | null {
    return readCardForm(this.#iframe?.contentDocument);
  }

  /** @internal Shows a validation error in the frame, like Stripe does under the field. */
  showError(error: StripeError | null): void {
    showCardFormError(this.#iframe?.contentDocument, error?.message ?? '', error?.param);
  }

  /** @internal */
  get mounted(): boolean {
    return this.#wrapper !== null;
  }

  on<K extends keyof PaymentElementEvents>(type: K, handler: (event: PaymentElementEvents[K]) => unknown): this {
    this.#events.on(type, handler);
    return this;
  }

  once<K extends keyof PaymentElementEvents>(type: K, handler: (event: PaymentElementEvents[K]) => unknown): this {
    this.#events.on(type, handler, true);
    return this;
  }

  off<K extends keyof PaymentElementEvents>(type: K, handler?: (event: PaymentElementEvents[K]) => unknown): this {
    this.#events.off(type, handler);
    return this;
  }

  focus(): void {
    this.#iframe?.contentDocument?.getElementById('number')?.focus();
  }

  blur(): void {
    (this.#iframe?.contentDocument?.activeElement as HTMLElement | null)?.blur();
  }

  clear(): void {
    for (const id of CARD_FIELDS) {
      const input = this.#iframe?.contentDocument?.getElementById(id) as HTMLInputElement | null;
      if (input) input.value = '';
    }
    this.showError(null);
    this.#emitChange();
  }

  /** Appearance and locale changes apply at the next mount; the sandbox does not restyle live. */
  update(): this {
    return this;
  }

  collapse(): this {
    return this;
  }

  unmount(): void {
    this.#wrapper?.remove();
    this.#wrapper = null;
    this.#iframe = null;
    this.#ready = false;
  }

  destroy(): void {
    this.unmount();
    this.#destroyed = true;
    this.#events.clear();
    this.#group.destroyed();
  }
}
