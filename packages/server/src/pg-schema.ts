import type pg from 'pg';

/**
 * The PostgreSQL schema, one migration per version, recorded in `schema_migrations`. The same
 * tables as the SQLite store (schema.ts) in their current shape, minus the sandbox's fake provider
 * tables: with PostgreSQL the fake providers keep their own in-memory database. A shipped entry
 * never changes; later ones are added at the end.
 */
const MIGRATIONS: readonly string[] = [
  // 1: every table at once. Texts for times: `created_at` is always `toISOString()`, whose text
  // order is time order, so both stores read and page the same way. `seq` orders inserts within
  // one millisecond.
  `CREATE TABLE orders (
     idempotency_key   TEXT PRIMARY KEY,
     order_id          TEXT NOT NULL UNIQUE,
     request_hash      TEXT NOT NULL,
     order_json        TEXT NOT NULL,
     answer_status     INTEGER NOT NULL,
     answer_json       TEXT NOT NULL,
     created_at        TEXT NOT NULL,
     updated_at        TEXT NOT NULL,
     queued_at         TEXT,
     status            TEXT NOT NULL,
     method            TEXT NOT NULL,
     payment_reference TEXT,
     seq               BIGSERIAL NOT NULL
   );
   CREATE INDEX orders_created_at ON orders (created_at, seq);
   CREATE INDEX orders_status ON orders (status, updated_at);
   CREATE TABLE stripe_payment_intents (
     order_id        TEXT PRIMARY KEY,
     intent_id       TEXT UNIQUE,
     create_amount   BIGINT NOT NULL,
     create_currency TEXT NOT NULL,
     amount          BIGINT NOT NULL,
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
     create_amount   BIGINT NOT NULL,
     create_currency TEXT NOT NULL,
     status          TEXT NOT NULL,
     capture_json    TEXT,
     created_at      TEXT NOT NULL,
     updated_at      TEXT NOT NULL
   );
   CREATE TABLE incidents (
     id          BIGSERIAL PRIMARY KEY,
     provider    TEXT NOT NULL,
     kind        TEXT NOT NULL,
     reason      TEXT NOT NULL,
     latency_ms  DOUBLE PRECISION NOT NULL,
     order_id    TEXT NOT NULL,
     at          TEXT NOT NULL,
     received_at BIGINT NOT NULL
   );
   CREATE INDEX incidents_received_at ON incidents (received_at);
   CREATE INDEX incidents_order_id ON incidents (order_id);
   CREATE TABLE server_keys (
     name  TEXT PRIMARY KEY,
     value TEXT NOT NULL
   )`,
  // 2: `GET /events` pages newest first, and `since` oldest first, by (received_at, id): one index for both.
  `CREATE INDEX incidents_received_at_id ON incidents (received_at, id);
   DROP INDEX incidents_received_at`,
  // 3: each order's Adyen session and the Adyen webhook items seen, shared by every instance
  // (before, they sat in each process's in-memory sandbox database).
  `CREATE TABLE adyen_sessions (
     order_id       TEXT PRIMARY KEY,
     attempt        INTEGER NOT NULL,
     session_id     TEXT,
     session_data   TEXT,
     amount         BIGINT NOT NULL,
     currency       TEXT NOT NULL,
     status         TEXT NOT NULL,
     session_result TEXT,
     psp_reference  TEXT,
     paid_amount    BIGINT,
     paid_currency  TEXT,
     updated_at     TEXT NOT NULL
   );
   CREATE TABLE adyen_events (
     event_key   TEXT PRIMARY KEY,
     received_at TEXT NOT NULL
   )`,
  // 4: whether an incident's order is known, kept on the incident. `/events`, `/report` and the
  // health count read it from the row: looking every row's order up in the orders index cost
  // more as the orders grew (a deeper index, a larger one to cache). The database sets it for
  // every incident inserted, whoever inserts it; the store's order insert sets it on the
  // incidents that came before their order. Two commits at once may leave a known order's
  // incident `false`: readers look those up, so `false` means "not known when written".
  `ALTER TABLE incidents ADD COLUMN order_known BOOLEAN NOT NULL DEFAULT false;
   UPDATE incidents SET order_known = true WHERE EXISTS (SELECT 1 FROM orders WHERE orders.order_id = incidents.order_id);
   CREATE FUNCTION relais_incident_order_known() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     NEW.order_known := EXISTS (SELECT 1 FROM orders WHERE orders.order_id = NEW.order_id);
     RETURN NEW;
   END $$;
   CREATE TRIGGER incidents_order_known BEFORE INSERT ON incidents
     FOR EACH ROW EXECUTE FUNCTION relais_incident_order_known()`,
];

export const PG_SCHEMA_VERSION = MIGRATIONS.length;

// Any fixed number: every instance of the server takes the same lock before migrating.
const MIGRATION_LOCK = 7_364_190_215;

/**
 * Brings the database to `target`. Instances starting together take turns on an advisory lock,
 * and read the version again once they hold it: the second finds the work done. Each migration
 * and its version row commit together.
 */
export async function migratePostgres(pool: pg.Pool, target: number = PG_SCHEMA_VERSION): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version    INTEGER PRIMARY KEY,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
      const current = rows[0]?.version ?? 0;
      // Old code on a newer database could silently drop what the newer code relies on.
      if (current > PG_SCHEMA_VERSION) {
        throw new Error(`order store schema version ${current} is newer than this @relais/server (${PG_SCHEMA_VERSION})`);
      }
      for (let next = current; next < target; next++) {
        await client.query('BEGIN');
        try {
          await client.query(MIGRATIONS[next]!);
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [next + 1]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
