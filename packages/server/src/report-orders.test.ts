import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Incident } from './incident.js';
import type { Order } from './order.js';
import type { OrderStore } from './order-store.js';
import { dashboardOrder } from './orders-route.js';
import { getReport } from './report-route.js';
import { backendOf } from './store-backend.js';
import { storeKinds } from './test-stores.js';

/**
 * The report reads its orders' columns instead of each stored order (report-orders.ts): after
 * any mix of writes it must read what the full orders give, and report the same thing.
 */

/** A small seeded generator (mulberry32): a failure names the run that can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const METHODS = ['stripe', 'paypal', 'bank-transfer', 'adyen'] as const;
const STATUSES = ['pending', 'pending-payment', 'verifying', 'paid', 'refunded', 'awaiting-payment-link'] as const;
const KINDS = ['sdk-load-failed', 'sdk-timeout', 'api-unavailable', 'declined', 'merchant-unavailable', 'order-rejected'] as const;
const CURRENCIES = [['EUR', 4990], ['JPY', 1500], ['USD', 123_456_789]] as const;

/** `count` writes, each an order recorded, an order moved (status or method) or an incident. */
async function randomWrites(store: OrderStore, seed: number, count: number): Promise<void> {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const incidents = backendOf(store)!.incidents();
  const ids: string[] = [];
  for (let write = 0; write < count; write++) {
    const roll = next();
    if (roll < 0.45 || ids.length === 0) {
      const orderId = `ord-${seed}-${write}`;
      const [currency, amount] = pick(CURRENCIES);
      const order: Order = { orderId, amount: amount + write, currency, method: pick(METHODS) };
      if (next() < 0.3) order.paymentReference = `ref-${write}`;
      const queuedAt = next() < 0.25 ? new Date(Date.now() - Math.floor(next() * 7_200_000)).toISOString() : undefined;
      await store.insertOrGet({
        idempotencyKey: `key-${orderId}`,
        requestHash: `hash-${orderId}`,
        order,
        queuedAt,
        answer: () => ({ status: 201, body: { orderId, status: 'pending', method: order.method, amount: order.amount, currency } }),
      });
      ids.push(orderId);
    } else if (roll < 0.75) {
      const method = pick(METHODS);
      const status = pick(STATUSES);
      await store.update(pick(ids), (stored) => {
        const order = { ...stored.order, method };
        return { order, answer: { ...stored.answer.body, method, status } };
      });
    } else {
      // Some name an order not recorded (yet): the report leaves those out.
      const orderId = next() < 0.2 ? `unknown-${write}` : pick(ids);
      const incident: Incident = {
        provider: pick(METHODS), kind: pick(KINDS), reason: 'test', latencyMs: 10, orderId, at: new Date().toISOString(),
      };
      await incidents.add(incident);
    }
  }
}

const ADMIN_NOW = () => Date.parse('2099-01-01T00:00:00.000Z');

/**
 * Every page of the report from the start, following `Link: rel="next"`, as JSON; the incidents
 * are those of `backed` (a copy of a store has no backend of its own).
 */
async function reportPages(store: OrderStore, limit: number, backed: OrderStore = store): Promise<unknown[]> {
  const report = getReport(store, backendOf(backed)!.incidents(), ADMIN_NOW);
  const pages: unknown[] = [];
  let query = `limit=${limit}`;
  for (;;) {
    const response = await report(new Request(`http://shop.test/report?${query}`));
    assert.equal(response.status, 200);
    pages.push(await response.json());
    const link = response.headers.get('link');
    if (!link) return pages;
    query = /^<\?(.*)>; rel="next"$/.exec(link)![1]!;
  }
}

for (const kind of storeKinds()) {
  describe(`report orders read by column (${kind.name})`, () => {
    for (const seed of [1, 2, 3]) {
      test(`after a random mix of writes (seed ${seed}) they equal the stored orders, page by page`, async () => {
        const store = await kind.open();
        await randomWrites(store, seed, 150);
        const read = backendOf(store)!.reportOrders!;
        const everything = await store.since(0, 10_000);
        assert.ok(everything.length > 40, `only ${everything.length} orders recorded`);
        const full = everything.map((stored) => {
          const { paymentReference: _shownElsewhere, ...order } = dashboardOrder(stored);
          return order;
        });
        assert.deepEqual(await read(0, 10_000), full);
        // A window and a limit: the same rows, in the same order, as the store's own `since`.
        const middle = Date.parse(everything[Math.floor(everything.length / 2)]!.createdAt);
        const fromMiddle = full.filter((order) => Date.parse(order.createdAt) >= middle).slice(0, 7);
        assert.deepEqual(await read(middle, 7), fromMiddle);
      });

      test(`after a random mix of writes (seed ${seed}) every report page equals the one computed from the full orders`, async () => {
        const store = await kind.open();
        await randomWrites(store, seed + 100, 150);
        // A copy of the store's methods has no backend: the report falls back to `since`.
        const fullRead: OrderStore = { ...store };
        assert.equal(backendOf(fullRead), undefined);
        for (const limit of [10_000, 9]) {
          const byColumn = await reportPages(store, limit);
          const fromFullOrders = await reportPages(fullRead, limit, store);
          assert.deepEqual(byColumn, fromFullOrders);
          if (limit === 9) assert.ok(byColumn.length > 3, `${byColumn.length} pages`);
        }
        const [whole] = await reportPages(store, 10_000);
        assert.ok((whole as { outages: unknown[] }).outages.length > 0, 'the writes made no outage to compare');
      });
    }
  });
}
