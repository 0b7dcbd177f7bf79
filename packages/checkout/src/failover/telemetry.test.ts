import { expect } from '@open-wc/testing';
import { serverIncidents, testEndpoint } from '../../../../test/api.js';
import { FailureKind } from '../errors.js';
import type { IncidentDetail } from '../events.js';
import { IncidentLog, sendIncident } from './telemetry.js';

function anIncident(overrides: Partial<IncidentDetail> = {}): IncidentDetail {
  return {
    provider: 'stripe', kind: FailureKind.SdkLoadFailed, reason: 'Stripe.js did not load',
    latencyMs: 212, orderId: 'ord-1', at: '2025-06-01T10:00:00.000Z', ...overrides,
  };
}

/** Polls the server until it holds an incident for `orderId`. */
async function received(endpoint: string, orderId: string): Promise<Record<string, unknown>> {
  const deadline = performance.now() + 4000;
  for (;;) {
    const found = (await serverIncidents(endpoint)).find((incident) => incident['orderId'] === orderId);
    if (found) return found;
    if (performance.now() > deadline) throw new Error(`the server never received ${orderId}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type Beacon = { url: string; data: BodyInit | null | undefined };

/** Replaces `navigator.sendBeacon` and `fetch` for the duration of `run`, recording the calls. */
async function intercepting(
  beacon: ((url: string, data?: BodyInit | null) => boolean) | undefined,
  run: (calls: { beacons: Beacon[]; fetches: Array<{ url: string; init: RequestInit | undefined }> }) => Promise<void>,
) {
  const calls = { beacons: [] as Beacon[], fetches: [] as Array<{ url: string; init: RequestInit | undefined }> };
  const originalFetch = window.fetch;
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    writable: true,
    value: beacon && ((url: string, data?: BodyInit | null) => (calls.beacons.push({ url, data }), beacon(url, data))),
  });
  window.fetch = (input, init) => {
    calls.fetches.push({ url: String(input), init });
    return originalFetch(input, init);
  };
  try {
    await run(calls);
  } finally {
    delete (navigator as { sendBeacon?: unknown }).sendBeacon;
    window.fetch = originalFetch;
  }
}

describe('incident telemetry', () => {
  it('sends the incident with sendBeacon to {endpoint}/events as a JSON blob equal to the incident', async () => {
    await intercepting(() => true, async ({ beacons, fetches }) => {
      expect(sendIncident('/api/shop', anIncident())).to.equal(true);
      expect(beacons).to.have.length(1);
      expect(beacons[0]!.url).to.equal('/api/shop/events');
      const blob = beacons[0]!.data as Blob;
      expect(blob.type).to.equal('application/json');
      expect(JSON.parse(await blob.text())).to.deep.equal(anIncident());
      expect(fetches).to.have.length(0);
    });
  });

  it('sends nothing but the incident fields, whatever else the object carries', async () => {
    await intercepting(() => true, async ({ beacons }) => {
      const carrying = { ...anIncident(), clientSecret: 'pi_1_secret_2', card: '4242424242424242' } as IncidentDetail;
      sendIncident('/api/shop', carrying);
      const sent = JSON.parse(await (beacons[0]!.data as Blob).text());
      expect(Object.keys(sent).sort()).to.deep.equal(['at', 'kind', 'latencyMs', 'orderId', 'provider', 'reason']);
    });
  });

  it('a beacon reaches the merchant server, which stores it', async () => {
    const endpoint = testEndpoint();
    expect(sendIncident(endpoint, anIncident({ orderId: 'beacon-1' }))).to.equal(true);
    const stored = await received(endpoint, 'beacon-1');
    expect(stored).to.include({ provider: 'stripe', kind: 'sdk-load-failed', orderId: 'beacon-1', latencyMs: 212 });
  });

  it('falls back to fetch with keepalive when sendBeacon refuses, and the server gets it', async () => {
    const endpoint = testEndpoint();
    await intercepting(() => false, async ({ beacons, fetches }) => {
      expect(sendIncident(endpoint, anIncident({ orderId: 'refused-1' }))).to.equal(true);
      expect(beacons).to.have.length(1);
      const post = fetches.find((call) => call.url === `${endpoint}/events`);
      expect(post?.init).to.include({ method: 'POST', keepalive: true });
      expect(JSON.parse(String(post!.init!.body))).to.deep.equal(anIncident({ orderId: 'refused-1' }));
    });
    expect(await received(endpoint, 'refused-1')).to.include({ kind: 'sdk-load-failed' });
  });

  it('falls back to fetch when the browser has no sendBeacon', async () => {
    await intercepting(undefined, async ({ fetches }) => {
      sendIncident('/api/no-beacon', anIncident());
      expect(fetches.map((call) => call.url)).to.deep.equal(['/api/no-beacon/events']);
      expect(fetches[0]!.init?.keepalive).to.equal(true);
    });
  });

  it('falls back to fetch when sendBeacon throws', async () => {
    await intercepting(() => { throw new TypeError('Illegal invocation'); }, async ({ fetches }) => {
      sendIncident('/api/throwing', anIncident());
      expect(fetches).to.have.length(1);
    });
  });

  it('never throws, even when sendBeacon and fetch both fail', async () => {
    const originalFetch = window.fetch;
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, writable: true, value: () => { throw new Error('no'); } });
    window.fetch = () => { throw new TypeError('Failed to fetch'); };
    try {
      expect(sendIncident('/api/broken', anIncident())).to.equal(false);
    } finally {
      delete (navigator as { sendBeacon?: unknown }).sendBeacon;
      window.fetch = originalFetch;
    }
  });

  it('cuts a reason longer than the server accepts instead of losing the incident', async () => {
    await intercepting(() => true, async ({ beacons }) => {
      sendIncident('/api/shop', anIncident({ reason: 'x'.repeat(800) }));
      expect(JSON.parse(await (beacons[0]!.data as Blob).text()).reason).to.have.length(500);
    });
  });
});

describe('incident log', () => {
  it('keeps the last 100 incidents, oldest first', () => {
    const log = new IncidentLog();
    for (let i = 1; i <= 105; i++) log.add(anIncident({ orderId: `ord-${i}` }));
    const kept = log.list();
    expect(kept).to.have.length(100);
    expect(kept[0]!.orderId).to.equal('ord-6');
    expect(kept[99]!.orderId).to.equal('ord-105');
  });

  it('hands out copies: changing a listed incident does not change the log', () => {
    const log = new IncidentLog();
    log.add(anIncident());
    log.list()[0]!.reason = 'tampered';
    expect(log.list()[0]!.reason).to.equal('Stripe.js did not load');
  });

  it('serialises to JSON as the list of incidents', () => {
    const log = new IncidentLog();
    log.add(anIncident());
    expect(JSON.parse(JSON.stringify(log))).to.deep.equal([anIncident()]);
  });

  it('exports CSV with a header and RFC 4180 quoting of commas, quotes and line breaks', () => {
    const log = new IncidentLog();
    log.add(anIncident());
    log.add(anIncident({ provider: 'paypal', kind: FailureKind.ApiUnavailable, reason: 'said "busy", then\nhung up', latencyMs: 6000.5, orderId: 'ord-2' }));
    expect(log.toCSV()).to.equal(
      'provider,kind,reason,latencyMs,orderId,at\r\n'
      + 'stripe,sdk-load-failed,Stripe.js did not load,212,ord-1,2025-06-01T10:00:00.000Z\r\n'
      + 'paypal,api-unavailable,"said ""busy"", then\nhung up",6000.5,ord-2,2025-06-01T10:00:00.000Z\r\n',
    );
  });

  it('quotes a field holding only a quote, or only a line break', () => {
    const log = new IncidentLog();
    log.add(anIncident({ reason: 'the "ready" event never came' }));
    log.add(anIncident({ reason: 'first line\rsecond line' }));
    const [, quoted, broken] = log.toCSV().split(/\r\n(?=stripe|$)/);
    expect(quoted).to.equal('stripe,sdk-load-failed,"the ""ready"" event never came",212,ord-1,2025-06-01T10:00:00.000Z');
    expect(broken).to.equal('stripe,sdk-load-failed,"first line\rsecond line",212,ord-1,2025-06-01T10:00:00.000Z');
  });

  it('keeps only the incident fields of what it is given', () => {
    const log = new IncidentLog();
    log.add({ ...anIncident(), clientSecret: 'pi_1_secret_2' } as IncidentDetail);
    expect(log.list()).to.deep.equal([anIncident()]);
    expect(log.toCSV()).not.to.contain('secret');
  });

  it('exports a reason that looks like a spreadsheet formula as text', () => {
    const log = new IncidentLog();
    log.add(anIncident({ reason: '=HYPERLINK("http://evil.example","x")' }));
    expect(log.toCSV().split('\r\n')[1]).to.equal(`stripe,sdk-load-failed,"'=HYPERLINK(""http://evil.example"",""x"")",212,ord-1,2025-06-01T10:00:00.000Z`);
  });

  it('exports only the header when nothing happened', () => {
    expect(new IncidentLog().toCSV()).to.equal('provider,kind,reason,latencyMs,orderId,at\r\n');
  });
});
