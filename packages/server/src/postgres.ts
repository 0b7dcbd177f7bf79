import type { OrderStore } from './order-store.js';
import type { PostgresStoreOptions } from './pg-store.js';

export type { PostgresStoreOptions } from './pg-store.js';

/**
 * Opens (and creates or migrates) the order store at a `postgres://` URL, for a shop run by several
 * instances: pass it to `createRelaisHandler({store})` as the SQLite one. The `pg` client is
 * loaded only here, so a server on SQLite never pays for it.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<OrderStore> {
  const { openPostgresStore: open } = await import('./pg-store.js');
  return open(url, options);
}
