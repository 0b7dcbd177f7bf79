/** The page's side of the lab: reading and changing its state, and the stand-ins' part of it. */
import { clear, createStore } from 'idb-keyval';
import { configureSandbox, type PayPalFault, type StripeFault } from '@relais/sandbox';
import { checkLabState, type LabState, type ProviderMode } from './state.js';

export const LAB_SW_URL = '/relais-lab-sw.js';

async function answer(response: Response): Promise<LabState> {
  const checked = checkLabState(await response.json().catch(() => undefined));
  if (!response.ok || !checked.ok) throw new Error(`the lab answered ${response.status}`);
  return checked.state;
}

export async function readLab(): Promise<LabState> {
  return answer(await fetch('/__lab/state', { cache: 'no-store' }));
}

export async function writeLab(state: LabState): Promise<LabState> {
  return answer(
    await fetch('/__lab/state', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(state) }),
  );
}

/** The faults the stand-ins play once loaded; script-level modes are the service worker's. */
function standInFault(mode: ProviderMode): StripeFault & PayPalFault {
  switch (mode) {
    case 'api-errors':
      return 'api-5xx';
    case 'declines':
      return 'decline';
    case 'slow':
      return 'slow';
    default:
      return 'none';
  }
}

/** The stand-ins read this at call time: a change applies to the next payment. */
export function applyToStandIns(state: LabState, win: Window = window): void {
  configureSandbox(
    {
      apiBase: '/checkout/sandbox',
      stripe: { fault: standInFault(state.stripe) },
      // The shopper approves PayPal in an in-page dialog (the sandbox's stand-in for PayPal's popup).
      paypal: { fault: standInFault(state.paypal), approval: 'manual' },
    },
    win,
  );
}

/**
 * The page is controlled by the lab's service worker before any SDK is requested: on a first
 * visit the worker installs, claims the page, and only then may the element load Stripe.js.
 */
export async function underLabWorker(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const { serviceWorker } = navigator;
  const controlled = () => serviceWorker.controller?.scriptURL.endsWith(LAB_SW_URL) ?? false;
  await serviceWorker.register(LAB_SW_URL);
  while (!controlled()) await new Promise((resolve) => serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
}

/**
 * Relais remembers a failing method for minutes (`breaker-cooldown`, in the `relais-failover`
 * database): the lab forgets it so that each scenario starts as a first visit would.
 */
export function forgetFailures(): Promise<void> {
  return clear(createStore('relais-failover', 'breakers'));
}
