import { expect } from '@open-wc/testing';
import type { CheckoutConfig } from '../config.js';
import { FailureKind, RelaisError } from '../errors.js';
import type { IncidentDetail } from '../events.js';
import { IncidentReporter } from './incident-reporter.js';
import { IncidentLog } from './telemetry.js';

const beaconing = { endpoint: '/api/reporter', incidentBeacon: true } as CheckoutConfig;
const silent = { endpoint: '/api/reporter', incidentBeacon: false } as CheckoutConfig;
const failure = (message: string) => new RelaisError(FailureKind.SdkLoadFailed, message, { provider: 'stripe' });

/** A reporter on a fresh host, what it emits, and the beacons it sends (`navigator.sendBeacon` replaced meanwhile). */
type Seen = { host: HTMLElement; emitted: IncidentDetail[]; beacons: IncidentDetail[] };

async function reporting(run: (reporter: IncidentReporter, seen: Seen) => Promise<void>): Promise<Seen> {
  const host = document.createElement('div');
  const seen = { host, emitted: [] as IncidentDetail[], beacons: [] as IncidentDetail[] };
  host.addEventListener('relais-incident', (event) => seen.emitted.push((event as CustomEvent<IncidentDetail>).detail));
  const pending: Array<Promise<void>> = [];
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    writable: true,
    value: (_url: string, data: Blob) => {
      pending.push(data.text().then((text) => void seen.beacons.push(JSON.parse(text))));
      return true;
    },
  });
  try {
    await run(new IncidentReporter(host), seen);
    await Promise.all(pending);
    return seen;
  } finally {
    delete (navigator as { sendBeacon?: unknown }).sendBeacon;
  }
}

describe('incident reporter', () => {
  it('exports exactly what an empty incident log exports before the log has loaded', () => {
    const reporter = new IncidentReporter(document.createElement('div'));
    expect(reporter.export('csv')).to.equal(new IncidentLog().toCSV());
    expect(reporter.export('json')).to.equal(JSON.stringify(new IncidentLog()));
  });

  it('emits an incident at once even before the log has loaded, then logs and beacons the early ones in their order', async () => {
    const { beacons } = await reporting(async (reporter, seen) => {
      reporter.report(beaconing, 'early-1', 'stripe', failure('first'), 10.4);
      reporter.report(silent, 'early-2', 'paypal', failure('second'), 20);
      expect(seen.emitted.map((detail) => detail.orderId)).to.deep.equal(['early-1', 'early-2']);
      await reporter.load();
      expect(JSON.parse(reporter.export('json')).map((detail: IncidentDetail) => [detail.orderId, detail.reason, detail.latencyMs])).to.deep.equal([
        ['early-1', 'first', 10],
        ['early-2', 'second', 20],
      ]);
      expect(reporter.export('csv').split('\r\n')).to.have.length(4);
    });
    // Only the first one's page asked for beacons.
    expect(beacons.map((detail) => [detail.orderId, detail.kind])).to.deep.equal([['early-1', 'sdk-load-failed']]);
  });

  it('once loaded, logs and beacons an incident before its relais-incident listeners run', async () => {
    const { beacons } = await reporting(async (reporter, seen) => {
      await reporter.load();
      // The listener is the merchant's: it may export the log as the incident arrives.
      const inListener: Array<{ exported: string; beacons: number }> = [];
      let sent = 0;
      const send = navigator.sendBeacon.bind(navigator);
      navigator.sendBeacon = (url, data) => ((sent += 1), send(url, data));
      seen.host.addEventListener('relais-incident', () => inListener.push({ exported: reporter.export('csv'), beacons: sent }));
      reporter.report(beaconing, 'warm-1', 'adyen', failure('adyen did not load'), 5);
      expect(inListener).to.have.length(1);
      expect(inListener[0]!.exported).to.contain('adyen,sdk-load-failed,adyen did not load,5,warm-1,');
      expect(inListener[0]!.beacons).to.equal(1);
    });
    expect(beacons.map((detail) => [detail.orderId, detail.provider, detail.reason])).to.deep.equal([['warm-1', 'adyen', 'adyen did not load']]);
  });
});
