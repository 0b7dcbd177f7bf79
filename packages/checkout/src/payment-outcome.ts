/**
 * What follows a payment's answer: the phase it leads to and its events, recording a paid order,
 * keeping one the shop could not record, verifying one whose answer was lost. A chunk of its own
 * (the first render never needs it), fetched as soon as the first method is on screen.
 */
import type { ProviderId } from './config.js';
import { FailureKind } from './errors.js';
import { emit } from './events.js';
import { moveFor } from './failover/policy.js';
import { sendIncident } from './failover/telemetry.js';
import type { Order } from './order.js';
import type { OutcomeContext } from './payment-flow.js';
import type { PaymentOutcome, Provider } from './providers/provider.js';
import { capabilitiesOf, methodInSentence } from './providers/registry.js';
import { announcePaid } from './failover/paid-elsewhere.js';
import { recordPaid } from './record-paid.js';
import { paidWithOf } from './record-order.js';

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

export function applyOutcome(s: OutcomeContext, provider: ProviderId, order: Order, outcome: PaymentOutcome, latencyMs: number): void {
  const flow = s.flow;
  const { incidents, failover } = s.inputs;
  const t = s.messages;
  flow.outcome = outcome;
  const { orderId } = order;
  const { verifiable } = capabilitiesOf(provider, flow.payer);
  if (verifiable && outcome.status !== 'pending' && outcome.status !== 'outcome-unknown') {
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
      if (verifiable) {
        const paid = { ...order, method: provider as Order['method'], paymentReference: outcome.reference };
        void recordPaid(s.config!, provider, paid, s.inputs); // config kept while paid: see the element's #apply
      }
      emit(s.host, 'relais-payment-succeeded', { orderId, provider, reference: outcome.reference });
      if (s.config) announcePaid({ endpoint: s.config.endpoint, orderId, provider });
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
 * decline, "nothing was charged"), or waits for a transfer that another tab's payment replaced
 * (a transfer sent now would pay the order twice).
 */
const replaceable = ({ phase, outcome }: OutcomeContext['flow']): boolean =>
  phase === 'choosing' || (phase === 'pending' && outcome?.status === 'pending' && outcome.reason === 'awaiting-transfer');

/**
 * Another tab (or this tab's method, finding the order paid) says the order is paid: the merchant
 * is asked (with the order's secret, known once this tab recorded the order); paid or money
 * moving, this tab shows it instead of an earlier "nothing was charged" or transfer details. A tab
 * that never recorded the order cannot ask, and had nothing charged to claim.
 */
export async function learnPaidElsewhere(s: OutcomeContext, provider: ProviderId): Promise<void> {
  const config = s.config;
  if (!config || !replaceable(s.flow)) return;
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
