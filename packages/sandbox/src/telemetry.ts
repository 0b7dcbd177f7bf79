/**
 * What the real SDKs send besides payments: Stripe.js's telemetry (`r.stripe.com/b`) and fraud
 * signals (`m.stripe.com/6`), PayPal's logger. Filter lists block exactly these, never the SDKs
 * themselves; like the real SDKs, the stand-ins send them without waiting and ignore any failure,
 * so a blocked tracker changes nothing for the shopper. Only when the sandbox asks for it.
 */
import { readSandboxConfig } from './config.js';

export const TRACKERS = {
  stripeTelemetry: 'https://r.stripe.com/b',
  stripeFraudSignals: 'https://m.stripe.com/6',
  paypalLogger: 'https://www.sandbox.paypal.com/xoplatform/logger/api/logger',
} as const;

export function sendTelemetry(url: string, event: string): void {
  if (!readSandboxConfig().telemetry) return;
  try {
    void fetch(url, { method: 'POST', mode: 'no-cors', keepalive: true, body: JSON.stringify({ event, at: Date.now() }) }).catch(() => {});
  } catch {
    // A fetch that throws synchronously (a blocked scheme, a page going away) is ignored too.
  }
}
