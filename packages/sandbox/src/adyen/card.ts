/**
 * The sandbox Card component: `new Card(checkout, {showPayButton, onConfigSuccess}).mount(el)`
 * renders an iframe with the card fields (the Stripe stand-in's form, built node by node), then
 * calls `onConfigSuccess` when the fields can be typed in; `isValid`, `showValidation()`,
 * `submit()` and `unmount()` as in Adyen Web.
 */
import { delay, readSandboxConfig } from '../config.js';
import { validateCard } from '../stripe/cards.js';
import { FRAME_TITLE, formatCardFormAsTyped, readCardForm, renderCardForm, renderLoadError, showCardFormError } from '../stripe/frame.js';
import { fillOnLoad, fitHeight } from '../stripe/frame-load.js';
import { tokenFor } from './cards.js';
import type { SandboxCheckout } from './checkout.js';
import { SandboxAdyenError } from './errors.js';

interface CardOptions {
  onConfigSuccess?: () => void;
  [option: string]: unknown;
}

export class SandboxCard {
  readonly #checkout: SandboxCheckout;
  readonly #options: CardOptions;
  #iframe: HTMLIFrameElement | null = null;
  #ready = false;

  constructor(checkout: SandboxCheckout, options: CardOptions = {}) {
    if (!checkout || typeof (checkout as Partial<SandboxCheckout>).pay !== 'function') {
      throw new SandboxAdyenError('IMPLEMENTATION_ERROR', 'new Card(checkout): pass the instance AdyenCheckout resolved');
    }
    this.#checkout = checkout;
    this.#options = options;
  }

  mount(target: string | HTMLElement): this {
    const container = typeof target === 'string' ? document.querySelector<HTMLElement>(target) : target;
    if (!container) throw new SandboxAdyenError('IMPLEMENTATION_ERROR', `Component could not mount. Root node was not found: ${String(target)}`);
    const { fault, slowMs } = readSandboxConfig().adyen;
    const locale = typeof this.#checkout.options['locale'] === 'string' ? (this.#checkout.options['locale'] as string) : 'en';
    const iframe = (this.#iframe = document.createElement('iframe'));
    iframe.title = FRAME_TITLE;
    iframe.style.cssText = 'display:block;width:100%;border:0;height:220px;color-scheme:normal';
    fillOnLoad(iframe, (doc) => {
      if (iframe !== this.#iframe) return;
      if (fault === 'element-load-error') renderLoadError(doc, undefined, locale);
      else renderCardForm(doc, undefined, locale);
      void this.#loaded(iframe, doc, fault === 'element-load-error', fault === 'slow' ? slowMs : 0);
    });
    const wrapper = document.createElement('div');
    wrapper.className = 'adyen-checkout__card-input';
    wrapper.append(iframe);
    container.append(wrapper);
    return this;
  }

  async #loaded(iframe: HTMLIFrameElement, doc: Document, loadError: boolean, readyDelayMs: number): Promise<void> {
    fitHeight(iframe, doc);
    formatCardFormAsTyped(doc);
    if (this.#ready) return;
    await delay(readyDelayMs);
    if (iframe !== this.#iframe) return;
    if (loadError) {
      this.#checkout.error(new SandboxAdyenError('ERROR', 'The sandbox card fields failed to load (fault "element-load-error")'), this);
      return;
    }
    this.#ready = true;
    this.#options.onConfigSuccess?.();
  }

  #values() {
    return readCardForm(this.#iframe?.contentDocument);
  }

  get isValid(): boolean {
    const card = this.#values();
    return card !== null && validateCard(card) === null && tokenFor(card.number) !== null;
  }

  showValidation(): void {
    const card = this.#values();
    const error = card && validateCard(card);
    showCardFormError(this.#iframe?.contentDocument, error?.message ?? '', error?.param);
  }

  /** @internal The refusal line under the fields. */
  showError(text: string): void {
    showCardFormError(this.#iframe?.contentDocument, text);
  }

  submit(): void {
    const card = this.#values();
    if (!card || !this.isValid) return this.showValidation();
    this.showError('');
    void this.#checkout.pay(tokenFor(card.number)!, this);
  }

  unmount(): void {
    this.#iframe?.parentElement?.remove();
    this.#iframe = null;
    this.#ready = false;
  }
}
