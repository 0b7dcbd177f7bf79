import type { Database } from 'better-sqlite3';

/**
 * The store's schema, one migration per version, tracked in `PRAGMA user_version`. Later tables
 * (events, payment intents) are new entries at the end; a shipped entry never changes, because
 * merchants' databases already ran it.
 */
const MIGRATIONS: readonly string[] = [
  // 1: orders, keyed by the idempotency key so the database itself refuses a second order
  // for the same key, whatever the application code does.
  `CREATE TABLE orders (
     idempotency_key TEXT PRIMARY KEY,
     order_id        TEXT NOT NULL UNIQUE,
     request_hash    TEXT NOT NULL,
     order_json      TEXT NOT NULL,
     answer_status   INTEGER NOT NULL,
     answer_json     TEXT NOT NULL,
     created_at      TEXT NOT NULL
   )`,

  // 2: the merchant's side of provider payments, one row per Relais order and provider. A row is
  // claimed before the provider is called and keeps the parameters of that first create: a
  // create retried after a crash must send them again under the same idempotency key, or the
  // provider refuses the key (Stripe) or answers for other parameters (PayPal).
  // No client secret is stored: Stripe gives it back on retrieve.
  `CREATE TABLE stripe_payment_intents (
     order_id        TEXT PRIMARY KEY,
     intent_id       TEXT UNIQUE,
     create_amount   INTEGER NOT NULL,
     create_currency TEXT NOT NULL,
     amount          INTEGER NOT NULL,
     currency        TEXT NOT NULL,
     status          TEXT NOT NULL,
     created_at      TEXT NOT NULL,
     updated_at      TEXT NOT NULL
   );
   CREATE TABLE stripe_events (
     event_id    TEXT PRIMARY KEY,
     type        TEXT NOT NULL,
     intent_id   TEXT,
     received_at TEXT NOT NULL
   );
   CREATE TABLE paypal_orders (
     order_id        TEXT PRIMARY KEY,
     paypal_order_id TEXT UNIQUE,
     create_amount   INTEGER NOT NULL,
     create_currency TEXT NOT NULL,
     status          TEXT NOT NULL,
     capture_json    TEXT,
     created_at      TEXT NOT NULL,
     updated_at      TEXT NOT NULL
   )`,

  // 3: the sandbox's fake provider (src/sandbox), in the same database so the browser stand-ins
  // and the merchant endpoints see the same intents and orders. Created in every mode (migrations
  // are one straight line); with live keys the tables simply stay empty. `client_secret` is kept
  // in clear on purpose: this table plays Stripe's own database, and the contract needs the same
  // secret again for the same order (a retried `POST /stripe/payment-intents` answers it, as
  // Stripe's retrieve does). Only sandbox secrets, which pay nothing, are ever stored.
  `CREATE TABLE sandbox_payment_intents (
     id                 TEXT PRIMARY KEY,
     client_secret      TEXT NOT NULL,
     idempotency_key    TEXT UNIQUE,
     request_hash       TEXT NOT NULL,
     order_id           TEXT,
     amount             INTEGER NOT NULL,
     currency           TEXT NOT NULL,
     status             TEXT NOT NULL,
     payment_method     TEXT,
     last_payment_error TEXT,
     return_url         TEXT,
     created            INTEGER NOT NULL
   );
   CREATE TABLE sandbox_paypal_orders (
     id                   TEXT PRIMARY KEY,
     request_id           TEXT UNIQUE,
     custom_id            TEXT,
     amount               INTEGER NOT NULL,
     currency             TEXT NOT NULL,
     status               TEXT NOT NULL,
     decline_next_capture INTEGER NOT NULL DEFAULT 0,
     capture_id           TEXT,
     capture_request_id   TEXT,
     created_at           TEXT NOT NULL
   )`,

  // 4: incidents the pages report (`POST /events`), for the health feed's `degraded` and the
  // merchant's dashboard. `received_at` is the server's clock in epoch ms: windows and retention
  // use it, because a shopper's clock can be anything. Pruned on every insert (incident-store.ts).
  `CREATE TABLE incidents (
     id          INTEGER PRIMARY KEY,
     provider    TEXT NOT NULL,
     kind        TEXT NOT NULL,
     reason      TEXT NOT NULL,
     latency_ms  REAL NOT NULL,
     order_id    TEXT NOT NULL,
     at          TEXT NOT NULL,
     received_at INTEGER NOT NULL
   );
   CREATE INDEX incidents_received_at ON incidents (received_at)`,

  // 5: when the page's queue first held an order (`queued-at`), for the merchant's outage
  // report; NULL for an order that came straight from the page, and for every older row. The
  // index serves the dashboard's `GET /orders?since=`: `created_at` is always `toISOString()`, so
  // text order is time order.
  `ALTER TABLE orders ADD COLUMN queued_at TEXT;
   CREATE INDEX orders_created_at ON orders (created_at)`,

  // 6: the server is the source of truth. An order's status, method and payment reference move
  // after it is recorded (verified with the provider, by a webhook, by a refund), so they get
  // columns of their own. An order that was marked paid on the page's word alone, before this
  // version, is verified again: `verifying` until the provider confirms it. `server_keys` holds
  // the key that order secrets are derived from, shared by every process on the database.
  `ALTER TABLE orders ADD COLUMN status TEXT NOT NULL DEFAULT 'pending';
   ALTER TABLE orders ADD COLUMN method TEXT NOT NULL DEFAULT 'stripe';
   ALTER TABLE orders ADD COLUMN payment_reference TEXT;
   ALTER TABLE orders ADD COLUMN updated_at TEXT;
   UPDATE orders SET
     status = json_extract(answer_json, '$.status'),
     method = json_extract(order_json, '$.method'),
     payment_reference = json_extract(order_json, '$.paymentReference'),
     updated_at = created_at;
   UPDATE orders SET status = 'verifying', answer_json = json_set(answer_json, '$.status', 'verifying')
   WHERE status = 'paid';
   CREATE INDEX orders_status ON orders (status);
   CREATE TABLE server_keys (
     name  TEXT PRIMARY KEY,
     value TEXT NOT NULL
   )`,

  // 7: reads that stay flat as the tables grow. An order's incidents are looked up when it is
  // recorded (metrics) and by the report; before this, each look-up scanned the whole table.
  `CREATE INDEX incidents_order_id ON incidents (order_id)`,

  // 8: each order's Adyen session and the Adyen webhook items seen. IF NOT EXISTS: a server
  // before this version created them itself when Adyen was configured.
  `CREATE TABLE IF NOT EXISTS adyen_sessions (
     order_id       TEXT PRIMARY KEY,
     attempt        INTEGER NOT NULL,
     session_id     TEXT,
     session_data   TEXT,
     amount         INTEGER NOT NULL,
     currency       TEXT NOT NULL,
     status         TEXT NOT NULL,
     session_result TEXT,
     psp_reference  TEXT,
     paid_amount    INTEGER,
     paid_currency  TEXT,
     updated_at     TEXT NOT NULL
   );
   CREATE TABLE IF NOT EXISTS adyen_events (
     event_key   TEXT PRIMARY KEY,
     received_at TEXT NOT NULL
   )`,

  // 9: orders are looked up by status only to check again those left `verifying`, oldest change
  // first. An index of every order's status was one more B-tree written by every order recorded;
  // a partial index holds only the verifying ones, in the order they are read.
  `DROP INDEX orders_status;
   CREATE INDEX orders_verifying ON orders (updated_at) WHERE status = 'verifying'`,

  // 10: whether an incident's order is known, kept on the incident. `/events`, `/report` and the
  // health count read it from the row: looking every row's order up cost more as the orders grew
  // (a deeper index). Kept by the database whoever writes: an incident is flagged when inserted
  // after its order, and earlier ones when their order is inserted. Writers take turns on the
  // file, so the flag is exact.
  `ALTER TABLE incidents ADD COLUMN order_known INTEGER NOT NULL DEFAULT 0;
   UPDATE incidents SET order_known = 1 WHERE EXISTS (SELECT 1 FROM orders WHERE orders.order_id = incidents.order_id);
   CREATE TRIGGER incidents_order_known AFTER INSERT ON incidents
     WHEN EXISTS (SELECT 1 FROM orders WHERE orders.order_id = NEW.order_id)
     BEGIN UPDATE incidents SET order_known = 1 WHERE id = NEW.id; END;
   CREATE TRIGGER orders_known_by_incidents AFTER INSERT ON orders
     BEGIN UPDATE incidents SET order_known = 1 WHERE order_id = NEW.order_id AND order_known = 0; END`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

function refuseNewer(version: number): void {
  // Running old code on a newer database could silently drop what the newer code relies on.
  if (version > SCHEMA_VERSION) {
    throw new Error(`order store schema version ${version} is newer than this @relais/server (${SCHEMA_VERSION})`);
  }
}

/**
 * Brings the database to `target` (the current version; a test builds an older file with less).
 * Two processes may open the same old file at once: the version that decides what to run is read
 * again inside the write transaction, so the one that waited for the lock sees the other's work
 * and skips it instead of running `ALTER TABLE` twice ("duplicate column").
 */
export function migrate(db: Database, target: number = SCHEMA_VERSION): void {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  const seen = version();
  refuseNewer(seen);
  // Up to date without taking the write lock: versions only go up, so this cannot be stale.
  if (seen >= target) return;
  db.transaction(() => {
    const current = version();
    refuseNewer(current);
    for (let next = current; next < target; next++) db.exec(MIGRATIONS[next]!);
    if (current < target) db.pragma(`user_version = ${target}`);
  }).immediate();
}
