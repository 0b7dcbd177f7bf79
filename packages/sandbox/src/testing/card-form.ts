/** Reading and filling the sandbox Payment Element's iframe from a test. */

export function frameOf(container: Element): HTMLIFrameElement {
  const iframe = container.querySelector('iframe');
  if (!iframe) throw new Error('no Payment Element iframe in the container');
  return iframe;
}

export function cardInput(container: Element, id: 'number' | 'expiry' | 'cvc'): HTMLInputElement {
  const input = frameOf(container).contentDocument?.getElementById(id);
  if (!input) throw new Error(`no #${id} input in the Payment Element frame`);
  return input as HTMLInputElement;
}

/** Two digits of a year that is always in the future. */
export const FUTURE_YY = String((new Date().getFullYear() + 3) % 100).padStart(2, '0');

/** Fills the form the way the browser reports typing: value, then an `input` event. */
export function fillCard(container: Element, card: { number: string; expiry?: string; cvc?: string }): void {
  const values = { number: card.number, expiry: card.expiry ?? `12${FUTURE_YY}`, cvc: card.cvc ?? '123' };
  for (const id of ['number', 'expiry', 'cvc'] as const) {
    const input = cardInput(container, id);
    input.value = values[id];
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

export function mountPoint(): HTMLDivElement {
  const div = document.createElement('div');
  document.body.append(div);
  return div;
}
