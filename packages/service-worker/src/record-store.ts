/**
 * Where records live (after Workbox's `QueueDb`): one IndexedDB database of Relais's own,
 * `relais-orders`, one object store `orders` keyed by orderId, through idb-keyval. Never
 * Workbox's `workbox-background-sync` database: idb-keyval cannot add a store to a database
 * someone else versions. When IndexedDB is missing or refuses to open (some private modes,
 * storage blocked), a memory store keeps the page working and says it is not persistent.
 */
import { createStore, del, get, getMany, set, setMany, update, values, type UseStore } from 'idb-keyval';
import { withTimeout } from '@relais/contracts';
import { DeliveryStatus, type OrderRecord } from './order-record.js';

export const DATABASE_NAME = 'relais-orders';
export const STORE_NAME = 'orders';

export interface RecordStore {
  /** `memory`: gone with the page, so the shopper must be warned. */
  readonly kind: 'indexeddb' | 'memory';
  get(orderId: string): Promise<OrderRecord | undefined>;
  put(record: OrderRecord): Promise<void>;
  delete(orderId: string): Promise<void>;
  all(): Promise<OrderRecord[]>;
  /** Atomic insert-if-absent: resolves with the record kept and whether it is the new one. */
  add(record: OrderRecord): Promise<{ record: OrderRecord; created: boolean }>;
  /** The records of `orderIds` in one read (undefined where there is none), in the same order. */
  getMany(orderIds: readonly string[]): Promise<Array<OrderRecord | undefined>>;
  /** Writes every record in one transaction: all of them or none. */
  putMany(records: readonly OrderRecord[]): Promise<void>;
  /**
   * Removes those of `orderIds` that are `delivered`, each read and removed in one transaction
   * (atomic: a record that is anything else stays); resolves with the ids removed.
   */
  removeDelivered(orderIds: readonly string[]): Promise<string[]>;
}

export function idbRecordStore(databaseName = DATABASE_NAME): RecordStore {
  let handle: UseStore | undefined;
  // Lazy, and every call async: idb-keyval throws synchronously when `indexedDB` is undefined.
  const store = (): UseStore => (handle ??= createStore(databaseName, STORE_NAME));
  return {
    kind: 'indexeddb',
    get: async (orderId) => get<OrderRecord>(orderId, store()),
    // Resolves on the transaction's `complete`: a worker stopped after this line loses nothing.
    put: async (record) => set(record.orderId, record, store()),
    delete: async (orderId) => del(orderId, store()),
    all: async () => values<OrderRecord>(store()),
    add: async (record) => {
      let kept = record;
      let created = false;
      // One readwrite transaction: two tabs enqueuing the same order keep exactly one record.
      await update<OrderRecord>(
        record.orderId,
        (existing) => {
          created = existing === undefined;
          kept = existing ?? record;
          return kept;
        },
        store(),
      );
      return { record: kept, created };
    },
    getMany: async (orderIds) => getMany<OrderRecord | undefined>([...orderIds], store()),
    putMany: async (records) => setMany(records.map((record) => [record.orderId, record]), store()),
    removeDelivered: async (orderIds) =>
      store()('readwrite', (objects) => {
        const removed: string[] = [];
        for (const orderId of orderIds) {
          const request = objects.get(orderId);
          request.onsuccess = () => {
            if ((request.result as OrderRecord | undefined)?.status !== DeliveryStatus.Delivered) return;
            objects.delete(orderId);
            removed.push(orderId);
          };
        }
        return new Promise<string[]>((resolve, reject) => {
          objects.transaction.oncomplete = () => resolve(removed);
          objects.transaction.onabort = objects.transaction.onerror = () => reject(objects.transaction.error);
        });
      }),
  };
}

/** Structured clones in and out, like IndexedDB: a caller mutating a record changes nothing stored. */
export function memoryRecordStore(): RecordStore {
  const records = new Map<string, OrderRecord>();
  return {
    kind: 'memory',
    get: async (orderId) => {
      const record = records.get(orderId);
      return record && structuredClone(record);
    },
    put: async (record) => void records.set(record.orderId, structuredClone(record)),
    delete: async (orderId) => void records.delete(orderId),
    all: async () => [...records.values()].map((record) => structuredClone(record)),
    add: async (record) => {
      const existing = records.get(record.orderId);
      if (existing) return { record: structuredClone(existing), created: false };
      records.set(record.orderId, structuredClone(record));
      return { record, created: true };
    },
    getMany: async (orderIds) => orderIds.map((orderId) => {
      const record = records.get(orderId);
      return record && structuredClone(record);
    }),
    putMany: async (batch) => {
      for (const record of batch) records.set(record.orderId, structuredClone(record));
    },
    removeDelivered: async (orderIds) =>
      orderIds.filter((orderId) => records.get(orderId)?.status === DeliveryStatus.Delivered && records.delete(orderId)),
  };
}

/**
 * The IndexedDB store when it opens and answers, else a memory store. Never rejects: a queue
 * that cannot persist still delivers while the page lives, and says so through `kind`.
 */
export async function openRecordStore({ databaseName = DATABASE_NAME, timeoutMs = 3000 } = {}): Promise<RecordStore> {
  const store = idbRecordStore(databaseName);
  try {
    // Some engines leave `indexedDB.open` pending forever instead of failing (storage disabled).
    await withTimeout(store.get('relais:probe'), timeoutMs);
    return store;
  } catch {
    return memoryRecordStore();
  }
}
