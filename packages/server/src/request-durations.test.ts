import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import client from 'prom-client';
import { createMetrics } from './metrics.js';

const NAME = 'relais_http_request_duration_seconds';
const OBSERVED: Array<[method: string, route: string, status: number, seconds: number]> = [
  ['POST', '/orders', 201, 0.003], ['POST', '/orders', 201, 0.005], ['GET', '/health', 200, 0.0101], ['POST', '/orders', 200, 20],
  ['BREW', 'unmatched', 404, 0.2], ['POST', '/orders', 201, 10], ['GET', '/health', 200, 0],
];

/** What prom-client's own Histogram exports for the same requests: the text and JSON this metric had before. */
async function reference(rounds: number) {
  const registry = new client.Registry();
  const histogram = new client.Histogram({
    name: NAME,
    help: 'Merchant API requests by route pattern, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  for (let round = 0; round < rounds; round++) {
    for (const [method, route, status, seconds] of OBSERVED) {
      histogram.labels({ route, method: method === 'BREW' ? 'other' : method, status: String(status) }).observe(seconds);
    }
  }
  return registry;
}

const lines = (text: string) => text.split('\n').filter((line) => line.includes(NAME));

describe('request latencies in /metrics', () => {
  test('are exported exactly as prom-client\'s Histogram exports them, as text and as JSON', async () => {
    const metrics = createMetrics(() => undefined);
    for (const observed of OBSERVED) metrics.request(...observed);
    const registry = await metrics.registry(); // the counts made while prom-client loaded are replayed
    for (const observed of OBSERVED) metrics.request(...observed);
    const expected = await reference(2);
    assert.deepEqual(lines(await registry.metrics()), lines(await expected.metrics()));
    const json = (await registry.getMetricsAsJSON()).find((metric) => metric.name === NAME);
    assert.deepEqual(json, (await expected.getMetricsAsJSON())[0]);
    assert.ok(lines(await registry.metrics()).includes(`${NAME}_count{route="/orders",method="POST",status="201"} 6`));
  });

  test('start again from nothing when the registry is reset', async () => {
    const metrics = createMetrics(() => undefined);
    metrics.request('POST', '/orders', 201, 0.003);
    const registry = await metrics.registry();
    registry.resetMetrics();
    metrics.request('GET', '/health', 200, 0.01);
    const text = lines(await registry.metrics());
    assert.ok(text.includes(`${NAME}_count{route="/health",method="GET",status="200"} 1`));
    assert.ok(!text.some((line) => line.includes('route="/orders"')));
  });
});
