// Test helper (not a test file): the same suite against each order store. The PostgreSQL one
// runs on a throwaway cluster (pg-cluster.ts), started once per test file; each test gets a
// database of its own. No PostgreSQL on the machine fails the suite, naming the command to run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import pg from 'pg';
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

/**
 * A PostgreSQL store on a fresh database of the test cluster, and a client of its own on that
 * database (to seed rows and read plans), both closed after the suite that asked for them.
 */
export async function postgresStoreAndClient(): Promise<{ url: string; store: OrderStore; client: pg.Client }> {
  const url = await (await postgresCluster()).createDatabase();
  const store = await openPostgresStore(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  after(async () => {
    await client.end();
    await store.close();
  });
  return { url, store, client };
}

/** A node of PostgreSQL's `EXPLAIN (FORMAT JSON)` plan: the fields the tests read. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Plan Rows': number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

/** The nodes of the plan of `sql` (`EXPLAIN (options, FORMAT JSON)`), the top one first. */
export async function planNodes(client: pg.Client, sql: string, values: readonly unknown[] = [], options = ''): Promise<PlanNode[]> {
  const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
    `EXPLAIN (${options ? `${options}, ` : ''}FORMAT JSON) ${sql}`, [...values],
  );
  const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];
  return nodesOf(rows[0]!['QUERY PLAN'][0]!.Plan);
}
