import { expect } from '@open-wc/testing';
import { clear, createStore, entries, set } from 'idb-keyval';
import { forget, openPendingPayments, remember, unresolved, type PendingPayment } from './pending-payments.js';

const day = 24 * 60 * 60_000;
const shop = '/api/shop';
const payment = (orderId: string, overrides: Partial<PendingPayment> = {}): PendingPayment => ({
  orderId, provider: 'stripe', endpoint: shop, at: Date.now(), ...overrides,
});
const ids = (payments: PendingPayment[]) => payments.map((p) => p.orderId);

/** What is really in Relais's database, read around the module. */
function storedRecords(): Promise<Array<[IDBValidKey, unknown]>> {
  return entries(createStore('relais-pending', 'payments'));
}

/** Replaces `indexedDB.open` while `run` runs (an own property shadows the prototype's). */
async function withOpen(open: (name: string) => IDBOpenDBRequest, run: () => Promise<void>): Promise<void> {
  Object.defineProperty(indexedDB, 'open', { value: open, configurable: true });
  try {
    await run();
  } finally {
    delete (indexedDB as unknown as Record<string, unknown>)['open'];
  }
}

/** Every operation works on the page's own list, and none throws. */
async function worksInMemory(): Promise<void> {
  const pending = openPendingPayments();
  await pending.remember(payment('order-a', { at: Date.now() - 2000 }));
  await pending.remember(payment('order-b', { provider: 'paypal' }));
  expect(ids(await pending.unresolved(shop))).to.deep.equal(['order-a', 'order-b']);
  await pending.forget('order-a');
  expect(ids(await pending.unresolved(shop))).to.deep.equal(['order-b']);
}

describe('pending payments: orders whose outcome is being verified', () => {
  beforeEach(() => clear(createStore('relais-pending', 'payments')));

  it('a remembered order survives the page: a new list over the database finds it, until forgotten', async () => {
    const record = payment('order-1');
    await remember(record);
    expect(await openPendingPayments().unresolved(shop)).to.deep.equal([record]);
    await forget('order-1');
    expect(await openPendingPayments().unresolved(shop)).to.deep.equal([]);
    expect(await storedRecords()).to.deep.equal([]);
  });

  it('lists the endpoint\'s own orders, oldest first', async () => {
    await remember(payment('newer', { at: Date.now() - 1000 }));
    await remember(payment('older', { at: Date.now() - 5000, provider: 'paypal' }));
    await remember(payment('other-shop', { endpoint: '/api/other' }));
    expect(ids(await unresolved(shop))).to.deep.equal(['older', 'newer']);
    expect(ids(await unresolved('/api/other'))).to.deep.equal(['other-shop']);
  });

  it('orders older than 7 days are no longer listed, and are deleted', async () => {
    const now = Date.now();
    const pending = openPendingPayments({ now: () => now });
    await pending.remember(payment('stale', { at: now - 7 * day - 1 }));
    await pending.remember(payment('fresh', { at: now - 7 * day + 60_000 }));
    expect(ids(await pending.unresolved(shop))).to.deep.equal(['fresh']);
    expect((await storedRecords()).map(([key]) => key)).to.deep.equal(['fresh']);
  });

  it('stores the order id, provider, endpoint and time only: never a client secret or card data', async () => {
    const leaky = {
      ...payment('order-2'),
      clientSecret: 'pi_3Sbx0001_secret_abc123',
      card: { number: '4242424242424242', cvc: '123' },
    };
    await remember(leaky as PendingPayment);
    const stored = await storedRecords();
    expect(stored).to.have.length(1);
    const [key, value] = stored[0]!;
    expect(key).to.equal('order-2');
    expect(Object.keys(value as object).sort()).to.deep.equal(['at', 'endpoint', 'orderId', 'provider']);
    const text = JSON.stringify(stored);
    expect(text).not.to.match(/secret|4242|cvc/i);
  });

  it('refuses an order id that is a client secret, and anything that is not a record', async () => {
    await remember(payment('pi_3Sbx0001_secret_abc123'));
    await remember({ orderId: 'order-3', provider: 'bank-transfer', endpoint: shop, at: Date.now() } as unknown as PendingPayment);
    await remember(null as unknown as PendingPayment);
    expect(await storedRecords()).to.deep.equal([]);
  });

  it('a record that is not one of ours is dropped from the database, not returned', async () => {
    await set('junk', { orderId: 'junk', provider: 'stripe', endpoint: shop, at: 'yesterday' }, createStore('relais-pending', 'payments'));
    await remember(payment('order-4'));
    expect(ids(await unresolved(shop))).to.deep.equal(['order-4']);
    expect((await storedRecords()).map(([key]) => key)).to.deep.equal(['order-4']);
  });

  it('without IndexedDB (open throws, as in some sandboxed frames) it keeps the list in the page and never throws', async () => {
    await withOpen(() => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    }, worksInMemory);
    expect(await storedRecords()).to.deep.equal([]);
  });

  it('when opening the database fails later (a newer version on disk) it falls back to the page and never throws', async () => {
    const real = IDBFactory.prototype.open;
    // An old copy of the page asks for version 1 of a database a newer one upgraded.
    const name = `relais-pending-version-${crypto.randomUUID()}`;
    await new Promise((resolve) => (real.call(indexedDB, name, 5).onsuccess = (event) => resolve((event.target as IDBOpenDBRequest).result.close())));
    await withOpen(() => real.call(indexedDB, name, 1), worksInMemory);
  });

  it('when IndexedDB never answers (some private modes) it falls back to the page within about a second', async () => {
    const hanging = () => ({}) as IDBOpenDBRequest;
    await withOpen(hanging, async () => {
      const started = performance.now();
      await worksInMemory();
      expect(performance.now() - started).to.be.below(2500);
    });
  });
});
