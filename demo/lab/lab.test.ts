import { expect } from '@open-wc/testing';
import type { DashboardOrder } from '@relais/server';
import { bucketFor, successRates } from './rates.js';
import { DRILL, summarise, type StepResult } from './drill.js';
import { ALL_UP, checkLabState, needsReload } from '@relais/server/lab-state';

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
      const report = summarise([result(0, {}), result(1, {}), result(3, { outcome: 'pending', charges: 0 })]);
      expect(report).to.include({ passed: true, ordersTaken: 3, lost: 0, chargedTwice: 0 });
      expect(report.byMethod).to.deep.equal({ stripe: 1, paypal: 1, 'bank-transfer': 1 });
    });

    it('counts an order the page took but the server never recorded as lost, even in a step that stalled', () => {
      const report = summarise([result(6, { outcome: 'failed', recorded: undefined, charges: 0, error: 'timed out' })]);
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
