// Queue throughput, in Chromium with the built worker: 1,000 orders queued while the
// merchant answers 503, then delivered by the page and the worker together once it is back.
// Served on 127.0.0.1 (a secure context, so service workers and Web Locks exist).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, defaultClientConditions } from 'vite';
import { serve } from '../test/e2e/harness.mjs';

const ORDERS = 1000;

/** The page side of the queue (lazy-loaded by the element, so not in the core bundle) and the worker. */
async function buildQueue(outDir) {
  await build({
    configFile: false,
    logLevel: 'warn',
    define: { 'process.env.NODE_ENV': '"production"' },
    // The workspace's sources, as the other builds read them (the `@relais/source` export condition).
    resolve: { conditions: ['@relais/source', ...defaultClientConditions] },
    build: {
      outDir,
      emptyOutDir: true,
      copyPublicDir: false,
      minify: true,
      lib: { entry: 'packages/checkout/src/queue/order-queue.ts', formats: ['es'], fileName: () => 'order-queue.js' },
    },
  });
  await build({ configFile: 'vite.sw.config.ts', logLevel: 'warn', build: { outDir, emptyOutDir: false } });
}

/**
 * The reference merchant API at /api (in-memory store) with its fault switch, counting the 2xx
 * answers each order got: more than one means it was delivered twice.
 */
async function merchantApi() {
  // @relais/server is used from its dist/; tsc -b is incremental, so this is quick when built.
  if (spawnSync(join('node_modules', '.bin', 'tsc'), ['-b', 'packages/server'], { stdio: 'inherit' }).status !== 0) {
    throw new Error('building packages/server failed');
  }
  const { createRelaisHandler, openOrderStore, toNodeListener } = await import('@relais/server');
  const { sandbox, withFaults } = await import('@relais/lab');
  const store = openOrderStore(':memory:');
  // sandbox: only /orders is used here, and vite's build set NODE_ENV=production in this process,
  // where a handler without provider keys refuses to start unless told the fake provider is meant.
  const { handler, faults } = withFaults(createRelaisHandler({ store, basePath: '/api', sandbox }), { basePath: '/api' });
  const answered = new Map(); // orderId -> 2xx answers
  const posts = { count: 0 };
  const counting = async (request) => {
    const response = await handler(request);
    if (request.method === 'POST' && new URL(request.url).pathname === '/api/orders') {
      posts.count += 1;
      if (response.ok) {
        const key = request.headers.get('idempotency-key');
        answered.set(key, (answered.get(key) ?? 0) + 1);
      }
    }
    return response;
  };
  return { listener: toNodeListener(counting), faults, store, answered, posts };
}

// The worker sits under /dist/, so its scope does not cover this page: it never controls it,
// and the queue does not need it to (the page talks to it through its registration).
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Relais queue</title>
<script type="module">
  import { createOrderQueue } from '/dist/order-queue.js';
  const queue = await createOrderQueue({ endpoint: '/api', swUrl: '/dist/relais-sw.js' });
  const delivered = new Set();
  let wake = () => {};
  queue.on('delivered', (record) => {
    delivered.add(record.orderId);
    wake();
  });
  // Resolves at the next delivery: the bench waits on the queue's own events, not on a timer.
  const nextDelivery = () => new Promise((resolve) => (wake = resolve));
  window.__relaisQueue = { queue, delivered, nextDelivery };
</script></head><body></body></html>
`;

/** In the page: enqueues `count` orders one after the other, timing each `enqueue()`. */
async function enqueueOrders(count) {
  const { queue } = window.__relaisQueue;
  const latencies = [];
  for (let i = 0; i < count; i++) {
    const order = {
      orderId: crypto.randomUUID(),
      amount: 4990,
      currency: 'EUR',
      method: 'bank-transfer',
      items: [{ name: 'Carafe', quantity: 1, amount: 4990 }],
      customer: { email: 'ana@example.com', name: 'Ana Lima' },
    };
    const t0 = performance.now();
    const result = await queue.enqueue(order);
    latencies.push(performance.now() - t0);
    if (!result.ok) throw new Error(`enqueue refused: ${result.code}`);
  }
  return { mode: queue.mode, latencies };
}

/** In the page: from recovery (a flush, as `online` would) until the page was told of every delivery. */
async function deliverAll(count) {
  const { queue, delivered, nextDelivery } = window.__relaisQueue;
  let timer;
  const tooLong = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`only ${delivered.size} of ${count} delivered after 60 s`)), 60_000);
  });
  const t0 = performance.now();
  try {
    await queue.flush();
    // No polling timer competing with the deliveries for the page's thread. The size check and
    // the next wait are in one synchronous step, so no delivery can slip between them.
    while (delivered.size < count) await Promise.race([nextDelivery(), tooLong]);
    return performance.now() - t0;
  } finally {
    clearTimeout(timer);
  }
}

/** `helpers`: bench.mjs's report/median/percentile/ms and the delivery budget. */
export async function queueThroughput(context, { report, median, percentile, ms, budgetMs }) {
  const outDir = mkdtempSync(join(tmpdir(), 'relais-bench-queue-'));
  const api = await merchantApi();
  let server;
  try {
    await buildQueue(outDir);
    server = await serve({ dist: outDir, pages: { '/queue.html': { body: PAGE } }, api: api.listener });
    const page = await context.newPage();
    await page.goto(`${server.origin}/queue.html`);
    await page.waitForFunction(() => window.__relaisQueue);

    api.faults.down(true);
    const { mode, latencies } = await page.evaluate(enqueueOrders, ORDERS);
    console.log(`queue: enqueue latency, ${ORDERS.toLocaleString('en')} orders with the merchant down (${mode} mode): ` +
      `median ${ms(median(latencies))}, p95 ${ms(percentile(latencies, 95))}, max ${ms(Math.max(...latencies))}; ` +
      `${api.posts.count} requests reached the merchant meanwhile (backoff: a probe, not one per order)`);
    api.faults.down(false);
    const deliveryMs = await page.evaluate(deliverAll, ORDERS);
    const withinBudget = report(`queue: deliver ${ORDERS.toLocaleString('en')} orders after recovery`, deliveryMs, budgetMs, 'ms', (v) => v.toFixed(0));
    await page.close();

    // From the server's store and its answers: an order stored twice, or answered 2xx twice.
    const stored = api.store.list().map((order) => order.orderId);
    const distinct = new Set(stored).size;
    const answeredTwice = [...api.answered.values()].filter((answers) => answers > 1).length;
    const duplicates = stored.length - distinct + answeredTwice;
    const ok = duplicates === 0 && distinct === ORDERS;
    console.log(`queue: duplicates ${duplicates} / 0 allowed (${stored.length} orders stored, ${distinct} distinct, ` +
      `${answeredTwice} answered 2xx more than once) ${ok ? 'OK' : 'OVER'}`);
    return withinBudget && ok;
  } finally {
    await server?.close();
    api.store.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}
