/**
 * What follows a payment's answer: the phase it leads to and its events, recording a paid order,
 * keeping one the shop could not record, verifying one whose answer was lost. A chunk of its own
 * (the first render never needs it), fetched as soon as the first method is on screen.
 */
import type { ProviderId } from './config.js';
import { FailureKind, RelaisError } from './errors.js';
import { emit } from './events.js';
import { moveFor } from './failover/policy.js';
import { sendIncident } from './failover/telemetry.js';
import type { Order } from './order.js';
import type { OutcomeContext } from './payment-flow.js';
import type { PaymentOutcome, Provider } from './providers/provider.js';
import { capabilitiesOf, methodInSentence } from './providers/registry.js';
import { announcePaid } from './failover/paid-elsewhere.js';
import { paidOnDevice, rememberPaid } from './failover/paid-on-device.js';
import type { CheckoutConfig } from './config.js';
import { recordPaid } from './record-paid.js';
import { paidWithOf } from './record-order.js';
import type { PendingPayment } from './failover/pending-payments.js';

const verification = () => import('./failover/verification.js');

/**
 * The merchant's dashboard shows declines beside each method's success rate, so they reach
 * `POST {endpoint}/events` like incidents. Only the beacon: a decline is no failure of the
 * method, so no `relais-incident`, nothing in the failure memory.
 */
function beaconDecline(s: OutcomeContext, provider: ProviderId, orderId: string, message: string | undefined, latencyMs: number): void {
  const config = s.config;
  if (!config?.incidentBeacon) return;
  sendIncident(config.endpoint, {
    provider, kind: FailureKind.Declined, reason: message ?? '', latencyMs: Math.round(latencyMs), orderId, at: new Date().toISOString(),
  });
}

/**
 * `learnt`: the payment was made in another tab and this tab only shows it (read from the device):
 * that tab records and announces it, not this one.
 */
export function applyOutcome(s: OutcomeContext, provider: ProviderId, order: Order, outcome: PaymentOutcome, latencyMs: number, learnt = false): void {
  const flow = s.flow;
  const { incidents, failover } = s.inputs;
  const t = s.messages;
  flow.outcome = outcome;
  const { orderId } = order;
  const { verifiable } = capabilitiesOf(provider, flow.payer);
  // Paid by this tab: the kept payment is forgotten only once the device holds the order paid (`tellPaid`).
  const known = outcome.status !== 'pending' && outcome.status !== 'outcome-unknown';
  if (verifiable && known && !(outcome.status === 'succeeded' && !learnt)) {
    void verification().then((m) => m.forgetPayment(orderId)).catch(() => {});
  }
  switch (outcome.status) {
    case 'succeeded':
      flow.phase = 'succeeded';
      flow.focusResult = true;
      // A result replaces the methods: an earlier "method X did not answer, nothing was charged,
      // you can pay by Y" would now contradict it, and so would a later one (a method still
      // loading that fails now): a paid order needs no other method, so every load stops.
      s.inputs.notify('');
      failover.stop();
      // A verifiable method's payment is recorded here (the others record their own order), before
      // the shop hears of it: a shop that closes the page on "paid" must not cut the record short.
      if (verifiable && !learnt) {
        const paid = { ...order, method: provider as Order['method'], paymentReference: outcome.reference };
        void recordPaid(s.config!, provider, paid, s.inputs); // config kept while paid: see the element's #apply
      }
      emit(s.host, 'relais-payment-succeeded', { orderId, provider, reference: outcome.reference });
      // A shop may leave the page on this event (a thank-you page, a reload) before the paid record
      // is committed: the payment kept while in flight stays until it is (see `tellPaid`).
      if (!learnt) void tellPaid(s, orderId, provider, verifiable === true);
      incidents.worked(provider);
      break;
    case 'pending':
      flow.phase = 'pending';
      flow.focusResult = true;
      s.inputs.notify('');
      emit(s.host, 'relais-payment-pending', { orderId, provider, reason: outcome.reason, reference: outcome.reference });
      break;
    case 'declined':
      flow.phase = 'choosing';
      flow.committed = undefined;
      flow.declined = outcome.cancelled ? t.cancelled : outcome.message ? t.declined(outcome.message) : t.declinedGeneric;
      emit(s.host, 'relais-payment-declined', { orderId, provider, message: outcome.message });
      beaconDecline(s, provider, orderId, outcome.message, latencyMs);
      break;
    case 'unavailable':
      flow.phase = 'choosing';
      flow.committed = undefined;
      if (moveFor(outcome.error.code) === 'skip-merchant-methods') void failover.merchantUnavailable(provider, outcome.error, latencyMs);
      else failover.fail(provider, outcome.error, latencyMs);
      break;
    case 'outcome-unknown':
      // Never offer a second method while the first one's outcome is unknown: verify first.
      flow.phase = 'pending';
      flow.focusResult = true;
      emit(s.host, 'relais-payment-pending', { orderId, provider, reason: 'verifying', reference: undefined });
      if (flow.payer) void verifyLost(s, flow.payer, order);
      break;
    case 'not-recorded':
      if (paidWithOf(outcome.error)) {
        // The shop refused because the order is paid already (in another tab): never "nothing was
        // charged"; the merchant is asked, and the payment shown once it confirms it.
        flow.phase = 'choosing';
        flow.committed = undefined;
        void learnPaidElsewhere(s, paidWithOf(outcome.error) as ProviderId);
        break;
      }
      // The shop already known down on this page was reported once: the same outage, not a new one.
      if (!(failover.merchantDown && outcome.error.code === FailureKind.MerchantUnavailable)) {
        incidents.report(s.config, orderId, provider, outcome.error, latencyMs);
      }
      if (moveFor(outcome.error.code) === 'stay') {
        // Refused, nothing charged: the shopper may correct the cart or choose another method.
        flow.phase = 'choosing';
        flow.committed = undefined;
        flow.declined = t.orderRejected;
        break;
      }
      flow.phase = 'not-recorded';
      // Unreachable shop (not a refusal): the order is kept and delivered when it comes back.
      void keep(s, outcome.sent);
      break;
  }
  s.host.requestUpdate();
}

/** An order the shop could not record is kept on the device instead of lost. */
export async function keep(s: OutcomeContext, order: Order): Promise<void> {
  const flow = s.flow;
  if (!(await s.inputs.queue.enqueue(s.config!, order))) return; // storage refused: the retry button stays
  flow.committed = order;
  flow.phase = 'queued';
  flow.focusResult = true;
  s.host.requestUpdate();
}

/**
 * Verifies a payment whose answer was lost. Paid, declined or processing: that is the outcome.
 * Unpaid and cancelled by the merchant: nothing was charged, the next method is offered.
 * Still unknown: the shopper keeps seeing "being verified", and a later visit verifies again.
 */
export async function verifyLost(s: OutcomeContext, provider: Provider, order: Order): Promise<void> {
  const flow = s.flow;
  const started = performance.now();
  const signal = s.signal;
  const { verify } = await verification();
  const outcome = await verify(provider, flow.context(order), signal).catch(() => undefined);
  if (!outcome || outcome.status === 'outcome-unknown' || signal.aborted || !s.config) return;
  if (outcome.status !== 'unavailable') return applyOutcome(s, provider.id, order, outcome, performance.now() - started);
  flow.phase = 'choosing';
  flow.committed = undefined;
  flow.outcome = undefined;
  const { failover } = s.inputs;
  failover.fail(provider.id, outcome.error, performance.now() - started);
  const t = s.messages;
  if (failover.active) s.inputs.notify(t.cancelledSwitched(methodInSentence(provider.id, t), methodInSentence(failover.active, t)));
  s.host.requestUpdate();
}

/**
 * Whether what the tab shows may give way to "paid": the shopper is choosing (after a cancel, a
 * decline, "nothing was charged"), waits for a transfer that another tab's payment replaced
 * (a transfer sent now would pay the order twice), or an unpaid order is kept on the device (the
 * shop will refuse it as paid already when it answers).
 */
const replaceable = ({ phase, outcome, committed }: OutcomeContext['flow']): boolean =>
  phase === 'choosing' || (phase === 'queued' && !committed?.paymentReference) ||
  (phase === 'pending' && outcome?.status === 'pending' && outcome.reason === 'awaiting-transfer');

/**
 * Another tab (or this tab's method, finding the order paid) says the order is paid. What this
 * browser saw paid is shown at once (the tab that paid wrote it before saying so); otherwise the
 * merchant is asked (with the order's secret, known once this tab recorded the order); paid or
 * money moving, this tab shows it instead of an earlier "nothing was charged" or transfer details.
 * A tab that never recorded the order, and finds nothing on the device, had nothing charged to claim.
 */
export async function learnPaidElsewhere(s: OutcomeContext, provider: ProviderId): Promise<void> {
  const config = s.config;
  if (!config || !replaceable(s.flow) || (await paidHere(s, config, replaceable))) return;
  const order = s.inputs.order.build(config, provider);
  const merchant = s.inputs.order.merchantFor(config, order);
  if (merchant.secret === undefined) return;
  const { verifyPaidWith } = await import('./providers/stripe-paypal-verification.js');
  const outcome = await verifyPaidWith(provider, merchant.ref, s.signal).catch(() => undefined);
  const paid = outcome?.status === 'succeeded' || (outcome?.status === 'pending' && outcome.reason === 'processing');
  if (!paid || !replaceable(s.flow) || s.signal.aborted) return;
  s.flow.committed = order;
  s.flow.declined = undefined;
  s.flow.payer = s.inputs.failover.entries.find((entry) => entry.id === provider)?.provider;
  applyOutcome(s, provider, order, outcome, 0);
}

/**
 * This tab learnt that its order is paid (its own payment, a verification): kept on the device
 * first, then the other tabs are told, so that a tab hearing it finds the record. The payment kept
 * while in flight (`kept`: a verifiable method's) goes only once the paid record is committed, so
 * that a page closed at any instant leaves one of the two on the device; a paid record that could
 * not be written leaves it to be verified on the next visit.
 */
async function tellPaid(s: OutcomeContext, orderId: string, provider: ProviderId, kept: boolean): Promise<void> {
  const endpoint = s.config?.endpoint;
  if (endpoint === undefined) return;
  const written = await rememberPaid(endpoint, orderId, provider);
  announcePaid({ endpoint, orderId, provider });
  if (kept && written) void verification().then((m) => m.forgetPayment(orderId)).catch(() => {});
}

/**
 * Shows the tab's order paid when this browser saw it paid (in another tab), and `still` holds
 * once the device answered. The same paid state as after a verification, without recording or
 * announcing it again (the tab that paid did).
 */
async function paidHere(s: OutcomeContext, config: CheckoutConfig, still: (flow: OutcomeContext['flow']) => boolean): Promise<boolean> {
  const paid = await paidOnDevice(config.endpoint, s.inputs.order.id());
  if (!paid || s.signal.aborted || s.config !== config || !still(s.flow)) return false;
  const provider = paid.provider as ProviderId;
  const order = s.inputs.order.build(config, provider);
  // The reference stays with the tab that paid (the device keeps none).
  const outcome: PaymentOutcome = { status: 'succeeded', reference: '' };
  s.flow.committed = order;
  s.flow.declined = undefined;
  s.flow.payer = s.inputs.failover.entries.find((entry) => entry.id === provider)?.provider;
  applyOutcome(s, provider, order, outcome, 0, true);
  return true;
}

/** Outcomes that say nothing was charged (or keep the order as unpaid): not for an order this browser saw paid. */
const NOTHING_CHARGED = new Set<PaymentOutcome['status']>(['declined', 'unavailable', 'not-recorded']);

/**
 * A payment's answer, as `applyOutcome`; but before the tab says that nothing was charged (a
 * decline, a method or the shop not answering, an order kept on the device), the device is asked
 * whether another tab paid the order meanwhile: if so, that is what the tab shows.
 */
export async function settle(s: OutcomeContext, provider: ProviderId, order: Order, outcome: PaymentOutcome, latencyMs: number): Promise<void> {
  const config = s.config;
  if (config && NOTHING_CHARGED.has(outcome.status)) {
    if (await paidHere(s, config, () => true)) return;
    // This tab's own attempt failed (a method or the shop not answering), but another tab's
    // payment of the order may be in flight: that one is verified, never "nothing was charged".
    if (outcome.status !== 'declined' && (await inFlightHere(s, config, order))) return;
  }
  applyOutcome(s, provider, order, outcome, latencyMs);
}

/**
 * The order's payment kept on the device by another tab or an earlier visit (its outcome not yet
 * written): shown being verified, and verified with its own method and the order's secret.
 */
async function inFlightHere(s: OutcomeContext, config: CheckoutConfig, order: Order): Promise<boolean> {
  const kept = await verification().then((m) => m.keptElsewhere(config.endpoint, order.orderId)).catch(() => undefined);
  if (!kept || s.signal.aborted || s.config !== config) return false;
  const provider = kept.provider as ProviderId;
  s.inputs.order.adopt(config, kept.orderId, kept.secret, provider);
  const adopted = s.inputs.order.build(config, provider);
  s.flow.committed = adopted;
  s.flow.declined = undefined;
  s.flow.payer = s.inputs.failover.entries.find((entry) => entry.id === provider)?.provider;
  const error = new RelaisError(FailureKind.OutcomeUnknown, `another payment of the order is being verified`, { provider });
  applyOutcome(s, provider, adopted, { status: 'outcome-unknown', error }, 0);
  return true;
}

/**
 * Before the methods start: an order this browser saw paid (another tab, while the shop may well
 * be down) is shown paid; a payment of this shop left unverified by an earlier visit (the answer
 * was lost, the shopper closed the page) is verified, and shown when there is something to show.
 * True when the tab shows a result instead of the methods.
 */
export async function resumeEarlier(s: OutcomeContext, config: CheckoutConfig): Promise<boolean> {
  const orders = s.inputs.order;
  if (await paidHere(s, config, (current) => current.phase === 'choosing')) return true;
  // An order id the merchant set is the merchant's: never replaced by one from another visit, but
  // a payment of that very order left in flight (a reload mid-payment) is verified.
  return verifyKept(s, config, orders.id(), orders.own ? undefined : orders.id());
}

/**
 * Verifies the payment kept on the device, if any. One that cannot be verified yet (offline, a
 * lost answer) is shown being verified from the first failed check, under its own order (never
 * a new order and its methods while the retries run), and verified again when the connection
 * comes back. Found unpaid, the shopper pays under this visit's `fresh` order. `only`: the one
 * order whose payment may be taken over (the merchant's). True when the tab shows that payment
 * instead of the methods.
 */
async function verifyKept(s: OutcomeContext, config: CheckoutConfig, fresh: string, only?: string): Promise<boolean> {
  const { flow, signal } = s;
  const orders = s.inputs.order;
  const adopt = ({ orderId, secret, provider }: PendingPayment) => {
    orders.adopt(config, orderId, secret, provider);
    return (flow.committed = orders.build(config, provider));
  };
  // Found, it is this visit's order at once, shown being verified: its first check may take
  // seconds, and a page that showed nothing under a new order id meanwhile would look ready for
  // another payment (and say the wrong order to the shop's page).
  const found = (payment: PendingPayment) => {
    if (signal.aborted || flow.phase !== 'choosing') return;
    adopt(payment);
    flow.phase = 'verifying';
    s.host.requestUpdate();
  };
  const unknown = (payment: PendingPayment, outcome: PaymentOutcome) => {
    if (!signal.aborted && (flow.phase === 'choosing' || flow.phase === 'verifying')) applyOutcome(s, payment.provider as ProviderId, adopt(payment), outcome, 0);
  };
  const cart = { amount: config.amount, currency: config.currency };
  const earlier = await verification()
    .then(({ verifyEarlier }) => verifyEarlier(config.endpoint, cart, signal, unknown, only, found))
    .catch(() => null);
  if (signal.aborted) return false;
  if (earlier === undefined) {
    if (flow.phase === 'choosing') return false;
    // Shown being verified, then found unpaid (nothing was charged).
    orders.adopt(config, fresh, undefined, '');
    flow.phase = 'choosing';
    flow.committed = flow.outcome = undefined;
    s.host.requestUpdate();
    return false;
  }
  // A check that failed is no answer; nor is "still unknown" after the retries, maybe all offline.
  if (earlier === null ? flow.phase !== 'choosing' : earlier.outcome.status === 'outcome-unknown' && flow.phase === 'pending') {
    s.host.ownerDocument.defaultView?.addEventListener('online', async () => {
      if ((flow.phase === 'pending' || flow.phase === 'verifying') && !(await verifyKept(s, config, fresh, only)) && !signal.aborted) s.inputs.restart(config);
    }, { once: true, signal });
    return true;
  }
  if (earlier === null) return false;
  await settle(s, earlier.payment.provider as ProviderId, adopt(earlier.payment), earlier.outcome, 0);
  return true;
}
