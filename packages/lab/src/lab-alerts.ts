/**
 * The outage lab's alert receiver (sandbox only): the demo server's alert webhook points here, so
 * a merchant can play a success-rate drop in the lab and see the signed alert and its resolution
 * arrive, checked the way their own receiver must check them (`verifyAlertSignature` over the raw
 * body). A real shop names its own URL with `--alert-webhook` / `alerts: { url, secret }`.
 */
import { randomBytes } from 'node:crypto';
import { json, problem, SIGNATURE_HEADER, verifyAlertSignature, type AlertBody, type AlertOptions } from '@relais/server/provider-kit';
import { LAB_SUCCESS_RATE } from './lab-state.js';

export const LAB_ALERTS_PATH = '/__lab/alerts';

/** Alerts the lab keeps, oldest dropped first. */
const KEPT = 20;

export interface ReceivedAlert extends AlertBody {
  receivedAt: string;
  /** `Relais-Signature` matched the raw body under the lab's secret, within five minutes. */
  signatureVerified: boolean;
}

export interface LabAlertInbox {
  /** For `createRelaisHandler({ alerts })`: delivered to this inbox without leaving the process. */
  readonly options: AlertOptions;
  /** `GET /__lab/alerts`: what arrived, oldest first. */
  route(request: Request): Response;
}

export function createLabAlertInbox(now: () => number = Date.now): LabAlertInbox {
  const secret = randomBytes(24).toString('base64url');
  const received: ReceivedAlert[] = [];

  /** The webhook's receiving end, as a merchant would write it: verify the raw body, then parse. */
  async function receive(request: Request): Promise<Response> {
    const raw = await request.text();
    const signatureVerified = verifyAlertSignature(raw, request.headers.get(SIGNATURE_HEADER), secret, now() / 1000);
    received.push({ ...(JSON.parse(raw) as AlertBody), receivedAt: new Date(now()).toISOString(), signatureVerified });
    if (received.length > KEPT) received.shift();
    return new Response(null, { status: signatureVerified ? 204 : 401 });
  }

  return {
    options: {
      url: `http://lab.invalid${LAB_ALERTS_PATH}`,
      secret,
      successRate: LAB_SUCCESS_RATE,
      // Each play of the lab shows its alert, however soon after the last one.
      minIntervalMs: 0,
      retry: { attempts: 1 },
      fetch: (input, init) => receive(new Request(input, init)),
    },
    route(request) {
      // Same-origin only (no CORS headers), like the lab's admin token.
      if (request.method !== 'GET') return problem(405, 'method-not-allowed', {}, { allow: 'GET' });
      return json({ alerts: received }, 200, { 'cache-control': 'no-store' });
    },
  };
}
