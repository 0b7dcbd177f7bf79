// The demo shop: one product, a quantity, and <relais-checkout> kept in sync with the cart; beside
// it the outage lab and what the merchant sees. `/?embed=drill&quantity=N` is the shop alone, as
// the lab's drill plays it in an iframe.
import type { RelaisEventMap } from '@relais/checkout';
import { LAB_SW_URL, applyToStandIns, readLab, underLabWorker, warmUpIntl } from './lab/client.js';

warmUpIntl();

const params = new URLSearchParams(location.search);
const embedded = params.has('embed');
document.documentElement.classList.toggle('embedded', embedded);

const unitPrice = 4990;
/** The longest the lab waits for the checkout before loading anyway. */
const READY_WAIT_MS = 10_000;

/** Once `element` is on screen (or was scrolled past), then the next idle period. */
const whenShown = (element: Element): Promise<void> =>
  new Promise((resolve) => {
    const observer = new IntersectionObserver((entries) => {
      // Above the screen counts too: a reload restores a scroll position past it.
      if (!entries.some((entry) => entry.isIntersecting || entry.boundingClientRect.bottom <= 0)) return;
      observer.disconnect();
      if ('requestIdleCallback' in window) requestIdleCallback(() => resolve(), { timeout: 500 });
      else resolve();
    });
    observer.observe(element);
  });
const copy = {
  fr: { title: 'Votre panier', product: 'Carafe en grès, émail bleu', quantity: 'Quantité', total: 'Total', payment: 'Paiement', events: 'Événements reçus par le marchand' },
  en: { title: 'Your cart', product: 'Blue-glazed stoneware carafe', quantity: 'Quantity', total: 'Total', payment: 'Payment', events: 'Events the merchant receives' },
} as const;
type Lang = keyof typeof copy;

const checkout = document.querySelector('relais-checkout')!;
const quantity = document.querySelector<HTMLInputElement>('#quantity')!;
const lab = document.querySelector('relais-lab');
const dashboard = document.querySelector('relais-dashboard');
let lang: Lang = params.get('lang') === 'en' ? 'en' : 'fr';
if (params.has('quantity')) quantity.value = params.get('quantity')!;

const formats = new Map<Lang, Intl.NumberFormat>();
function money(minor: number): string {
  let format = formats.get(lang);
  if (!format) formats.set(lang, (format = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency: 'EUR' })));
  return format.format(minor / 100);
}

/** The prices index.html is served with (French, one carafe): shown from the first paint, not formatted again. */
let pricesShown = 'fr 1';

function render(): void {
  const count = Math.min(9, Math.max(1, Number.parseInt(quantity.value, 10) || 1));
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    node.textContent = copy[lang][node.dataset['i18n'] as keyof (typeof copy)[Lang]];
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-lang]')) {
    button.setAttribute('aria-pressed', String(button.dataset['lang'] === lang));
  }
  if (pricesShown !== `${lang} ${count}`) {
    pricesShown = `${lang} ${count}`;
    document.querySelector('#unit-price')!.textContent = money(unitPrice);
    document.querySelector('#total')!.textContent = money(unitPrice * count);
  }
  checkout.setAttribute('amount', String(unitPrice * count));
  checkout.setAttribute('lang', lang);
  checkout.items = [{ name: copy.en.product, quantity: count, amount: unitPrice }];
  lab?.setAttribute('lang', lang);
  dashboard?.setAttribute('lang', lang);
}

quantity.addEventListener('input', render);
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-lang]')) {
  button.addEventListener('click', () => {
    lang = button.dataset['lang'] as Lang;
    const url = new URL(location.href);
    url.searchParams.set('lang', lang); // the lab reloads the page: the language stays
    history.replaceState(null, '', url);
    render();
  });
}

// Every event of the checkout, shown to the visitor and kept for the drill (window.__shopEvents).
const log = document.querySelector('#event-log')!;
const names: Array<keyof RelaisEventMap> = [
  'relais-ready', 'relais-provider-change', 'relais-payment-succeeded', 'relais-payment-declined',
  'relais-payment-pending', 'relais-order-queued', 'relais-order-delivered', 'relais-incident', 'relais-config-error',
];
const events: NonNullable<Window['__shopEvents']> = (window.__shopEvents = []);
for (const name of names) {
  checkout.addEventListener(name, (event) => {
    events.push({ type: name, detail: event.detail } as (typeof events)[number]);
    const item = document.createElement('li');
    const code = document.createElement('code');
    code.textContent = `${name} ${JSON.stringify(event.detail)}`;
    item.append(code);
    log.prepend(item);
  });
}

render();

// The lab's worker answers the SDK URLs (sandbox SDKs, or the outage the lab asks for): it must
// control the page before the element requests Stripe.js. Then the stand-ins get their faults.
// The lab's state is read meanwhile, and the element's code is preloaded (a modulepreload link
// the build adds to the page), so the worker's start is the only wait before the checkout.
const labState = readLab();
if ((await underLabWorker()) === 'worker') checkout.setAttribute('sw-url', LAB_SW_URL); // the same queue, plus the lab
applyToStandIns(await labState);
await defineCheckout();
if (!embedded) await loadLabAndDashboard();

/**
 * What `import '@relais/checkout'` does, in two tasks: the element's code (Lit included) is
 * evaluated in one, and the element defined in the next. Defined at once, the upgrade of the
 * page's <relais-checkout> would draw its first frame in the task that evaluated that code: one
 * long task on a phone instead of two short ones.
 */
async function defineCheckout(): Promise<void> {
  const { RelaisCheckout } = await import('@relais/checkout/relais-checkout.js');
  await new Promise((resolve) => setTimeout(resolve));
  if (!customElements.get('relais-checkout')) customElements.define('relais-checkout', RelaisCheckout);
}

/**
 * The lab and the dashboard are not the shop: each loads once the checkout is ready to pay (or
 * has given up) and it comes into view, so that on a phone, where they sit below the shop,
 * nothing of theirs runs before the shopper scrolls to them.
 */
async function loadLabAndDashboard(): Promise<void> {
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    for (const name of ['relais-ready', 'relais-config-error'] as const) checkout.addEventListener(name, done, { once: true });
    // A lab fault can keep the checkout from getting ready for a while: the lab must still come.
    setTimeout(done, READY_WAIT_MS);
    if (events.some((event) => event.type === 'relais-ready' || event.type === 'relais-config-error')) done();
  });
  await Promise.all([
    lab && whenShown(lab).then(() => import('./lab/lab-panel.js')),
    dashboard && whenShown(dashboard).then(() => import('./lab/dashboard.js')),
  ]);
}
