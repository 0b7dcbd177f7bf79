/**
 * The document inside the sandbox Payment Element's iframe. An iframe (not light-DOM inputs) so
 * the page sees what it sees with Stripe: a frame titled "Secure payment input frame" whose
 * inputs the merchant's CSS and scripts do not style or read. No inline script: the parent wires
 * the inputs (same origin), which also keeps the frame working under a strict script-src CSP.
 */
import type { Appearance } from '@stripe/stripe-js';
import { type CardInput, formatExpiry, formatNumber } from './cards.js';
import { resolveLocale } from './messages.js';

export const FRAME_TITLE = 'Secure payment input frame';

/** Keeps appearance values from closing the style block or the declaration. */
const cssValue = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value).replace(/[<>{};\\]/g, '') : undefined;

function themeCss(appearance: Appearance | undefined): string {
  const night = appearance?.theme === 'night';
  const v = (appearance?.variables ?? {}) as Record<string, unknown>;
  const vars: Record<string, string | undefined> = {
    '--primary': cssValue(v['colorPrimary']) ?? '#635bff',
    '--background': cssValue(v['colorBackground']) ?? (night ? '#30313d' : '#ffffff'),
    '--text': cssValue(v['colorText']) ?? (night ? '#e0e0e6' : '#30313d'),
    '--danger': cssValue(v['colorDanger']) ?? (night ? '#fe87a1' : '#df1b41'),
    '--font': cssValue(v['fontFamily']) ?? 'system-ui, sans-serif',
    '--radius': cssValue(v['borderRadius']) ?? '5px',
    '--size': cssValue(v['fontSizeBase']) ?? '16px',
  };
  return Object.entries(vars)
    .map(([name, value]) => `${name}:${value};`)
    .join('');
}

const STYLE = `
  html{color-scheme:light dark}
  body{margin:0;padding:2px;font:var(--size)/1.4 var(--font);color:var(--text);background:transparent}
  label{display:block;font-size:.85em;margin:0 0 4px}
  input{box-sizing:border-box;width:100%;padding:10px 12px;font:inherit;color:var(--text);background:var(--background);
    border:1px solid color-mix(in srgb,var(--text) 25%,transparent);border-radius:var(--radius)}
  input:focus{outline:2px solid var(--primary);outline-offset:1px}
  input[aria-invalid=true]{border-color:var(--danger)}
  .field{margin-bottom:12px}
  .pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}
  .error{color:var(--danger);font-size:.85em;margin:0 0 8px;min-height:1.2em}
  .note{font-size:.8em;margin:0;padding:6px 8px;border-radius:var(--radius);
    background:color-mix(in srgb,var(--primary) 12%,transparent)}
`;

type Props = Record<string, string>;

/** One element of the frame's document: attributes, then children (text or elements). */
function el(doc: Document, tag: string, props: Props, ...children: (Node | string)[]): HTMLElement {
  const element = doc.createElement(tag);
  for (const [name, value] of Object.entries(props)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/**
 * Fills the frame's own (empty, same-origin) document. Built node by node, never parsed from a
 * string: `srcdoc` and `innerHTML` are Trusted Types sinks, and the frame inherits the page's
 * policy. The theme is a constructed style sheet, which `style-src` does not govern either.
 */
function page(doc: Document, appearance: Appearance | undefined, locale: string, ...body: Node[]): void {
  const resolved = resolveLocale(locale);
  doc.documentElement.lang = /^[a-z]{2}(-[A-Z]{2})?$/.test(resolved) ? resolved : 'en';
  doc.title = FRAME_TITLE;
  const sheet = new (doc.defaultView as typeof globalThis).CSSStyleSheet();
  sheet.replaceSync(`:root{${themeCss(appearance)}}${STYLE}`);
  doc.adoptedStyleSheets = [sheet];
  doc.body.replaceChildren(...body);
}

/** Sandbox first, in bold, then what it means: the frame's note. */
function note(doc: Document, text: string, props: Props = {}): HTMLElement {
  return el(doc, 'p', { class: 'note', ...props }, el(doc, 'strong', {}, 'Sandbox'), text);
}

/** The form's words, as Stripe's Payment Element shows them for `locale` (French or English). */
const WORDS = {
  en: {
    number: 'Card number',
    expiry: 'Expiration (MM / YY)',
    expiryPlaceholder: 'MM / YY',
    cvc: 'CVC',
    note: ': no real card is charged. Test card 4242 4242 4242 4242, any future date, any CVC.',
  },
  fr: {
    number: 'Numéro de carte',
    expiry: 'Date d’expiration (MM / AA)',
    expiryPlaceholder: 'MM / AA',
    cvc: 'CVC',
    note: ' : aucune vraie carte n’est débitée. Carte de test 4242 4242 4242 4242, toute date future, tout CVC.',
  },
};

/** The card form: number, expiry, CVC, an error line announced to screen readers, and the sandbox note. */
export function renderCardForm(doc: Document, appearance: Appearance | undefined, locale = 'en'): void {
  const words = resolveLocale(locale).toLowerCase().startsWith('fr') ? WORDS.fr : WORDS.en;
  const field = (id: string, label: string, props: Props) =>
    el(doc, 'div', { class: 'field' }, el(doc, 'label', { for: id }, label),
      el(doc, 'input', { id, name: id, inputmode: 'numeric', 'aria-describedby': 'error', ...props }));
  page(
    doc,
    appearance,
    locale,
    field('number', words.number, { autocomplete: 'cc-number', placeholder: '1234 1234 1234 1234' }),
    el(doc, 'div', { class: 'pair' },
      field('expiry', words.expiry, { autocomplete: 'cc-exp', placeholder: words.expiryPlaceholder }),
      field('cvc', words.cvc, { autocomplete: 'cc-csc', placeholder: 'CVC', maxlength: '4' })),
    el(doc, 'p', { id: 'error', class: 'error', role: 'alert' }),
    note(doc, words.note),
  );
}

/** What the frame shows in the `element-load-error` fault, instead of the form. */
export function renderLoadError(doc: Document, appearance: Appearance | undefined, locale = 'en'): void {
  page(doc, appearance, locale, note(doc, ': the payment form failed to load (fault "element-load-error").', { role: 'alert' }));
}

export const CARD_FIELDS = ['number', 'expiry', 'cvc'] as const;

/** The form's current values; null until the form is rendered. */
export function readCardForm(doc: Document | null | undefined): CardInput | null {
  const [number, expiry, cvc] = CARD_FIELDS.map((id) => doc?.getElementById(id) as HTMLInputElement | null);
  return number && expiry && cvc ? { number: number.value, expiry: expiry.value, cvc: cvc.value } : null;
}

/** Formats each field as the shopper types, as both providers' forms do, then calls `edited`. */
export function formatCardFormAsTyped(doc: Document, edited: () => void = () => {}): void {
  doc.addEventListener('input', (event) => {
    // Events come from the iframe's realm: compare ids, not `instanceof HTMLInputElement`.
    const input = event.target as HTMLInputElement;
    if (input.id === 'number') input.value = formatNumber(input.value);
    if (input.id === 'expiry') input.value = formatExpiry(input.value);
    if (input.id === 'cvc') input.value = input.value.replace(/\D/g, '').slice(0, 4);
    input.removeAttribute('aria-invalid');
    edited();
  });
}

/** The error line under the fields, and the field it names marked invalid (none when empty). */
export function showCardFormError(doc: Document | null | undefined, message: string, param?: string): void {
  const line = doc?.getElementById('error');
  if (line) line.textContent = message;
  for (const id of CARD_FIELDS) {
    if (id === param) doc?.getElementById(id)?.setAttribute('aria-invalid', 'true');
    else doc?.getElementById(id)?.removeAttribute('aria-invalid');
  }
}
