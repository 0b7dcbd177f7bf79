/**
 * "Run the drill": a scripted sequence of outages, each met by a shopper who pays, played in an
 * iframe of the shop (`/?embed=drill`) the way a person would — typing a test card in the
 * sandbox Payment Element or Adyen's card form, approving PayPal, placing a bank-transfer order. The verdict comes from
 * the merchant's server, not from what the page said: every order must be recorded there once
 * (none lost), and the fake providers' ledger must hold at most one charge per order (none
 * charged twice).
 */
import type { RelaisEventMap } from '@relais/checkout';
import type { DashboardOrder } from '@relais/server';
import { adminFetch } from './admin.js';
import { forgetFailures, replayQueue, writeLab } from './client.js';
import { copy, type Lang } from './copy.js';
import { ALL_UP, type LabState } from '@relais/lab/lab-state';

export type ShopperAction = 'card' | 'adyen-card' | 'declined-card-then-card' | 'paypal' | 'bank-transfer' | 'choose-bank-transfer';

export interface DrillStep {
  id: 'all-up' | 'stripe-blocked-adyen' | 'stripe-blocked' | 'stripe-hangs' | 'both-down' | 'stripe-api-errors' | 'decline' | 'merchant-down';
  state: LabState;
  /** The shopper's quantity: each step is its own cart, so amounts tell the orders apart. */
  quantity: number;
  action: ShopperAction;
  /** The method the order must end up paid or placed with. */
  expect: 'stripe' | 'adyen' | 'paypal' | 'bank-transfer';
}

/** The shop lists two card processors: a step that must reach PayPal or the transfer takes both down. */
const CARDS_DOWN: Pick<LabState, 'adyen'> = { adyen: 'blocked' };

export const DRILL: readonly DrillStep[] = [
  { id: 'all-up', state: ALL_UP, quantity: 1, action: 'card', expect: 'stripe' },
  { id: 'stripe-blocked-adyen', state: { ...ALL_UP, stripe: 'blocked' }, quantity: 2, action: 'adyen-card', expect: 'adyen' },
  { id: 'stripe-blocked', state: { ...ALL_UP, ...CARDS_DOWN, stripe: 'blocked' }, quantity: 3, action: 'paypal', expect: 'paypal' },
  { id: 'stripe-hangs', state: { ...ALL_UP, ...CARDS_DOWN, stripe: 'hangs' }, quantity: 4, action: 'paypal', expect: 'paypal' },
  { id: 'both-down', state: { ...ALL_UP, ...CARDS_DOWN, stripe: 'no-global', paypal: 'blocked' }, quantity: 5, action: 'bank-transfer', expect: 'bank-transfer' },
  { id: 'stripe-api-errors', state: { ...ALL_UP, ...CARDS_DOWN, stripe: 'api-errors' }, quantity: 6, action: 'card', expect: 'paypal' },
  { id: 'decline', state: ALL_UP, quantity: 7, action: 'declined-card-then-card', expect: 'stripe' },
  { id: 'merchant-down', state: { ...ALL_UP, merchantDown: true }, quantity: 8, action: 'choose-bank-transfer', expect: 'bank-transfer' },
];

export interface StepResult {
  step: DrillStep;
  orderId?: string;
  /** The page told the shopper their order was taken (paid, placed, or saved to be sent). */
  taken: boolean;
  /** Where the shopper's payment ended, as the page said it; `failed`: the step did not finish. */
  outcome: 'paid' | 'pending' | 'queued-then-delivered' | 'failed';
  provider?: string;
  /** What the merchant's server recorded for the order: its method, or undefined (lost). */
  recorded?: string;
  /** Charges the fake providers hold for the order (Stripe intents that took money, PayPal captures). */
  charges: number;
  declines: number;
  error?: string;
}

export interface DrillReport {
  steps: StepResult[];
  ordersTaken: number;
  byMethod: Record<string, number>;
  lost: number;
  chargedTwice: number;
  passed: boolean;
}

type ShopEvent = { [K in keyof RelaisEventMap]: { type: K; detail: RelaisEventMap[K] } }[keyof RelaisEventMap];

declare global {
  interface Window {
    /** Every event of the shop's checkout, in order (main.ts): the drill reads what the page said. */
    __shopEvents?: ShopEvent[];
  }
}

const ENDPOINT = '/checkout';
/** A step's longest wait: the queue delivering once the merchant is back. */
const DELIVERY_TIMEOUT_MS = 60_000;
const CARD_OK = '4242424242424242';
const CARD_DECLINED = '4000000000000002';

async function until<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 15000): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The shop in the drill's iframe, seen from the lab page (same origin). */
class Shop {
  constructor(readonly frame: HTMLIFrameElement) {}

  get doc(): Document {
    return this.frame.contentDocument!;
  }

  get events(): ShopEvent[] {
    return this.frame.contentWindow?.__shopEvents ?? [];
  }

  /** The details of every `type` event so far, oldest first. */
  all<K extends keyof RelaisEventMap>(type: K): Array<RelaisEventMap[K]> {
    return this.events.filter((event) => event.type === type).map((event) => event.detail as RelaisEventMap[K]);
  }

  event<K extends keyof RelaisEventMap>(type: K): RelaisEventMap[K] | undefined {
    return this.all(type)[0];
  }

  inShadow<E extends Element>(selector: string): E | null {
    return this.doc.querySelector('relais-checkout')?.shadowRoot?.querySelector<E>(selector) ?? null;
  }

  mount(provider: string): Element | null {
    return this.doc.querySelector(`[data-relais-mount="provider-${provider}"]`);
  }

  async ready(provider: string): Promise<void> {
    await until(() => this.all('relais-ready').some((ready) => ready.provider === provider), `${provider} ready`);
  }

  /** The method the checkout shows now (its radio is checked). */
  async active(provider: string): Promise<void> {
    await until(() => this.inShadow<HTMLInputElement>(`input[name="method"][value="${provider}"]`)?.checked, `${provider} to be shown`);
  }

  async pay(): Promise<void> {
    const button = await until(() => this.inShadow<HTMLButtonElement>('[part="pay-button"]:not([disabled])'), 'the pay button');
    button.click();
  }

  /** Types a card in `provider`'s card form: Stripe's Payment Element or Adyen's Card component. */
  async typeCard(number: string, provider: 'stripe' | 'adyen' = 'stripe'): Promise<void> {
    const frame = await until(() => this.mount(provider)?.querySelector('iframe'), `${provider}'s card form`);
    const input = (id: string) => frame.contentDocument?.getElementById(id) as HTMLInputElement | null;
    await until(() => input('number'), 'the card number field');
    const year = String((new Date().getFullYear() + 3) % 100).padStart(2, '0');
    for (const [id, value] of [['number', number], ['expiry', `12${year}`], ['cvc', '123']] as const) {
      const field = input(id)!;
      field.value = value;
      field.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }

  async approvePayPal(): Promise<void> {
    const button = await until(() => this.mount('paypal')?.querySelector<HTMLElement>('paypal-button'), 'the PayPal button');
    button.click();
    const dialog = await until(() => this.doc.querySelector('dialog.relais-sandbox-paypal'), 'PayPal\'s approval window');
    const approve = [...dialog.querySelectorAll('button')].find((candidate) => candidate.textContent === 'Approve');
    if (!approve) throw new Error('no Approve button in PayPal\'s window');
    approve.click();
  }
}

async function loadShop(container: HTMLElement, quantity: number, lang: Lang): Promise<Shop> {
  const frame = document.createElement('iframe');
  frame.title = copy[lang].drill.frameTitle;
  frame.src = `/?embed=drill&quantity=${quantity}&lang=${lang}`;
  container.replaceChildren(frame);
  // Not the frame's `load` event: a hung SDK script (the "hangs" outage) can hold it forever.
  await until(() => frame.contentWindow?.__shopEvents, 'the shop to start');
  return new Shop(frame);
}

async function play(step: DrillStep, shop: Shop): Promise<{ orderId: string; outcome: StepResult['outcome']; provider: string }> {
  switch (step.action) {
    case 'card':
    case 'declined-card-then-card': {
      await shop.ready('stripe');
      if (step.action === 'declined-card-then-card') {
        await shop.typeCard(CARD_DECLINED);
        await shop.pay();
        await until(() => shop.event('relais-payment-declined'), 'the decline');
      }
      await shop.typeCard(CARD_OK);
      await shop.pay();
      if (step.expect === 'paypal') {
        // The card payment failed without charging: Relais verifies, then offers PayPal.
        await shop.active('paypal');
        await shop.approvePayPal();
      }
      break;
    }
    case 'adyen-card':
      // Stripe did not load: the card is still welcome, through the second processor.
      await shop.ready('adyen');
      await shop.typeCard(CARD_OK, 'adyen');
      await shop.pay();
      break;
    case 'paypal':
      await shop.ready('paypal');
      await shop.approvePayPal();
      break;
    case 'bank-transfer':
      await shop.ready('bank-transfer');
      await shop.pay();
      break;
    case 'choose-bank-transfer': {
      const radio = await until(() => shop.inShadow<HTMLInputElement>('input[name="method"][value="bank-transfer"]:not([disabled])'), 'the bank transfer choice');
      radio.click();
      // Not `relais-ready`: it names the first method that became interactive, maybe the card.
      await until(() => shop.inShadow('[part="panel"] .hint'), 'the bank-transfer instructions');
      await shop.pay();
      break;
    }
  }
  // "Being verified" is not an end: Relais is still finding out whether the card was charged.
  const knownPending = () => shop.all('relais-payment-pending').find((pending) => pending.reason !== 'verifying');
  const { orderId } = await until(
    () => shop.event('relais-payment-succeeded') ?? knownPending() ?? shop.event('relais-order-queued'),
    'the payment to end',
    30000,
  );
  if (shop.event('relais-order-queued')) {
    // The merchant's server comes back (and says so); the queue must deliver the order, once.
    await writeLab(ALL_UP);
    replayQueue();
    await until(() => shop.event('relais-order-delivered'), 'the queued order to be delivered', DELIVERY_TIMEOUT_MS);
    return { orderId, outcome: 'queued-then-delivered', provider: 'bank-transfer' };
  }
  const paid = shop.event('relais-payment-succeeded');
  const pending = knownPending();
  const provider = paid?.provider ?? pending?.provider ?? 'none';
  return { orderId, outcome: paid ? 'paid' : 'pending', provider };
}

/** Stripe intents that took money, PayPal orders captured and Adyen payments authorised, for one order. */
async function chargesOf(orderId: string): Promise<number> {
  const response = await fetch(`${ENDPOINT}/sandbox/ledger/${encodeURIComponent(orderId)}`);
  if (!response.ok) throw new Error(`the sandbox ledger answered ${response.status}`);
  const ledger = (await response.json()) as { stripe: Array<{ status: string }>; paypal: Array<{ captureId: string | null }>; adyen?: Array<{ resultCode: string }> };
  return (
    ledger.stripe.filter((intent) => ['succeeded', 'processing', 'requires_capture'].includes(intent.status)).length +
    ledger.paypal.filter((order) => order.captureId !== null).length +
    (ledger.adyen ?? []).filter((payment) => payment.resultCode === 'Authorised').length
  );
}

/** What the merchant's server recorded for the order (its method), and what the providers charged. */
async function evidence(orderId: string, since: string): Promise<{ recorded?: string; charges: number }> {
  const response = await adminFetch(`${ENDPOINT}/orders?since=${encodeURIComponent(since)}`);
  if (!response.ok) throw new Error(`GET /orders answered ${response.status}`);
  const orders = (await response.json()) as DashboardOrder[];
  return { recorded: orders.find((order) => order.orderId === orderId)?.method, charges: await chargesOf(orderId) };
}

export interface DrillProgress {
  (step: DrillStep, index: number): void;
}

/** Plays every step of the drill in `container` (an iframe is put there), then restores the lab to all up. */
export function runDrill(container: HTMLElement, lang: Lang, onStep: DrillProgress = () => undefined): Promise<DrillReport> {
  return runSteps(DRILL, container, lang, onStep);
}

/** Plays `plan`'s steps, each a shopper paying through an outage, then restores the lab to all up. */
export async function runSteps(plan: readonly DrillStep[], container: HTMLElement, lang: Lang, onStep: DrillProgress = () => undefined): Promise<DrillReport> {
  const steps: StepResult[] = [];
  const since = new Date().toISOString();
  try {
    for (const [index, step] of plan.entries()) {
      onStep(step, index);
      container.replaceChildren();
      await forgetFailures();
      await writeLab(step.state);
      const shop = await loadShop(container, step.quantity, lang);
      const declines = () => shop.all('relais-payment-declined').length;
      try {
        const played = await play(step, shop);
        steps.push({ step, ...played, taken: true, ...(await evidence(played.orderId, since)), declines: declines() });
      } catch (error) {
        // The page may have taken the order before the step stalled: the server must have it.
        const taken = shop.event('relais-payment-succeeded') ?? shop.event('relais-order-queued');
        const orderId = taken?.orderId ?? shop.event('relais-ready')?.orderId;
        const proof = orderId ? await evidence(orderId, since).catch(() => ({ charges: 0 })) : { charges: 0 };
        steps.push({ step, orderId, outcome: 'failed', taken: taken !== undefined, ...proof, declines: declines(), error: (error as Error).message });
      }
    }
  } finally {
    container.replaceChildren();
    await writeLab(ALL_UP);
  }
  return summarise(steps);
}

export function summarise(steps: StepResult[]): DrillReport {
  const byMethod: Record<string, number> = {};
  for (const result of steps) if (result.recorded) byMethod[result.recorded] = (byMethod[result.recorded] ?? 0) + 1;
  const lost = steps.filter((result) => result.taken && result.recorded === undefined).length;
  const chargedTwice = steps.filter((result) => result.charges > 1).length;
  const passed = steps.every(
    (result) => result.outcome !== 'failed' && result.recorded === result.step.expect && result.charges <= 1,
  );
  return { steps, ordersTaken: Object.values(byMethod).reduce((a, b) => a + b, 0), byMethod, lost, chargedTwice, passed };
}
