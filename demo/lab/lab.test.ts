import { expect } from '@open-wc/testing';
import type { DashboardOrder } from '@relais/server';
import { copy } from './copy.js';
import {
  MARKER_KINDS, MARKER_SYMBOLS, METHODS, barEdges, bucketFor, incidentMarks, nextPage, queuedBecause, successRates, timeDomain, totals,
} from './rates.js';
import { DRILL, summarise, type StepResult } from './drill.js';
import { ALL_UP, checkLabState, needsReload } from '@relais/lab/lab-state';

describe('the outage lab', () => {
  describe('its state', () => {
    it('fills what a PUT leaves out from "all up", and names the first bad field', () => {
      expect(checkLabState({ stripe: 'blocked' })).to.deep.equal({ ok: true, state: { ...ALL_UP, stripe: 'blocked' } });
      expect(checkLabState({ stripe: 'down' })).to.deep.equal({ ok: false, field: 'stripe' });
      expect(checkLabState({ offline: 'yes' })).to.deep.equal({ ok: false, field: 'offline' });
      expect(checkLabState({ maintenance: 'friday' })).to.deep.equal({ ok: false, field: 'maintenance' });
      expect(checkLabState({ bitcoin: 'up' })).to.deep.equal({ ok: false, field: 'bitcoin' });
      expect(checkLabState([])).to.deep.equal({ ok: false, field: 'body' });
    });

    it('reloads the shop only for what a loaded page cannot show: scripts, slowness, maintenance', () => {
      const reload = (change: Partial<typeof ALL_UP>, from = ALL_UP) => needsReload(from, { ...from, ...change });
      expect(reload({ stripe: 'blocked' })).to.equal(true);
      expect(reload({ stripe: 'up' }, { ...ALL_UP, stripe: 'hangs' })).to.equal(true, 'a hung script must be requested again');
      expect(reload({ paypal: 'slow' })).to.equal(true);
      expect(reload({ maintenance: 'stripe-soon' })).to.equal(true);
      expect(reload({ stripe: 'declines' })).to.equal(false);
      expect(reload({ paypal: 'api-errors' })).to.equal(false);
      expect(reload({ merchantDown: true })).to.equal(false);
      expect(reload({ offline: true })).to.equal(false);
    });
  });

  describe('the dashboard', () => {
    const at = (seconds: number) => new Date(Date.UTC(2026, 10, 26, 16, 0, seconds)).toISOString();
    const order = (orderId: string, method: DashboardOrder['method'], seconds: number): DashboardOrder =>
      ({ orderId, method, amount: 4990, currency: 'EUR', status: 'paid', createdAt: at(seconds) });

    it('rates a method by orders it took against distinct orders it failed, per bucket', () => {
      const rates = successRates(
        [order('a', 'stripe', 1), order('b', 'paypal', 2), order('c', 'paypal', 3)],
        [
          { provider: 'stripe', kind: 'sdk-load-failed', orderId: 'b', receivedAt: at(1) },
          { provider: 'stripe', kind: 'sdk-load-failed', orderId: 'b', receivedAt: at(2) },
          { provider: 'stripe', kind: 'sdk-timeout', orderId: 'c', receivedAt: at(3) },
          { provider: 'stripe', kind: 'declined', orderId: 'a', receivedAt: at(1) },
        ],
        10_000,
      );
      expect(rates.map(({ method, taken, failed, rate }) => ({ method, taken, failed, rate }))).to.deep.equal([
        { method: 'stripe', taken: 1, failed: 2, rate: 33 },
        { method: 'paypal', taken: 2, failed: 0, rate: 100 },
      ]);
    });

    it('counts declines beside the rate, never as failures: four declines leave 100 %', () => {
      const declines = ['a', 'b', 'c', 'd'].map((id, i) => ({ provider: 'stripe', kind: 'declined', orderId: id, receivedAt: at(i) }));
      const rates = successRates([order('e', 'stripe', 5)], declines, 10_000);
      expect(rates.map(({ rate, taken, failed, declined }) => ({ rate, taken, failed, declined }))).to.deep.equal([
        { rate: 100, taken: 1, failed: 0, declined: 4 },
      ]);
      expect(totals([order('e', 'stripe', 5)], declines)[0]).to.deep.equal({ method: 'stripe', taken: 1, failed: 0, declined: 4 });
    });

    it('groups failures per bucket, row and kind with a count; the merchant API has its own row; declines are no markers', () => {
      const marks = incidentMarks([
        { provider: 'stripe', kind: 'sdk-load-failed', orderId: 'a', receivedAt: at(1) },
        { provider: 'stripe', kind: 'sdk-load-failed', orderId: 'b', receivedAt: at(4) },
        { provider: 'stripe', kind: 'sdk-load-failed', orderId: 'c', receivedAt: at(9) },
        { provider: 'stripe', kind: 'sdk-load-failed', orderId: 'd', receivedAt: at(12) },
        { provider: 'stripe', kind: 'merchant-unavailable', orderId: 'e', receivedAt: at(2) },
        { provider: 'stripe', kind: 'declined', orderId: 'f', receivedAt: at(3) },
      ], 10_000);
      expect(marks.map(({ row, kind, count }) => ({ row, kind, count }))).to.deep.equal([
        { row: 'stripe', kind: 'sdk-load-failed', count: 3 },
        { row: 'merchant-server', kind: 'merchant-unavailable', count: 1 },
        { row: 'stripe', kind: 'sdk-load-failed', count: 1 },
      ]);
    });

    it('draws a single bucket as a bar with a width, on an axis of whole buckets', () => {
      const time = new Date(Date.parse(at(0)));
      expect(timeDomain([time.getTime()], 10_000).map((d) => d.getTime())).to.deep.equal([time.getTime(), time.getTime() + 10_000]);
      const edges = METHODS.map((method) => barEdges({ time, method }, 12_000).map((d) => d.getTime() - time.getTime()));
      expect(edges).to.deep.equal([[0, 3000], [3000, 6000], [6000, 9000], [9000, 12000]]);
    });

    it('gives each kind of incident its own marker, fixed apart from the language, and names it in both', () => {
      expect(new Set(MARKER_SYMBOLS.slice(0, MARKER_KINDS.length)).size).to.equal(MARKER_KINDS.length);
      for (const kind of MARKER_KINDS) {
        expect(copy.fr.dashboard.kinds).to.have.property(kind);
        expect(copy.en.dashboard.kinds).to.have.property(kind);
      }
    });

    it('tells an order queued while the shopper was offline from one queued while the server was down', () => {
      const report = {
        shopperOffline: ['offline'],
        outages: [{ provider: 'merchant-server', ordersQueued: ['down'] }] as never,
      };
      const queued = (id: string) => ({ ...order(id, 'stripe', 9), queuedAt: at(1) });
      expect(queuedBecause(queued('offline'), report)).to.equal('shopper-offline');
      expect(queuedBecause(queued('down'), report)).to.equal('merchant-server');
      expect(queuedBecause(order('direct', 'stripe', 1), report)).to.equal(undefined);
    });

    it('reads the next page of the newest orders from the Link header', () => {
      expect(nextPage('<?order=desc&limit=200&before=12_2026-01-01T00:00:00.000Z>; rel="next"')).to.equal('order=desc&limit=200&before=12_2026-01-01T00:00:00.000Z');
      expect(nextPage(null)).to.equal(undefined);
    });

    it('cuts the time span into about a dozen buckets of whole 10 seconds', () => {
      expect(bucketFor([])).to.equal(10_000);
      expect(bucketFor([0, 30_000])).to.equal(10_000);
      expect(bucketFor([0, 3600_000])).to.equal(300_000);
    });
  });

  describe('the drill report', () => {
    const result = (index: number, change: Partial<StepResult>): StepResult => ({
      step: DRILL[index]!, orderId: `o${index}`, taken: true, outcome: 'paid', recorded: DRILL[index]!.expect, charges: 1, declines: 0, ...change,
    });

    it('passes when every order reached the server by the expected method, charged once at most', () => {
      const report = summarise([result(0, {}), result(1, {}), result(2, {}), result(4, { outcome: 'pending', charges: 0 })]);
      expect(report).to.include({ passed: true, ordersTaken: 4, lost: 0, chargedTwice: 0 });
      expect(report.byMethod).to.deep.equal({ stripe: 1, adyen: 1, paypal: 1, 'bank-transfer': 1 });
    });

    it('counts an order the page took but the server never recorded as lost, even in a step that stalled', () => {
      const report = summarise([result(7, { outcome: 'failed', recorded: undefined, charges: 0, error: 'timed out' })]);
      expect(report).to.include({ passed: false, lost: 1 });
    });

    it('does not count a step that stalled before the shopper committed as a lost order', () => {
      const report = summarise([result(0, { outcome: 'failed', taken: false, recorded: undefined, charges: 0 })]);
      expect(report).to.include({ passed: false, lost: 0 });
    });

    it('flags an order charged twice', () => {
      const report = summarise([result(4, { charges: 2 })]);
      expect(report).to.include({ passed: false, chargedTwice: 1 });
    });
  });
});
