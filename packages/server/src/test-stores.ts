// Test helper (not a test file): the same suite against each order store. The PostgreSQL one
// runs on a throwaway cluster (pg-cluster.ts), started once per test file; each test gets a
// database of its own. No PostgreSQL on the machine fails the suite, naming the command to run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openOrderStore, type OrderStore } from './order-store.js';
import { startPostgres, type PostgresCluster } from './pg-cluster.js';
import { openPostgresStore } from './pg-store.js';

export interface StoreKind {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty store, closed when the test file ends. */
  open(): Promise<OrderStore>;
  /** The database behind `open`'s last store, for a second store on the same data. */
  reopen(): Promise<OrderStore>;
}

let cluster: Promise<PostgresCluster> | undefined;
const opened: OrderStore[] = [];
after(async () => {
  await Promise.allSettled(opened.map((store) => store.close()));
  if (cluster) await (await cluster).stop();
});

function track(store: OrderStore): OrderStore {
  opened.push(store);
  return store;
}

export function postgresCluster(): Promise<PostgresCluster> {
  cluster ??= startPostgres();
  return cluster;
}

let root: string | undefined;
let files = 0;

function sqlite(): StoreKind {
  let file: string | undefined;
  return {
    name: 'sqlite',
    async open() {
      if (!root) {
        const dir = (root = mkdtempSync(join(tmpdir(), 'relais-stores-')));
        after(() => rmSync(dir, { recursive: true, force: true }));
      }
      file = join(root, `store-${++files}.sqlite`);
      return track(openOrderStore(file));
    },
    reopen: async () => track(openOrderStore(file!)),
  };
}

function postgres(): StoreKind {
  let url: string | undefined;
  return {
    name: 'postgres',
    async open() {
      url = await (await postgresCluster()).createDatabase();
      return track(await openPostgresStore(url));
    },
    reopen: async () => track(await openPostgresStore(url!)),
  };
}

/** Both stores, each with its own state. */
export const storeKinds = (): StoreKind[] => [sqlite(), postgres()];
