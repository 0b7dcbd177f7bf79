/**
 * The checkout page in an iframe, for the redirect tests (3-D Secure): the redirect navigates the
 * frame, not the test runner; a reload mid-payment reloads the frame. What the redirect and reload tests share.
 */
import { fillCard } from '@relais/sandbox/testing/card-form.js';
import type { RelaisCheckout } from '../packages/checkout/src/relais-checkout.js';
import { waitFor } from './dom.js';

/** `orderId`: the merchant numbers the order (kept across reloads); otherwise the element makes one per load. */
export function checkoutFrame(endpoint: string, { lang = 'en', providers, orderId }: { lang?: string; providers?: string; orderId?: string } = {}): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width:600px;height:900px';
  const query = new URLSearchParams({ endpoint, lang });
  if (providers !== undefined) query.set('providers', providers);
  if (orderId !== undefined) query.set('orderId', orderId);
  frame.src = `/test/pages/checkout.html?${query.toString()}`;
  document.body.append(frame);
  return frame;
}

export const checkoutIn = (frame: HTMLIFrameElement) => frame.contentDocument?.querySelector<RelaisCheckout>('relais-checkout');
export const shadowOf = (frame: HTMLIFrameElement, selector: string) => checkoutIn(frame)?.shadowRoot?.querySelector<HTMLElement>(selector);

/**
 * Fills the card that asks for 3-D Secure in the method's mount point, pays, and waits until the
 * frame has left for the challenge (`leftFor` says when); the order id paid for.
 */
export async function payWith3dsCard(frame: HTMLIFrameElement, mount: string, leftFor: (frame: HTMLIFrameElement) => unknown): Promise<string> {
  const pay = await waitFor(() => shadowOf(frame, '[part="pay-button"]:not([disabled])'), 8000);
  const element = checkoutIn(frame)!;
  fillCard(element.querySelector(mount)!, { number: '4000 0027 6000 3184' });
  const orderId = element.orderId!;
  pay.click();
  await waitFor(() => leftFor(frame), 8000);
  return orderId;
}

/** Presses the challenge page's button (or link) whose text matches. */
export function press(frame: HTMLIFrameElement, label: RegExp): void {
  const button = [...frame.contentDocument!.querySelectorAll<HTMLElement>('button, a, input[type="submit"]')].find((candidate) =>
    label.test(candidate.textContent ?? (candidate as HTMLInputElement).value ?? ''),
  );
  if (!button) throw new Error(`no ${label} on ${frame.contentWindow!.location.href}`);
  button.click();
}

/** The frame reloads as soon as its page sends (or gets the answer to) a request matching `at`. */
export function reloadAt(frame: HTMLIFrameElement, at: RegExp, when: 'sent' | 'answered'): void {
  const win = frame.contentWindow as typeof window;
  const fetch = win.fetch;
  win.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const answer = fetch.call(win, input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (!at.test(url)) return answer;
    if (when === 'sent') {
      win.location.reload();
      return answer;
    }
    return answer.then(() => {
      win.location.reload();
      return new Promise<Response>(() => {});
    });
  };
}
