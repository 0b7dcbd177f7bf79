/**
 * Plays one chaos journey against the real element and the real merchant handler (a fresh
 * namespace of the test API, with its sandbox providers), then heals every fault, lets the
 * shopper come back, and collects what the invariants are checked on.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import type { SandboxConfig } from '@relais/sandbox';
import type { ScriptAnswer } from '@relais/sandbox/testing/routes.js';
import { configureHealth, resetFaults, scriptFaults, testEndpoint, type ServerOrder, type ServerRequest } from '../api.js';
import { lostAnswer, unreachable, type Ledger } from '../payments.js';
import { observeServer } from './observe.js';
import { METHODS, methodModel, SDK_NAMES, type MethodId, type SdkName } from './methods.js';
import type { Journey, SdkFault, Step } from './model.js';
import { offlineWhile } from './gate.js';
import { Tab } from './tab.js';
import { SYNC_TAG } from '@relais/service-worker/messages.js';

/**
 * The element's `load-timeout`, short: a hung or too slow SDK costs a journey this much, not the
 * production budget. A healthy stand-in on a busy machine may still miss it: the invariants
 * blame no provider for an `sdk-timeout`.
 */
export const LOAD_TIMEOUT = 1200;
const SLOW_MS = 300;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface TabOutcome {
  name: string;
  /** The result on screen at the end, `choosing` when none. */
  final: string;
  orderId: string | undefined;
  text: string;
  /** The shopper pressed pay in the tab's last page load. */
  committed: boolean;
  /** What the element showed since then. */
  shown: string[];
  events: Tab['events'];
  orderIds: string[];
}

export interface Observation {
  endpoint: string;
  tabs: TabOutcome[];
  errors: string[];
  orders: ServerOrder[];
  requests: ServerRequest[];
  ledgers: Map<string, Ledger>;
}

function scriptAnswer(fault: SdkFault): { answer: ScriptAnswer; delayMs?: number } {
  switch (fault) {
    case 'ok':
      return { answer: 'stand-in' };
    case 'blocked':
      return { answer: 'abort' };
    case 'hung':
      return { answer: 'hang' };
    case 'slow':
      return { answer: 'stand-in', delayMs: SLOW_MS };
    case 'too-slow':
      return { answer: 'stand-in', delayMs: LOAD_TIMEOUT + 500 };
    case 'no-global':
      return { answer: 'empty' };
  }
}

function sandboxFor(journey: Journey, endpoint: string): SandboxConfig {
  const config: SandboxConfig = { apiBase: `${endpoint}/sandbox`, telemetry: true };
  for (const [id, method] of Object.entries(METHODS)) {
    const sdk = (method as { sdk?: SdkName }).sdk;
    const fault = journey.api[id as MethodId] ?? 'none';
    // Each stand-in reads `window.__relaisSandbox[<its sdk>]`; PayPal's window approves at once.
    if (sdk) (config as unknown as Record<string, unknown>)[sdk] = { fault, timeoutMs: 800, slowMs: SLOW_MS, ...(sdk === 'paypal' && { approval: 'auto' }) };
  }
  return config;
}

const MERCHANT_ROUTES = ['/orders', '/stripe/payment-intents', '/adyen/sessions', '/paypal/orders'];

async function breakMerchant(journey: Journey, endpoint: string): Promise<void> {
  const down = Array.from({ length: 40 }, () => ({ status: 503, body: { error: 'merchant-server-down' } }));
  switch (journey.merchant) {
    case 'up':
      return;
    case 'down':
      await Promise.all(MERCHANT_ROUTES.map((path) => scriptFaults(endpoint, { method: 'POST', path, responses: down })));
      return;
    case 'lost-order-answer':
      await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [lostAnswer as never] });
      return;
    case 'down-after-payment':
      // The order is recorded before paying; the shop is gone when the payment is reported.
      await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ pass: true }, ...unreachable] });
      return;
    case 'provider-502':
      await Promise.all(['/stripe/payment-intents', '/adyen/sessions', '/paypal/orders'].map((path) =>
        scriptFaults(endpoint, { method: 'POST', path, responses: [{ status: 502, body: { error: 'provider-unavailable' } }] })));
  }
}

/**
 * Pays with whatever method the tab shows; true when the shopper pressed something. A shopper
 * waits for the form to be there (a card frame still loading, a button not yet enabled), as long
 * as a broken SDK may take before the element moves on, and gives up only then.
 */
async function pay(tab: Tab, choice: 'good' | 'bad'): Promise<boolean> {
  const deadline = performance.now() + LOAD_TIMEOUT + 1000;
  for (;;) {
    const method = methodModel(tab.current() ?? '');
    const pressed = method ? await method.pay(tab, choice) : tab.clickPay();
    if (pressed) {
      tab.pressed();
      return true;
    }
    if (tab.result() !== undefined || performance.now() > deadline) return false;
    // A card frame's fields fill in a document of their own, which no observer sees: 50 ms at most.
    await tab.changed(50);
  }
}

/** What the SDK routes answer this journey's frames. */
function routes(journey: Journey, id: string, healed: boolean) {
  const sdk = Object.fromEntries(SDK_NAMES.map((name) => [name, scriptAnswer(healed ? 'ok' : journey.sdk[name] ?? 'ok')]));
  return executeServerCommand('chaos-route', { journey: id, sdk, trackersBlocked: journey.telemetryBlocked });
}

export class JourneyRun {
  readonly journey: Journey;
  readonly id = crypto.randomUUID();
  readonly endpoint = testEndpoint();
  readonly tabs: Tab[] = [];
  /** What was actually done, for the summary (a step with nothing to press does nothing). */
  readonly done: string[] = [];
  readonly timings: string[] = [];
  #merchantOrderId: string | undefined;
  #t0 = performance.now();

  /** Notes when a phase of the journey ended (ms since it started), for `--trace`. */
  lap(what: string): void {
    this.timings.push(`${what} ${Math.round(performance.now() - this.#t0)}`);
  }

  constructor(journey: Journey) {
    this.journey = journey;
    // A second tab on the same order: the merchant's page numbers its orders (both tabs show one).
    if (journey.steps.some((step) => step.do === 'second-tab')) this.#merchantOrderId = `chaos-${crypto.randomUUID()}`;
  }

  #open(name: string): Promise<Tab> {
    const { journey, endpoint } = this;
    return Tab.open({
      name,
      frameName: `${this.id}~${name}`,
      attributes: {
        amount: '4990', currency: 'EUR', lang: 'en', endpoint, providers: journey.methods.join(' '),
        'stripe-key': 'pk_test_relais', 'paypal-client-id': 'sb-relais', 'paypal-environment': 'sandbox',
        'load-timeout': String(LOAD_TIMEOUT), 'bank-iban': 'FR1420041010050500013M02606', 'bank-beneficiary': 'Relais Démo SARL',
        ...(journey.worker ? { 'sw-url': '/relais-sw.js' } : {}),
        ...Object.assign({}, ...journey.methods.map((id) => methodModel(id)?.attributes ?? {})),
      },
      sandbox: () => sandboxFor(journey, endpoint),
      ...(this.#merchantOrderId ? { orderId: this.#merchantOrderId } : {}),
    });
  }

  async play(): Promise<Observation> {
    const { journey, endpoint } = this;
    if (journey.maintenance) {
      const now = Date.now();
      const window = { provider: journey.maintenance, from: new Date(now - 600_000).toISOString(), until: new Date(now + 1_200_000).toISOString() };
      await configureHealth(endpoint, { maintenance: [window] });
    }
    // Independent set-ups, side by side (the health options above come first: they shape the namespace).
    await Promise.all([routes(journey, this.id, false), breakMerchant(journey, endpoint)]);
    try {
      this.#t0 = performance.now();
      const lap = (what: string) => this.lap(what);
      const first = await this.#open('tab 1');
      lap('open');
      this.tabs.push(first);
      await first.settle();
      lap('settle');
      for (const step of journey.steps) {
        await this.#step(step);
        lap(step.do);
      }
      await this.#heal();
      lap('heal');
      const observed = await this.#observe();
      lap('observe');
      return observed;
    } finally {
      for (const tab of this.tabs) tab.close();
      await executeServerCommand('chaos-route-end', { journey: this.id });
    }
  }

  async #step(step: Step): Promise<void> {
    const tab = this.tabs[0]!;
    switch (step.do) {
      case 'pay':
        if (await pay(tab, step.with)) this.done.push(`pay ${step.with} (${tab.current() ?? tab.result()})`);
        await tab.settle();
        return;
      case 'choose':
        if (tab.choose(step.method)) this.done.push(`choose ${step.method}`);
        await tab.settle();
        return;
      case 'reload':
        if (step.when === 'mid-payment' && (await pay(tab, 'good'))) {
          this.done.push('pay good');
          await sleep(step.afterMs);
        }
        this.done.push(`reload ${step.when}`);
        await tab.reload();
        await tab.settle();
        return;
      case 'second-tab': {
        if (this.tabs.length > 1) return;
        const second = await this.#open('tab 2');
        this.tabs.push(second);
        await second.settle();
        if (await pay(second, 'good')) this.done.push('second tab pays');
        await Promise.all([second.settle(), tab.settle()]);
        return;
      }
      case 'offline':
        // Offline from pressing pay until the page shows what it makes of it, then back.
        this.done.push('offline');
        await offlineWhile(this.id, () => this.tabs.map((each) => each.window), async () => {
          await pay(tab, 'good');
          await tab.settle();
        });
        await tab.settle();
        return;
      case 'kill-worker':
        this.done.push('kill worker');
        await executeServerCommand('sw-stop-all');
        await tab.settle(2000);
        return;
      case 'merchant-back':
        this.done.push('merchant back');
        await resetFaults(this.endpoint);
        await tab.settle(2000);
    }
  }

  /**
   * Every fault ends; the network is back (the browser says so); a shopper left on "verifying" or
   * with a kept order comes back later (a reload). What is on screen then is the journey's end.
   */
  async #heal(): Promise<void> {
    await Promise.all([resetFaults(this.endpoint), routes(this.journey, this.id, true)]);
    this.lap('heal: faults ended');
    // A connection that comes back fires the worker's registered Background Sync, as Chromium does.
    if (this.journey.worker) await executeServerCommand('sw-dispatch-sync', { tag: SYNC_TAG }).catch(() => undefined);
    for (const tab of this.tabs) {
      const healed = Object.fromEntries(SDK_NAMES.map((sdk) => [sdk, { fault: 'none', ...(sdk === 'paypal' && { approval: 'auto' }) }]));
      tab.window.__relaisSandbox = { ...tab.sandbox(), ...healed };
      tab.window.dispatchEvent(new tab.window.Event('online'));
    }
    this.lap('heal: back online');
    for (const tab of this.tabs) {
      await tab.settle();
      this.lap('heal: settled');
      const delivered = await this.#delivered(tab);
      this.lap('heal: delivered');
      if (delivered) continue;
      // Still verifying, or still keeping an order: the shopper comes back later.
      this.done.push(`${tab.name} comes back`);
      await tab.reload();
      await tab.settle();
      await this.#delivered(tab);
    }
  }

  /** Whether the tab ends somewhere final; waits a kept order's delivery. */
  async #delivered(tab: Tab): Promise<boolean> {
    const deadline = performance.now() + 15_000;
    for (let nudged = performance.now(); performance.now() < deadline; await tab.changed(300)) {
      const result = tab.result();
      const kept = result === 'queued' || tab.text().includes('nothing more to pay');
      // "Being verified" (whatever the result's class) ends only when the shopper comes back.
      if (!kept) return !tab.text().includes('verifying your payment');
      if (performance.now() - nudged > 300) {
        tab.window.dispatchEvent(new tab.window.Event('online'));
        nudged = performance.now();
      }
    }
    return false;
  }

  async #observe(): Promise<Observation> {
    const outcomes: TabOutcome[] = this.tabs.map((tab) => {
      tab.finish();
      return {
        name: tab.name,
        final: tab.result() ?? 'choosing',
        orderId: tab.element.orderId,
        text: tab.text(),
        committed: tab.committed,
        // Copies: what the invariants judge is the end, not what the tab shows while they are checked.
        shown: [...tab.shown],
        events: [...tab.events],
        orderIds: [...tab.orderIds],
      };
    });
    // A paid order reaches the shop asynchronously: give the last recording a moment. Each look
    // reads the orders, their ledgers and the requests in one round trip.
    const held = outcomes.flatMap((tab) => tab.orderIds);
    let seen = await observeServer(this.endpoint, held);
    for (const deadline = performance.now() + 3000; performance.now() < deadline; ) {
      const paidOnScreen = outcomes.filter((tab) => tab.final === 'succeeded' || tab.final === 'delivered').map((tab) => tab.orderId);
      const pending = paidOnScreen.some((id) => !seen.orders.some((order) => order.orderId === id && ['paid', 'pending-payment', 'awaiting-payment-link'].includes(String(order.answer.body['status']))));
      if (!pending) break;
      await sleep(100);
      seen = await observeServer(this.endpoint, held);
    }
    this.lap('observe: server');
    const { orders, ledgers, requests } = seen;
    return {
      endpoint: this.endpoint,
      tabs: outcomes,
      errors: this.tabs.flatMap((tab) => tab.errors),
      orders,
      requests,
      ledgers,
    };
  }
}
