/** The page's side of the lab: reading and changing its state, and the stand-ins' part of it. */
import { clear, createStore } from 'idb-keyval';
import { configureSandbox, type AdyenFault, type PayPalFault, type StripeFault } from '@relais/sandbox';
import { checkLabState, type LabState, type ProviderMode } from '@relais/lab/lab-state';

export const LAB_SW_URL = '/relais-lab-sw.js';

const INTL_WARM_UP_URL = '/intl-warm-up.js';

/**
 * The lab's own Trusted Types policy (the demo's pages enforce Trusted Types, with no default
 * policy): it vouches for the lab's worker, the shop's Intl warm-up worker and, without service
 * workers, the stand-ins.
 */
const LAB_SCRIPTS = [LAB_SW_URL, INTL_WARM_UP_URL, '/sandbox/stripe-js.js', '/sandbox/adyen-web.js', '/sandbox/paypal-v6.js'];
type ScriptUrlPolicy = { createScriptURL(url: string): string };
const labPolicy = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: ScriptUrlPolicy): ScriptUrlPolicy } }).trustedTypes?.createPolicy(
  'relais-lab',
  {
    createScriptURL(url) {
      if (LAB_SCRIPTS.includes(url)) return url;
      throw new TypeError(`the lab does not load ${url}`);
    },
  },
);
/** A TrustedScriptURL where Trusted Types exist (typed as the string the DOM's typings expect). */
const labScriptUrl = (url: string): string => labPolicy?.createScriptURL(url) ?? url;

/**
 * Loads Intl's data in a worker (see intl-warm-up.js): the shop's and the checkout's first prices
 * are then formatted without that wait on the main thread. Best effort: without workers, or if
 * it fails, the first format pays it as before.
 */
export function warmUpIntl(): void {
  try {
    new Worker(labScriptUrl(INTL_WARM_UP_URL));
  } catch {
    // nothing lost but the head start
  }
}

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
function standInFault(mode: ProviderMode): StripeFault & PayPalFault & AdyenFault {
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
      // The stand-ins send the real SDKs' telemetry, which the lab's worker answers or blocks.
      telemetry: true,
      stripe: { fault: standInFault(state.stripe) },
      adyen: { fault: standInFault(state.adyen) },
      // The shopper approves PayPal in an in-page dialog (the sandbox's stand-in for PayPal's popup).
      paypal: { fault: standInFault(state.paypal), approval: 'manual' },
    },
    win,
  );
}

/**
 * The page is controlled by the lab's service worker before any SDK is requested: on a first
 * visit the worker installs and claims the page; after Shift+Reload the page asks it to. Without
 * service workers (an insecure origin such as a LAN address over http) the lab cannot stand
 * between the page and the providers: the stand-ins are loaded as globals instead, so the demo
 * still never reaches the real Stripe or PayPal, and script faults are unavailable.
 */
export async function underLabWorker(): Promise<'worker' | 'globals'> {
  if (!('serviceWorker' in navigator)) {
    console.warn('Relais lab: no service worker on this origin; open http://127.0.0.1:5173 for script faults.');
    await Promise.all(['/sandbox/stripe-js.js', '/sandbox/adyen-web.js', '/sandbox/paypal-v6.js'].map(loadScript));
    return 'globals';
  }
  const { serviceWorker } = navigator;
  const controlled = () => serviceWorker.controller?.scriptURL.endsWith(LAB_SW_URL) ?? false;
  const changed = () => new Promise((resolve) => serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  await serviceWorker.register(labScriptUrl(LAB_SW_URL));
  const registration = await serviceWorker.ready;
  while (!controlled()) {
    const change = changed();
    registration.active?.postMessage({ type: 'relais-lab-claim' });
    await change;
  }
  return 'worker';
}

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = labScriptUrl(src);
    script.addEventListener('load', () => resolve(), { once: true });
    script.addEventListener('error', () => reject(new Error(`${src} did not load`)), { once: true });
    document.head.append(script);
  });
}

/** The merchant is back: the queue delivers now rather than at its next backoff. */
export function replayQueue(): void {
  navigator.serviceWorker?.controller?.postMessage({ type: 'relais-replay', ignoreBackoff: true });
}

/**
 * Relais remembers a failing method for minutes (`breaker-cooldown`, in the `relais-failover`
 * database): the lab forgets it so that each scenario starts as a first visit would.
 */
export function forgetFailures(): Promise<void> {
  return clear(createStore('relais-failover', 'breakers'));
}
