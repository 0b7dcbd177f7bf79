/**
 * Payments whose outcome is being verified (docs/design.md, failure table: cannot tell → "being
 * verified", no second method, verified again on the next visit). Kept in IndexedDB, in Relais's
 * own database, so that a shopper who closes the tab on "we are verifying your payment" and
 * comes back is verified again with the merchant (`verifyByOrderId`), instead of being offered a
 * second payment.
 *
 * A record is the order id, its secret at the merchant (what lets this browser, and only it, ask
 * about the order), the provider, the merchant endpoint and a timestamp: never a client secret,
 * never card data (PCI: IndexedDB is readable by any script on the origin). `remember` copies
 * those fields and nothing else, whatever object it is given.
 */
import { del, entries, promisifyRequest, set, type UseStore } from 'idb-keyval';
import { withTimeout } from '@relais/contracts';
import { capabilitiesOf } from '../providers/registry.js';

export interface PendingPayment {
  orderId: string;
  /** The order's secret at the merchant (`POST /orders` answered it); absent if never recorded. */
  secret?: string;
  /** A verifiable method (its definition's `verify` asks the merchant). */
  provider: string;
  /** The merchant endpoint that holds the order (two shops on one origin keep theirs apart). */
  endpoint: string;
  /** When the payment started or its outcome became unknown (ms since the epoch). */
  at: number;
  /** What was being paid: a later visit adopts the order only for the same amount. */
  amount?: number;
  currency?: string;
}

export interface PendingPayments {
  /** Never throws; without IndexedDB, kept for this page only. */
  remember(payment: PendingPayment): Promise<void>;
  /** The order's outcome is known: stop verifying it. Never throws. */
  forget(orderId: string): Promise<void>;
  /** The endpoint's payments still to verify, younger than `maxAgeMs`, oldest first. Never throws. */
  unresolved(endpoint: string): Promise<PendingPayment[]>;
  /** Whether this page kept the order's payment (and has not forgotten it): not another tab's or an earlier visit's. */
  keptHere(orderId: string): boolean;
}

export interface PendingPaymentsOptions {
  /** Default 7 days: past that, the merchant has long resolved the order by other means. */
  maxAgeMs?: number;
  now?: () => number;
}

export const defaultMaxAgeMs = 7 * 24 * 60 * 60_000;

// Some private modes never answer `open`: past this, the page keeps its own list.
const storageTimeoutMs = 1000;
/**
 * An open store that is busy (other tabs' and frames' transactions on it, a loaded device) is
 * slow, not gone. The list of payments still being verified decides whether a visit may make a
 * new order, and a payment waits for its own record before it leaves (a reload must find it), so
 * both are waited for this long, as long as a shopper waits for a verification. Deleting keeps the
 * short bound: it lands in the background meanwhile, and nothing waits on it.
 */
const busyTimeoutMs = 10_000;

/** The record to store, or undefined for anything that is not one; a client secret never passes. */
export function toPendingPayment(value: unknown): PendingPayment | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { orderId, secret, provider, endpoint, at, amount, currency } = value as Record<string, unknown>;
  if (typeof orderId !== 'string' || orderId === '' || /_secret_/.test(orderId)) return undefined;
  if (typeof provider !== 'string' || !capabilitiesOf(provider).verifiable) return undefined;
  if (typeof endpoint !== 'string' || typeof at !== 'number' || !Number.isFinite(at)) return undefined;
  const payment: PendingPayment = { orderId, provider, endpoint, at };
  if (typeof secret === 'string' && /^[\w-]{1,128}$/.test(secret) && !/_secret_/.test(secret)) payment.secret = secret;
  if (Number.isSafeInteger(amount)) payment.amount = amount as number;
  if (typeof currency === 'string' && /^[A-Z]{3}$/.test(currency)) payment.currency = currency;
  return payment;
}

export function openPendingPayments(options: PendingPaymentsOptions = {}): PendingPayments {
  const { maxAgeMs = defaultMaxAgeMs, now = Date.now } = options;
  // The page's own copy: the fallback without IndexedDB, and what this page wrote meanwhile.
  const memory = new Map<string, PendingPayment>();
  let store: { use: UseStore; opened: Promise<IDBDatabase> } | undefined | null;

  /** The store, opened on first use; null once IndexedDB failed (private mode, blocked storage). */
  function idb(): typeof store {
    if (store === undefined) {
      try {
        store = typeof indexedDB === 'undefined' ? null : openStore();
      } catch {
        store = null;
      }
    }
    return store;
  }

  /** `timeoutMs`: how long an opened store is waited for; past it the answer is unknown here, the store is kept. */
  async function attempt<T>(operation: (store: UseStore) => Promise<T>, timeoutMs = storageTimeoutMs): Promise<T | undefined> {
    const current = idb();
    if (!current) return undefined;
    try {
      await withTimeout(current.opened, storageTimeoutMs);
    } catch {
      store = null; // never opened (or refused): this page keeps its own list from now on
      return undefined;
    }
    const answer = operation(current.use);
    try {
      return await withTimeout(answer, timeoutMs);
    } catch {
      // Slow is not broken (the operation still lands); an operation that failed is.
      answer.catch(() => {
        if (store === current) store = null;
      });
      return undefined;
    }
  }

  return {
    async remember(payment) {
      const record = toPendingPayment(payment);
      if (!record) return;
      memory.set(record.orderId, record);
      await attempt((current) => set(record.orderId, record, current), busyTimeoutMs);
    },

    async forget(orderId) {
      memory.delete(orderId);
      await attempt((current) => del(orderId, current));
    },

    keptHere(orderId) {
      return memory.has(orderId);
    },

    async unresolved(endpoint) {
      const stored = await attempt((current) => entries<IDBValidKey, unknown>(current), busyTimeoutMs);
      const expired: IDBValidKey[] = [];
      // IndexedDB is the truth when it answers (another tab may have forgotten an order); the
      // page's own list is the fallback.
      let all: PendingPayment[] = [...memory.values()];
      if (stored) {
        all = [];
        for (const [key, value] of stored) {
          const record = toPendingPayment(value);
          if (record && record.orderId === key) all.push(record);
          else expired.push(key); // not a record of ours: not left to linger
        }
      }
      const oldest = now() - maxAgeMs;
      const fresh: PendingPayment[] = [];
      for (const record of all) {
        if (record.at < oldest) expired.push(record.orderId);
        else if (record.endpoint === endpoint) fresh.push(record);
      }
      for (const key of expired) if (typeof key === 'string') memory.delete(key);
      if (expired.length) await attempt(async (current) => void (await Promise.all(expired.map((key) => del(key, current)))));
      return fresh.sort((a, b) => a.at - b.at);
    },
  };
}

/** As idb-keyval's `createStore`, with the opening apart: a store that never opens is given up sooner than a busy one. */
function openStore(): { use: UseStore; opened: Promise<IDBDatabase> } {
  // Its own database: idb-keyval cannot add a store to an existing one.
  const request = indexedDB.open('relais-pending');
  request.onupgradeneeded = () => request.result.createObjectStore('payments');
  const opened = promisifyRequest(request);
  opened.catch(() => {});
  const use: UseStore = (mode, callback) => opened.then((db) => callback(db.transaction('payments', mode).objectStore('payments')));
  return { use, opened };
}

let shared: PendingPayments | undefined;

/** The page's list (one IndexedDB connection for every element on the page). */
export function pendingPayments(): PendingPayments {
  return (shared ??= openPendingPayments());
}

/** The payment's outcome became unknown: verify it again on the shopper's next visit. */
export const remember = (payment: PendingPayment): Promise<void> => pendingPayments().remember(payment);
/** The payment's outcome is known (paid, declined, nothing charged): stop verifying it. */
export const forget = (orderId: string): Promise<void> => pendingPayments().forget(orderId);
/** The endpoint's payments still to verify (younger than 7 days), oldest first. */
export const unresolved = (endpoint: string): Promise<PendingPayment[]> => pendingPayments().unresolved(endpoint);
/** Whether this page kept the order's payment itself (another tab's or an earlier visit's are not). */
export const keptHere = (orderId: string): boolean => pendingPayments().keptHere(orderId);
