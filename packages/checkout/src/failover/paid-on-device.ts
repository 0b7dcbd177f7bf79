/**
 * The orders this browser saw paid, kept on the device (IndexedDB, Relais's own database) so that
 * another tab of the same order can say so without asking the merchant. A second tab opened while
 * the shop's server is down cannot ask it, and one that never recorded the order (a bank transfer
 * only) has no secret to ask with: without this, such a tab would offer a payment, fail to reach
 * the shop, and say "nothing was charged" for an order another tab has paid.
 *
 * Written only by a tab that learnt the payment from its provider or from the merchant (its own
 * payment, a verification). A record is the endpoint, the order id, the method that was paid and
 * when: never a payment reference, a secret or card data (any script on the origin can read it).
 */
import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';
import { withTimeout } from '@relais/contracts';

/**
 * Paid only: a payment still processing (a bank debit clearing) may yet fail, and a tab must not
 * keep showing it for weeks after it did.
 */
export interface PaidOnDevice {
  /** The method that was paid (its result is shown as that method's). */
  provider: string;
  /** When this browser learnt it (ms since the epoch). */
  at: number;
}

/** Past a month a shopper reopening the order's page is better served by the merchant's own answer. */
export const keptForMs = 30 * 24 * 60 * 60_000;
// Some private modes never answer `open`: past this, the tab goes on without the record.
const storageTimeoutMs = 500;

let store: UseStore | null | undefined;

async function attempt<T>(operation: (store: UseStore) => Promise<T>): Promise<T | undefined> {
  try {
    // Its own database: idb-keyval cannot add a store to an existing one.
    store ??= typeof indexedDB === 'undefined' ? null : createStore('relais-paid', 'orders');
    return store ? await withTimeout(operation(store), storageTimeoutMs) : undefined;
  } catch {
    return undefined;
  }
}

/** Two shops on one origin keep their orders apart; a relative endpoint is the page's. */
const keyOf = (endpoint: string, orderId: string): [string, string] => [new URL(endpoint, document.baseURI).href, orderId];

function toPaid(value: unknown, now: number): PaidOnDevice | undefined {
  const { provider, at } = (value ?? {}) as Partial<PaidOnDevice>;
  if (typeof provider !== 'string' || typeof at !== 'number') return undefined;
  return now - at < keptForMs ? { provider, at } : undefined;
}

/**
 * This browser learnt that the order is paid. True once the record is committed (the transaction
 * completed: a page closed from then on keeps it); never throws. Records past their time are
 * dropped afterwards, without holding up the answer.
 */
export async function rememberPaid(endpoint: string, orderId: string, provider: string): Promise<boolean> {
  const now = Date.now();
  const written = await attempt(async (current) => {
    await set(keyOf(endpoint, orderId), { provider, at: now } satisfies PaidOnDevice, current);
    return true;
  });
  void attempt(async (current) => {
    const old = (await entries(current)).filter(([, value]) => !toPaid(value, now)).map(([key]) => key);
    await Promise.all(old.map((key) => del(key, current)));
  });
  return written === true;
}

/** Whether this browser saw the order paid (within `keptForMs`). Never throws. */
export async function paidOnDevice(endpoint: string, orderId: string): Promise<PaidOnDevice | undefined> {
  return toPaid(await attempt((current) => get(keyOf(endpoint, orderId), current)), Date.now());
}
