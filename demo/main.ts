// The demo shop: one product, a quantity, and <relais-checkout> kept in sync with the cart.
import '@relais/checkout';
import type { RelaisEventMap } from '@relais/checkout';
import { configureSandbox } from '@relais/sandbox';

// The stand-ins pay the reference server's fake Stripe and PayPal; the shopper approves PayPal
// in an in-page dialog. Test cards: 4242 4242 4242 4242 (paid), 4000 0000 0000 0002 (declined).
configureSandbox({ apiBase: '/checkout/sandbox', paypal: { approval: 'manual' } });

const unitPrice = 4990;
const copy = {
  fr: { title: 'Votre panier', product: 'Carafe en grès, émail bleu', quantity: 'Quantité', total: 'Total', payment: 'Paiement', events: 'Événements reçus par le marchand' },
  en: { title: 'Your cart', product: 'Blue-glazed stoneware carafe', quantity: 'Quantity', total: 'Total', payment: 'Payment', events: 'Events the merchant receives' },
} as const;
type Lang = keyof typeof copy;

const checkout = document.querySelector('relais-checkout')!;
const quantity = document.querySelector<HTMLInputElement>('#quantity')!;
let lang: Lang = 'fr';

function money(minor: number): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency: 'EUR' }).format(minor / 100);
}

function render(): void {
  const count = Math.min(9, Math.max(1, Number.parseInt(quantity.value, 10) || 1));
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    node.textContent = copy[lang][node.dataset['i18n'] as keyof (typeof copy)[Lang]];
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-lang]')) {
    button.setAttribute('aria-pressed', String(button.dataset['lang'] === lang));
  }
  document.querySelector('#unit-price')!.textContent = money(unitPrice);
  document.querySelector('#total')!.textContent = money(unitPrice * count);
  checkout.setAttribute('amount', String(unitPrice * count));
  checkout.setAttribute('lang', lang);
  checkout.items = [{ name: copy.en.product, quantity: count, amount: unitPrice }];
}

quantity.addEventListener('input', render);
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-lang]')) {
  button.addEventListener('click', () => {
    lang = button.dataset['lang'] as Lang;
    render();
  });
}

const log = document.querySelector('#event-log')!;
const names: Array<keyof RelaisEventMap> = [
  'relais-ready', 'relais-provider-change', 'relais-payment-succeeded', 'relais-payment-declined',
  'relais-payment-pending', 'relais-order-queued', 'relais-order-delivered', 'relais-incident', 'relais-config-error',
];
for (const name of names) {
  checkout.addEventListener(name, (event) => {
    const item = document.createElement('li');
    const code = document.createElement('code');
    code.textContent = `${name} ${JSON.stringify(event.detail)}`;
    item.append(code);
    log.prepend(item);
  });
}

render();
