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
