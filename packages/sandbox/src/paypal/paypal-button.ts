/**
 * `<paypal-button>` of the sandbox. As with PayPal's v6 SDK, the merchant places the element and
 * adds the click listener that calls `session.start()`; the element only has to look like a
 * button and behave like one for every shopper: role, focus, Enter and Space, disabled.
 */
import type { PayPalButtonElement } from '@paypal/paypal-js/sdk-v6';

type ButtonType = NonNullable<PayPalButtonElement['type']>;

const PREFIX: Record<ButtonType, string> = {
  buynow: 'Buy Now with ',
  checkout: 'Check out with ',
  donate: 'Donate with ',
  pay: 'Pay with ',
  subscribe: 'Subscribe with ',
};

const STYLE = `
  :host{display:inline-block;box-sizing:border-box;min-width:150px;min-height:44px;padding:0 1.25rem;border-radius:999px;
    background:#ffc439;color:#001435;font:600 16px/44px system-ui,sans-serif;text-align:center;cursor:pointer;user-select:none}
  :host([hidden]){display:none}
  :host(:focus-visible){outline:3px solid #0070e0;outline-offset:2px}
  :host([disabled]){opacity:.5;cursor:not-allowed}
  .brand{font-style:italic;font-weight:800}
`;

export class PayPalButton extends HTMLElement implements PayPalButtonElement {
  static observedAttributes = ['disabled', 'type'];
  readonly #prefix: HTMLSpanElement;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    // A constructed sheet, not a <style>: a page whose style-src has no 'unsafe-inline' keeps it.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
    root.adoptedStyleSheets = [sheet];
    this.#prefix = document.createElement('span');
    const brand = document.createElement('span');
    brand.className = 'brand';
    brand.part.add('label');
    brand.textContent = 'PayPal';
    // Visible text is the accessible name ("PayPal", or "Pay with PayPal" for type="pay"),
    // so speech users can say what they see.
    root.append(this.#prefix, brand);
    // Registered first, so a disabled button's click never reaches the merchant's listener.
    this.addEventListener('click', (event) => {
      if (this.disabled) event.stopImmediatePropagation();
    });
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.repeat) this.click();
      // Space activates on release like a native button; stop the page from scrolling meanwhile.
      if (event.key === ' ') event.preventDefault();
    });
    this.addEventListener('keyup', (event) => {
      if (event.key === ' ') this.click();
    });
  }

  connectedCallback(): void {
    if (!this.hasAttribute('role')) this.setAttribute('role', 'button');
    this.#sync();
  }

  attributeChangedCallback(): void {
    this.#sync();
  }

  get type(): ButtonType | undefined {
    const value = this.getAttribute('type');
    return value !== null && value in PREFIX ? (value as ButtonType) : undefined;
  }

  set type(value: ButtonType | undefined) {
    if (value === undefined) this.removeAttribute('type');
    else this.setAttribute('type', value);
  }

  get disabled(): boolean {
    return this.hasAttribute('disabled');
  }

  set disabled(value: boolean) {
    this.toggleAttribute('disabled', value);
  }

  #sync(): void {
    const type = this.type;
    this.#prefix.textContent = type ? PREFIX[type] : '';
    if (!this.isConnected) return;
    this.setAttribute('aria-disabled', String(this.disabled));
    // Out of the tab order when disabled, like a disabled <button>.
    if (this.disabled) this.removeAttribute('tabindex');
    else this.setAttribute('tabindex', '0');
  }
}

/** Defines `<paypal-button>` unless a page (or the real SDK) already did. */
export function definePayPalButton(registry: CustomElementRegistry = customElements): void {
  if (!registry.get('paypal-button')) registry.define('paypal-button', PayPalButton);
}
