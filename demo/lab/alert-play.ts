/**
 * "Play a success-rate alert": shoppers pay by card while Stripe's API fails, then while it works
 * again, played in the drill's iframe. The demo server counts each method's last
 * `LAB_SUCCESS_RATE.attempts` payments and sends its signed alert webhook to the lab
 * (lab-alerts.ts); the verdict is what the lab received and whether each signature held.
 */
import type { ReceivedAlert } from '@relais/lab';
import { ALL_UP } from '@relais/lab/lab-state';
import type { Lang } from './copy.js';
import { runSteps, type DrillProgress, type DrillReport, type DrillStep } from './drill.js';

const cardPaid: DrillStep = { id: 'all-up', state: ALL_UP, quantity: 1, action: 'card', expect: 'stripe' };
// Adyen down too: the failed card payments end on PayPal, not on the shop's second card processor.
const cardFailed: DrillStep = { id: 'stripe-api-errors', state: { ...ALL_UP, stripe: 'api-errors', adyen: 'blocked' }, quantity: 1, action: 'card', expect: 'paypal' };

/**
 * Two good payments first end an alert an earlier play may have left on; two failures then bring
 * the last three to one paid in three (the alert); two good ones bring them back to two in three
 * (its resolution). Each shopper buys a different quantity so the orders are told apart.
 */
export const ALERT_PLAY: readonly DrillStep[] = [cardPaid, cardPaid, cardFailed, cardFailed, cardPaid, cardPaid].map(
  (step, index) => ({ ...step, quantity: index + 1 }),
);

export interface AlertPlayReport {
  payments: DrillReport;
  fired?: ReceivedAlert;
  resolved?: ReceivedAlert;
}

/** A delivery is in-process but not instant: the server verifies each payment first. */
const ARRIVAL_TIMEOUT_MS = 10_000;

export async function readAlerts(): Promise<ReceivedAlert[]> {
  const response = await fetch('/__lab/alerts', { cache: 'no-store' });
  if (!response.ok) throw new Error(`the lab's alert inbox answered ${response.status}`);
  return ((await response.json()) as { alerts: ReceivedAlert[] }).alerts;
}

export async function playSuccessRateDrop(container: HTMLElement, lang: Lang, onStep?: DrillProgress): Promise<AlertPlayReport> {
  const started = new Date().toISOString();
  const payments = await runSteps(ALERT_PLAY, container, lang, onStep);
  const deadline = performance.now() + ARRIVAL_TIMEOUT_MS;
  for (;;) {
    const stripe = (await readAlerts()).filter((alert) => alert.kind === 'success-rate' && alert.subject === 'stripe' && alert.startedAt >= started);
    const fired = stripe.find((alert) => alert.status === 'firing');
    const resolved = stripe.find((alert) => alert.status === 'resolved' && alert.id === fired?.id);
    if ((fired && resolved) || performance.now() > deadline) return { payments, ...(fired ? { fired } : {}), ...(resolved ? { resolved } : {}) };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
