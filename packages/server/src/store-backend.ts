import type { Database } from 'better-sqlite3';
import type { IncidentStore, IncidentStoreOptions } from './incident-store.js';
import type { KeyedLock } from './keyed-lock.js';
import type { OrderStore } from './order-store.js';
import type { ReportOrders } from './report-orders.js';
import type { PayPalOrderStore } from './paypal/order-store.js';
import type { IntentStore } from './stripe/intent-store.js';
import type { AdyenSessionStore } from './adyen/session-store.js';

/**
 * Everything the handler keeps next to the orders, in the same database: payment records,
 * incidents, the order-secret key. A store from `openOrderStore` (SQLite) or `openPostgresStore`
 * carries its backend; the handler finds it here without widening the public store type.
 */
export interface StoreBackend {
  intents(): IntentStore;
  paypalOrders(): PayPalOrderStore;
  adyenSessions(): AdyenSessionStore;
  incidents(options?: IncidentStoreOptions): IncidentStore;
  /** The key order secrets are derived from, shared by every process on the database. */
  secretKey(): Buffer;
  /**
   * The SQLite database the sandbox's fake providers keep their tables in: the store's own for
   * SQLite, an in-memory one otherwise (a fake provider per process, as a real one would be shared).
   */
  sandboxDatabase(): Database;
  /**
   * Serialises the payment work on one order across every process on the database (one intent,
   * capture once, one payment). Undefined: the processes share one SQLite file, whose claims
   * (`BEGIN IMMEDIATE`) and the providers' idempotency keys do that job.
   */
  paymentLock?: KeyedLock | undefined;
  /** The orders of a report page without parsing each stored order (a store's `since` otherwise). */
  reportOrders?: ReportOrders | undefined;
}

const backends = new WeakMap<OrderStore, StoreBackend>();

export function registerBackend(store: OrderStore, backend: StoreBackend): void {
  backends.set(store, backend);
}

export function backendOf(store: OrderStore): StoreBackend | undefined {
  return backends.get(store);
}

const closed = new WeakSet<OrderStore>();

/** The store's `close()` ran: timers working on it (re-checks, status pages) stop themselves. */
export function markClosed(store: OrderStore): void {
  closed.add(store);
}

export function isClosed(store: OrderStore): boolean {
  return closed.has(store);
}
