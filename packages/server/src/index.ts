/**
 * @relais/server: the reference merchant API of Relais as standard Web `Request -> Response`
 * handlers, an idempotent SQLite (or PostgreSQL) order store, live Stripe and PayPal, and a Node
 * `http` adapter. No fake provider: those, fault injection and the outage lab are `@relais/lab`.
 */
export { openOrderStore, type Awaitable, type OrderCursor, type OrderStore, type SqliteOrderStore, type StoredOrder } from './order-store.js';
export { openPostgresStore, type PostgresStoreOptions } from './postgres.js';
export { createRelaisHandler, type RelaisHandlerOptions, type Handler } from './handler.js';
export type { EventLimits } from './events-route.js';
export type { RateLimit } from './rate-limit.js';
export type { StripeOptions, PayPalOptions, ProviderOptions } from './providers.js';
export type {
  HealthDocument, HealthOptions, HealthProvider, HealthSource, HealthSourceKind, HealthWindow, MaintenanceWindow, ProviderHealth,
} from './health-route.js';
export type { Incident } from './incident.js';
export type { StoredIncident } from './incident-store.js';
export type { StatusPages, StatusPageSource, StatusFeedOptions, FeedReport } from './status-feed.js';
export { signAlert, verifyAlertSignature, SIGNATURE_HEADER, type AlertOptions, type AlertBody, type AlertKind } from './alerts.js';
export type { DashboardOrder } from './orders-route.js';
export type { MoneyAmount, Outage, OutageReport } from './outage-report.js';
export { toNodeListener } from './node.js';
export type { BankAccount, BankTransferInstructions, Order, OrderAnswer } from './order.js';
export { DEMO_DB, startServer, PAGE_POLICY, type RunningServer, type ServerOptions } from './start-server.js';
export type { Sandbox, FakeProviders } from './lab-loader.js';
