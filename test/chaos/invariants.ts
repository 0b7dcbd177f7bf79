/**
 * What must hold after every chaos journey, read from the server's orders, the sandbox
 * providers' ledgers and what each tab shows. Each check counts; each failure says what broke.
 */
import { ADYEN_CHARGED, charges, type Ledger } from '../payments.js';
import { methodModel } from './methods.js';
import type { Journey } from './model.js';
import type { Observation, TabOutcome } from './journey.js';
import type { SeenEvent } from './tab.js';

export interface Verdict {
  checks: number;
  violations: string[];
}

const PAID = ['succeeded', 'processing', 'requires_capture'];

/** The ledger's charges of exactly this amount (minor units). */
function chargesOf(entries: Ledger | undefined, amount: number): number {
  if (!entries) return 0;
  const stripe = entries.stripe.filter((intent) => PAID.includes(intent.status) && intent.amount === amount).length;
  const adyen = (entries.adyen ?? []).filter((payment) => ADYEN_CHARGED.includes(payment.resultCode) && payment.amount === amount).length;
  return stripe + adyen + entries.paypal.filter((order) => order.captureId !== null && order.amount === amount).length;
}

/** The shopper was told nothing was charged (a decline, a cancellation, a failover, a refusal). */
const TOLD_NOTHING_CHARGED = /nothing was charged|payment declined/i;

/** A method was broken by this journey: it may be blamed (an incident, a move to another method). */
function faulted(journey: Journey, method: string): boolean {
  const model = methodModel(method);
  const sdk = model?.sdk;
  if (sdk && (journey.sdk[sdk] ?? 'ok') !== 'ok') return true;
  if ((journey.api[method as keyof Journey['api']] ?? 'none') !== 'none') return true;
  if (journey.maintenance === method) return true;
  if (journey.merchant === 'provider-502' && sdk) return true;
  // A declined card or a cancelled PayPal window is the shopper's, and may move them on.
  return journey.steps.some((step) => step.do === 'pay' && step.with === 'bad');
}

/** A tab's placements of the order by a method that completes by recording it (a transfer or an invoice awaited). */
function placementsOf(tab: TabOutcome, id: string | undefined): SeenEvent[] {
  return tab.events.filter((event) => event.type === 'relais-payment-pending' && event.detail['orderId'] === id &&
    event.detail['reason'] === 'awaiting-transfer' && methodModel(String(event.detail['provider']))?.records !== undefined);
}

/** Kinds that name the shop or the shopper, never the provider. */
const NOT_THE_PROVIDERS = new Set(['merchant-unavailable', 'order-rejected', 'declined', 'outcome-unknown']);

export function checkInvariants(journey: Journey, observation: Observation): Verdict {
  const violations: string[] = [];
  let checks = 0;
  const check = (ok: boolean, message: () => string) => {
    checks += 1;
    if (!ok) violations.push(message());
  };
  const { orders, ledgers, requests, tabs } = observation;
  const serverOrder = (id: string | undefined) => orders.filter((order) => order.orderId === id);
  const statusOf = (id: string | undefined) => serverOrder(id)[0]?.answer.body['status'];
  const amountOf = (id: string) => Number(serverOrder(id)[0]?.order['amount'] ?? 4990);

  check(observation.errors.length === 0, () => `uncaught page errors: ${observation.errors.join(' | ')}`);

  for (const [id, entries] of ledgers) {
    check(charges(entries) <= 1, () => `order ${id} charged ${charges(entries)} times: ${JSON.stringify(entries)}`);
    // A charge the shopper is never shown is money taken in silence (a page that died before
    // saying so leaves it to the next visit).
    if (charges(entries) > 0) {
      const told = tabs.some((tab) => tab.events.some((event) => event.detail['orderId'] === id &&
        (event.type === 'relais-payment-succeeded' || (event.type === 'relais-payment-pending' && event.detail['reason'] === 'processing'))));
      check(told, () => `order ${id} was charged but no page said it was paid (${tabs.map((tab) => `${tab.name}: ${tab.final} ${tab.orderId}`).join(', ')})`);
    }
  }

  for (const order of orders) {
    if (order.answer.body['status'] === 'paid') {
      check(chargesOf(ledgers.get(order.orderId), amountOf(order.orderId)) === 1,
        () => `order ${order.orderId} is paid at the shop without one ledger charge of ${amountOf(order.orderId)}: ${JSON.stringify(ledgers.get(order.orderId))}`);
    }
    const created = requests.filter((request) => request.method === 'POST' && request.path === '/orders' && request.key === order.orderId && request.status === 201);
    check(created.length <= 1, () => `order ${order.orderId} was created ${created.length} times`);
  }
  const ids = orders.map((order) => order.orderId);
  check(new Set(ids).size === ids.length, () => `the shop lists an order twice: ${ids.join(', ')}`);

  for (const tab of tabs) checkTab(journey, observation, tab, { check, serverOrder, statusOf, amountOf });
  return { checks, violations };
}

interface Helpers {
  check(ok: boolean, message: () => string): void;
  serverOrder(id: string | undefined): Observation['orders'];
  statusOf(id: string | undefined): unknown;
  amountOf(id: string): number;
}

function checkTab(journey: Journey, observation: Observation, tab: TabOutcome, { check, serverOrder, statusOf, amountOf }: Helpers): void {
  const where = `${tab.name} (${tab.final}, order ${tab.orderId})`;
  const charged = tab.orderId ? charges(observation.ledgers.get(tab.orderId) ?? { stripe: [], paypal: [] }) : 0;
  const id = tab.orderId;

  // Every shopper who pressed pay ends in exactly one of: paid, awaiting a transfer, kept and
  // delivered once, or told that nothing was charged.
  if (tab.committed || tab.final !== 'choosing') {
    let end: string | undefined;
    if (tab.final === 'succeeded' && !/nothing more to pay/.test(tab.text)) end = 'paid';
    else if (tab.final === 'pending' && /awaiting your transfer/.test(tab.text)) end = 'awaiting transfer';
    else if (tab.final === 'delivered') end = 'kept and delivered';
    else if (tab.final === 'choosing' && tab.shown.some((text) => TOLD_NOTHING_CHARGED.test(text))) end = 'told nothing was charged';
    check(end !== undefined, () => `${where}: the shopper pressed pay and ended in none of paid, awaiting transfer, delivered, told nothing was charged: it showed ${JSON.stringify(tab.shown.map((text) => text.slice(0, 200)))}, and ends on "${tab.text.slice(0, 200)}"`);
    if (end === 'paid') {
      check(charged === 1, () => `${where}: shows paid, the ledger has ${charged} charges`);
      check(statusOf(id) === 'paid', () => `${where}: shows paid, the shop has it ${String(statusOf(id))}`);
    }
    if (end === 'awaiting transfer') {
      // Recorded as the kind of the method that said so (an invoice is a `pay-later` order).
      const placement = tab.events.filter((event) => event.type === 'relais-payment-pending' && event.detail['orderId'] === id).at(-1);
      const placedBy = placement?.detail['provider'];
      // Another tab of the same order placed it later by another method that records: that newer
      // choice is the order (the shop moves an unsettled order to the method placed last), and this
      // tab still shows what it placed, charging nothing either way. Only a later placement by
      // another tab of this order supersedes; anything else must be the shop's record of this tab's.
      const supersededBy = placement && observation.tabs.filter((other) => other !== tab)
        .flatMap((other) => placementsOf(other, id).map((event) => ({ tab: other.name, event })))
        .filter(({ event }) => event.at > placement.at)
        .sort((a, b) => a.event.at - b.event.at).at(-1);
      // A page loaded after the order was placed shows it without the event: any listed method that records.
      const placers = supersededBy ? [String(supersededBy.event.detail['provider'])] : placedBy === undefined ? journey.methods : [String(placedBy)];
      const recordedAs = placers.map((method) => methodModel(method)?.records).filter((kind) => kind !== undefined);
      const by = supersededBy ? ` (placed by ${String(placedBy)}, then by ${placers[0]} in ${supersededBy.tab})` : '';
      check(recordedAs.length > 0, () => `${where}: awaiting a transfer, placed by ${placers.join(' or ')}, no method that completes by recording`);
      check(serverOrder(id).length === 1 && recordedAs.includes(String(serverOrder(id)[0]!.order['method'])), () => `${where}: awaiting a transfer the shop does not have as a ${recordedAs.join(' or ')} order${by}: ${JSON.stringify(serverOrder(id).map((order) => order.order))}`);
      check(charged === 0, () => `${where}: awaiting a transfer, yet charged ${charged} times`);
    }
    if (end === 'kept and delivered') {
      check(serverOrder(id).length === 1, () => `${where}: delivered, the shop has ${serverOrder(id).length} such orders`);
      const delivered = tab.events.filter((event) => event.type === 'relais-order-delivered' && event.detail['orderId'] === id);
      check(delivered.length >= 1, () => `${where}: shows delivered without a relais-order-delivered event`);
    }
    if (end === 'told nothing was charged') check(charged === 0, () => `${where}: told nothing was charged, the ledger has ${charged} charges`);
  }

  // The notices match the final state.
  if (tab.final === 'succeeded') {
    check(!/nothing was charged/i.test(tab.text), () => `${where}: paid, yet the page says nothing was charged: "${tab.text.slice(0, 300)}"`);
  }
  if (tab.final === 'succeeded' || tab.final === 'delivered' || (tab.final === 'pending' && /awaiting your transfer/.test(tab.text))) {
    check(serverOrder(id).length === 1, () => `${where}: acknowledged, the shop has ${serverOrder(id).length} such orders`);
    if (id && tab.final === 'succeeded') check(amountOf(id) === 4990, () => `${where}: the shop recorded ${amountOf(id)}`);
  }

  // Only a broken method is blamed: blocked telemetry (or nothing at all) changes nothing.
  const exempt = journey.steps.some((step) => step.do === 'offline' || step.do === 'second-tab');
  if (!exempt) {
    for (const event of tab.events) {
      const blamed = event.type === 'relais-incident' && !NOT_THE_PROVIDERS.has(String(event.detail['kind'])) ? event.detail['provider']
        : event.type === 'relais-provider-change' && !['merchant-unavailable', 'shopper-choice', 'recovered'].includes(String(event.detail['reason'])) ? event.detail['from'] : undefined;
      // A healthy SDK that missed a short load-timeout on a busy machine is timing, not a fault.
      if (blamed === undefined || event.detail['kind'] === 'sdk-timeout' || event.detail['reason'] === 'sdk-timeout') continue;
      check(faulted(journey, String(blamed)), () => `${where}: ${String(blamed)} was blamed without a fault: ${event.type} ${JSON.stringify(event.detail)}`);
    }
  }
}
