/**
 * `@relais/server/provider-kit`: what a payment provider plugged into the merchant API needs from
 * the server, and nothing else — the gateway interfaces the payment routes call, the failures
 * they understand, and the HTTP helpers the routes are written with. The fake providers of
 * `@relais/lab` are written against it; the server itself never imports them (docs/design.md).
 */
export type { Database } from 'better-sqlite3';
export { requestHash } from './canonical-json.js';
export { bodyProblem, json, problem, readBytes, readJson } from './http.js';
export type { AdyenGateway, SessionStatus } from './adyen/gateway.js';
export { formatMoney, fromDecimalString, toDecimalString } from './money.js';
export { PayPalStatus, type CaptureResult, type PayPalGateway, type PayPalOrderView } from './paypal/gateway.js';
export { ProviderError, ProviderFailure } from './provider-error.js';
export type { Route } from './router.js';
export { createOrUpdateWith, IntentStatus, isUnpaid, type IntentCalls, type IntentView, type Money, type StripeGateway } from './stripe/gateway.js';
export { normaliseBasePath, pathBelow } from './base-path.js';
export { priceFromCatalogue, type PriceOrder } from './pricing.js';
export type { FakeProviders, Sandbox, ServerLab, ServerLabOptions, LabModule } from './lab-loader.js';
// What the lab's `--sandbox`/`--demo` wiring reads of the server. Through this entry point, not
// the package's main one: beside the bundled `relais-server` the lab must load only these small
// modules (the ones the bundle shares with it), not a second copy of the whole server.
export { DEMO_DB, PAGE_POLICY } from './server-settings.js';
export { SIGNATURE_HEADER, verifyAlertSignature, type AlertBody, type AlertOptions } from './alerts.js';
