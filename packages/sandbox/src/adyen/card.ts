/**
 * The sandbox Card component: `new Card(checkout, {showPayButton, onConfigSuccess}).mount(el)`
 * renders an iframe with the card fields (the Stripe stand-in's form, built node by node), then
 * calls `onConfigSuccess` when the fields can be typed in; `isValid`, `showValidation()`,
 * `submit()` and `unmount()` as in Adyen Web.
 */
import { delay, readSandboxConfig } from '../config.js';
import { formatExpiry, formatNumber, validateCard } from '../stripe/cards.js';
import { FRAME_TITLE, renderCardForm, renderLoadError } from '../stripe/frame.js';
import { tokenFor } from './cards.js';
import type { SandboxCheckout } from './checkout.js';
import { SandboxAdyenError } from './errors.js';

interface CardOptions {
  onConfigSuccess?: () => void;
  [option: string]: unknown;
}

const FIELDS = ['number', 'expiry', 'cvc'] as const;

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
    iframe.addEventListener('load', () => {
      const doc = iframe.contentDocument;
      if (!doc || iframe !== this.#iframe) return;
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
    iframe.style.height = `${doc.documentElement.scrollHeight + 4}px`;
    doc.addEventListener('input', (event) => {
      const input = event.target as HTMLInputElement;
      if (input.id === 'number') input.value = formatNumber(input.value);
      if (input.id === 'expiry') input.value = formatExpiry(input.value);
      if (input.id === 'cvc') input.value = input.value.replace(/\D/g, '').slice(0, 4);
      input.removeAttribute('aria-invalid');
    });
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

  #values(): { number: string; expiry: string; cvc: string } | null {
    const doc = this.#iframe?.contentDocument;
    const [number, expiry, cvc] = FIELDS.map((id) => doc?.getElementById(id) as HTMLInputElement | null);
    return number && expiry && cvc ? { number: number.value, expiry: expiry.value, cvc: cvc.value } : null;
  }

  get isValid(): boolean {
    const card = this.#values();
    return card !== null && validateCard(card) === null && tokenFor(card.number) !== null;
  }

  showValidation(): void {
    const card = this.#values();
    const error = card && validateCard(card);
    this.showError(error?.message ?? '');
    const param = error?.param;
    if (param === 'number' || param === 'expiry' || param === 'cvc') this.#iframe?.contentDocument?.getElementById(param)?.setAttribute('aria-invalid', 'true');
  }

  /** @internal The refusal line under the fields. */
  showError(text: string): void {
    const line = this.#iframe?.contentDocument?.getElementById('error');
    if (line) line.textContent = text;
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
