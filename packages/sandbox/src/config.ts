/**
 * The sandbox's only input: `window.__relaisSandbox`, set by the page, a test or the outage lab.
 * The stand-ins read it at call time (never cache it) so a drill can switch faults without a
 * reload, exactly like a provider going down while the shopper is on the page.
 */

export type StripeFault = 'none' | 'element-load-error' | 'api-5xx' | 'api-timeout' | 'lost-answer' | 'decline' | 'slow';
/** Adyen Web's faults, the Stripe stand-in's under Adyen's names (`element-load-error`: the Card's `onError`). */
export type AdyenFault = 'none' | 'element-load-error' | 'api-5xx' | 'api-timeout' | 'lost-answer' | 'decline' | 'slow';
export type PayPalFault = 'none' | 'api-5xx' | 'api-timeout' | 'decline' | 'slow' | 'ineligible';
export type PayPalApproval = 'auto' | 'cancel' | 'manual';

export interface SandboxConfig {
  /** Base URL of the fake provider API, e.g. `/checkout/sandbox` (the merchant endpoint + /sandbox). */
  apiBase: string;
  /**
   * Send the telemetry and fraud signals the real SDKs send (`r.stripe.com`, `m.stripe.com`,
   * PayPal's logger), fire and forget, so that blocking them can be rehearsed. Off by default.
   */
  telemetry?: boolean;
  stripe?: {
    fault?: StripeFault;
    /** Delay of the `slow` fault (ms). */
    slowMs?: number;
    /** How long `api-timeout` hangs before answering `api_connection_error` (ms). */
    timeoutMs?: number;
  };
  adyen?: {
    fault?: AdyenFault;
    /** Delay of the `slow` fault (ms). */
    slowMs?: number;
    /** How long `api-timeout` hangs before Adyen Web reports a network error (ms). */
    timeoutMs?: number;
  };
  paypal?: {
    fault?: PayPalFault;
    /** Delay of the `slow` fault (ms). */
    slowMs?: number;
    /** How long `api-timeout` hangs before `findEligibleMethods` rejects (ms). */
    timeoutMs?: number;
    approval?: PayPalApproval;
  };
}

/** The configuration with every default filled in. */
export interface ResolvedSandboxConfig {
  apiBase: string;
  telemetry: boolean;
  stripe: { fault: StripeFault; slowMs: number; timeoutMs: number };
  adyen: { fault: AdyenFault; slowMs: number; timeoutMs: number };
  paypal: { fault: PayPalFault; slowMs: number; timeoutMs: number; approval: PayPalApproval };
}

declare global {
  interface Window {
    __relaisSandbox?: Partial<SandboxConfig>;
  }
}

export const DEFAULT_API_BASE = '/checkout/sandbox';
/** Longer than `<relais-checkout>`'s default `load-timeout` (6000 ms), so a default `slow` drill fails over. */
export const DEFAULT_SLOW_MS = 8000;
/** What a stalled provider API feels like before the SDK gives up. */
export const DEFAULT_TIMEOUT_MS = 30000;

function nonNegative(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** Reads `window.__relaisSandbox` now, filling defaults; tolerant of partial or odd values. */
export function readSandboxConfig(win: Window = window): ResolvedSandboxConfig {
  const raw = win.__relaisSandbox ?? {};
  const stripe = raw.stripe ?? {};
  const paypal = raw.paypal ?? {};
  const adyen = raw.adyen ?? {};
  return {
    apiBase: (typeof raw.apiBase === 'string' && raw.apiBase !== '' ? raw.apiBase : DEFAULT_API_BASE).replace(/\/+$/, ''),
    telemetry: raw.telemetry === true,
    stripe: {
      fault: stripe.fault ?? 'none',
      slowMs: nonNegative(stripe.slowMs, DEFAULT_SLOW_MS),
      timeoutMs: nonNegative(stripe.timeoutMs, DEFAULT_TIMEOUT_MS),
    },
    adyen: {
      fault: adyen.fault ?? 'none',
      slowMs: nonNegative(adyen.slowMs, DEFAULT_SLOW_MS),
      timeoutMs: nonNegative(adyen.timeoutMs, DEFAULT_TIMEOUT_MS),
    },
    paypal: {
      fault: paypal.fault ?? 'none',
      slowMs: nonNegative(paypal.slowMs, DEFAULT_SLOW_MS),
      timeoutMs: nonNegative(paypal.timeoutMs, DEFAULT_TIMEOUT_MS),
      approval: paypal.approval ?? 'manual',
    },
  };
}

/** Sets the sandbox configuration the stand-ins read on their next call. */
export function configureSandbox(config: SandboxConfig, win: Window = window): void {
  win.__relaisSandbox = config;
}

/** Resolves after `ms`; the stand-ins' only notion of time, so faults stay easy to read. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
