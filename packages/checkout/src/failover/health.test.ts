import { expect } from '@open-wc/testing';
import { configureHealth, scriptFaults, testEndpoint } from '../../../../test/api.js';
import { fetchHealth } from './health.js';

const minute = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A document served as-is by the test merchant API, for shapes the real server never writes. */
async function serving(document: unknown): Promise<string> {
  const endpoint = testEndpoint();
  await scriptFaults(endpoint, { method: 'GET', path: '/health', responses: [{ status: 200, body: document }] });
  return endpoint;
}

describe('health feed', () => {
  it('skips a provider the merchant marked down, and only that one', async () => {
    const endpoint = testEndpoint();
    await configureHealth(endpoint, { down: ['stripe'] });
    const report = await fetchHealth(endpoint);
    expect([...report!.skip]).to.deep.equal([['stripe', { reason: 'down' }]]);
    expect([...report!.degraded]).to.deep.equal([]);
    expect(report!.upcoming).to.deep.equal([]);
  });

  it('skips a provider inside a maintenance window, until the window ends', async () => {
    const endpoint = testEndpoint();
    const now = Date.now();
    await configureHealth(endpoint, { maintenance: [{ provider: 'paypal', from: iso(now - 10 * minute), until: iso(now + 20 * minute) }] });
    const report = await fetchHealth(endpoint);
    expect(report!.skip.get('paypal')).to.deep.equal({ reason: 'maintenance', until: iso(now + 20 * minute) });
    expect(report!.skip.has('stripe')).to.equal(false);
  });

  it('lists windows starting within the hour, soonest first, without skipping them yet', async () => {
    const endpoint = testEndpoint();
    const now = Date.now();
    const soon = { provider: 'stripe', from: iso(now + 30 * minute), until: iso(now + 90 * minute) };
    const sooner = { provider: 'paypal', from: iso(now + 5 * minute), until: iso(now + 15 * minute) };
    const later = { provider: 'paypal', from: iso(now + 2 * 60 * minute), until: iso(now + 3 * 60 * minute) };
    await configureHealth(endpoint, { maintenance: [soon, later, sooner] });
    const report = await fetchHealth(endpoint);
    expect(report!.upcoming).to.deep.equal([sooner, soon]);
    expect(report!.skip.size).to.equal(0);
  });

  it('reports a provider failing for many shoppers as degraded, without skipping it', async () => {
    const endpoint = testEndpoint();
    await configureHealth(endpoint, { degradedAfter: { incidents: 2, withinMs: 60_000 } });
    for (const orderId of ['order-a', 'order-b']) {
      // Two shoppers' real orders: the server counts no incident of an order it never recorded.
      const order = { orderId, amount: 4990, currency: 'EUR', method: 'stripe' };
      await fetch(`${endpoint}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': orderId }, body: JSON.stringify(order) });
      const incident = { provider: 'paypal', kind: 'sdk-timeout', reason: 'slow', latencyMs: 6000, orderId, at: iso(Date.now()) };
      await fetch(`${endpoint}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(incident) });
    }
    const report = await fetchHealth(endpoint);
    expect([...report!.degraded]).to.deep.equal(['paypal']);
    expect(report!.skip.size).to.equal(0);
  });

  it('reads maintenance against the injected clock', async () => {
    const endpoint = testEndpoint();
    const now = Date.now();
    await configureHealth(endpoint, { maintenance: [{ provider: 'stripe', from: iso(now + 2 * 60 * minute), until: iso(now + 3 * 60 * minute) }] });
    const inWindow = await fetchHealth(endpoint, { now: () => now + 2.5 * 60 * minute });
    expect(inWindow!.skip.get('stripe')?.reason).to.equal('maintenance');
  });

  it('ignores providers Relais does not know and treats absent ones as up', async () => {
    const endpoint = await serving({ providers: { klarna: { status: 'down' }, paypal: { status: 'down', until: iso(Date.now() + minute) } } });
    const report = await fetchHealth(endpoint);
    expect([...report!.skip.keys()]).to.deep.equal(['paypal']);
  });

  it('no longer skips a provider whose announced downtime is over', async () => {
    const endpoint = await serving({ providers: { stripe: { status: 'down', until: iso(Date.now() - minute) } } });
    expect((await fetchHealth(endpoint))!.skip.size).to.equal(0);
  });

  const malformed: Array<[string, unknown]> = [
    ['an unknown status', { providers: { stripe: { status: 'sideways' } } }],
    ['a date that is not ISO 8601', { providers: { stripe: { status: 'down', until: 'tomorrow' } } }],
    ['a window that ends before it starts', { providers: { stripe: { status: 'up', maintenance: [{ from: '2030-01-01T02:00:00Z', until: '2030-01-01T01:00:00Z' }] } } }],
    ['maintenance that is not a list', { providers: { stripe: { status: 'up', maintenance: {} } } }],
    ['no providers object', { stripe: { status: 'down' } }],
    ['a JSON string', '<html>'],
  ];
  for (const [what, document] of malformed) {
    it(`changes nothing for a document with ${what}`, async () => {
      expect(await fetchHealth(await serving(document))).to.equal(undefined);
    });
  }

  it('changes nothing, within the timeout, when the feed hangs', async () => {
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'GET', path: '/health', responses: [{ hang: true }] });
    const started = performance.now();
    expect(await fetchHealth(endpoint, { timeoutMs: 300 })).to.equal(undefined);
    const elapsed = performance.now() - started;
    expect(elapsed).to.be.at.least(250);
    expect(elapsed).to.be.below(1000);
  });

  it('changes nothing when the headers arrive but the body stalls past the timeout', async () => {
    const original = window.fetch;
    window.fetch = async () => new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"provi')) }));
    try {
      const started = performance.now();
      expect(await fetchHealth('/nowhere', { timeoutMs: 300 })).to.equal(undefined);
      expect(performance.now() - started).to.be.below(1000);
    } finally {
      window.fetch = original;
    }
  });

  it('changes nothing on a network error', async () => {
    const endpoint = testEndpoint();
    // Chromium silently resends a request whose reused keep-alive socket was cut (several
    // times): the feed stays unreachable for all of them.
    const unreachable = Array.from({ length: 30 }, () => ({ network: true }) as const);
    await scriptFaults(endpoint, { method: 'GET', path: '/health', responses: unreachable });
    expect(await fetchHealth(endpoint)).to.equal(undefined);
  });

  it('changes nothing on a 500', async () => {
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'GET', path: '/health', responses: [{ status: 500, body: { providers: { stripe: { status: 'down' } } } }] });
    expect(await fetchHealth(endpoint)).to.equal(undefined);
  });

  it('changes nothing when the answer is not JSON (a login page)', async () => {
    const original = window.fetch;
    window.fetch = async () => new Response('<!doctype html><p>Sign in', { headers: { 'content-type': 'text/html' } });
    try {
      expect(await fetchHealth('/anywhere')).to.equal(undefined);
    } finally {
      window.fetch = original;
    }
  });

  it('changes nothing when the caller aborts', async () => {
    const endpoint = testEndpoint();
    await scriptFaults(endpoint, { method: 'GET', path: '/health', responses: [{ hang: true }] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    expect(await fetchHealth(endpoint, { signal: controller.signal, timeoutMs: 5000 })).to.equal(undefined);
    expect(performance.now() - started).to.be.below(1000);
  });
});
