import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { csvField } from './csv.js';
import type { DashboardOrder, OutageReport, StoredIncident } from './index.js';
import { outageReport, outageReportCsv } from './outage-report.js';

const T0 = Date.parse('2025-06-01T10:00:00.000Z');
const minute = 60_000;
const at = (minutes: number) => new Date(T0 + minutes * minute).toISOString();

let ids = 0;
function incident(minutes: number, provider: string, kind: string, orderId: string): StoredIncident {
  return { id: ++ids, provider, kind, reason: 'r', latencyMs: 1, orderId, at: at(minutes), receivedAt: at(minutes), orderKnown: true };
}

function order(orderId: string, method: DashboardOrder['method'], minutes: number, extra: Partial<DashboardOrder> = {}): DashboardOrder {
  return { orderId, amount: 4990, currency: 'EUR', method, status: 'paid', createdAt: at(minutes), ...extra };
}

const report = (incidents: StoredIncident[], orders: DashboardOrder[] = [], nowMinutes = 120, gapMs?: number) =>
  outageReport(incidents, orders, gapMs === undefined ? { now: T0 + nowMinutes * minute } : { now: T0 + nowMinutes * minute, gapMs });

const spans = (result: OutageReport) => result.outages.map(({ provider, start, end }) => `${provider} ${start}..${end}`);

describe('outage report', () => {
  test('technical incidents of one provider less than 5 minutes apart are one outage; a longer silence starts another', () => {
    const result = report([
      incident(0, 'stripe', 'sdk-load-failed', 'a'),
      incident(4, 'stripe', 'sdk-load-failed', 'b'),
      incident(9, 'stripe', 'sdk-load-failed', 'c'), // 5 minutes after the last: still the same outage
      incident(14.5, 'stripe', 'sdk-load-failed', 'd'), // 5.5 minutes: a new one
    ]);
    assert.deepEqual(spans(result), [`stripe ${at(0)}..${at(9)}`, `stripe ${at(14.5)}..${at(14.5)}`]);
    assert.deepEqual(result.outages.map((outage) => outage.incidents), [3, 1]);
  });

  test('gapMs sets how long a silence ends an outage', () => {
    const incidents = [incident(0, 'paypal', 'api-unavailable', 'a'), incident(3, 'paypal', 'api-unavailable', 'b')];
    assert.equal(report(incidents).outages.length, 1);
    assert.equal(report(incidents, [], 120, 2 * minute).outages.length, 2);
  });

  test('declines, unknown outcomes, rejected orders and config errors neither make nor extend an outage', () => {
    const result = report([
      incident(0, 'stripe', 'declined', 'a'),
      incident(1, 'stripe', 'api-unavailable', 'b'),
      incident(2, 'stripe', 'outcome-unknown', 'c'),
      incident(3, 'stripe', 'order-rejected', 'd'),
      incident(4, 'stripe', 'config', 'e'),
    ]);
    assert.deepEqual(spans(result), [`stripe ${at(1)}..${at(1)}`]);
    assert.deepEqual(result.outages[0]!.ordersAffected, ['b']);
  });

  test('providers never share an outage, and outages come by start whatever the provider', () => {
    const result = report([
      incident(0, 'stripe', 'csp', 'a'),
      incident(1, 'paypal', 'sdk-timeout', 'b'),
      incident(2, 'stripe', 'csp', 'c'),
    ]);
    assert.deepEqual(spans(result), [`stripe ${at(0)}..${at(2)}`, `paypal ${at(1)}..${at(1)}`]);
  });

  test('the cause is the most frequent kind (the first seen on a tie); causes counts every kind', () => {
    const [outage] = report([
      incident(0, 'stripe', 'sdk-load-failed', 'a'),
      incident(1, 'stripe', 'api-unavailable', 'b'),
      incident(2, 'stripe', 'api-unavailable', 'c'),
      incident(3, 'stripe', 'sdk-load-failed', 'd'),
      incident(4, 'stripe', 'api-unavailable', 'd'),
    ]).outages;
    assert.equal(outage!.cause, 'api-unavailable');
    assert.deepEqual(outage!.causes, { 'sdk-load-failed': 2, 'api-unavailable': 3 });
    const [tie] = report([incident(0, 'paypal', 'csp', 'a'), incident(1, 'paypal', 'sdk-timeout', 'b')]).outages;
    assert.equal(tie!.cause, 'csp');
  });

  test('orders that went through another method are what failover kept, summed per currency', () => {
    const [outage] = report(
      [
        incident(0, 'stripe', 'sdk-load-failed', 'by-paypal'),
        incident(1, 'stripe', 'sdk-load-failed', 'by-transfer'),
        incident(2, 'stripe', 'sdk-load-failed', 'by-stripe-later'),
        incident(3, 'stripe', 'sdk-load-failed', 'in-yen'),
        incident(4, 'stripe', 'sdk-load-failed', 'abandoned'),
        incident(4.5, 'stripe', 'api-unavailable', 'by-paypal'),
      ],
      [
        order('by-paypal', 'paypal', 1),
        order('by-transfer', 'bank-transfer', 2, { amount: 1250, status: 'pending-payment' }),
        order('by-stripe-later', 'stripe', 3),
        order('in-yen', 'paypal', 4, { amount: 1500, currency: 'JPY' }),
      ],
    ).outages;
    assert.deepEqual(outage!.ordersAffected, ['by-paypal', 'by-transfer', 'by-stripe-later', 'in-yen', 'abandoned']);
    assert.deepEqual(outage!.ordersThroughOtherMethod, ['by-paypal', 'by-transfer', 'in-yen']);
    assert.deepEqual(outage!.amountKept, [{ currency: 'EUR', amount: 6240 }, { currency: 'JPY', amount: 1500 }]);
  });

  test('an affected order that reached the merchant through the queue is counted as queued', () => {
    const [outage] = report(
      [incident(0, 'paypal', 'api-unavailable', 'q'), incident(1, 'paypal', 'api-unavailable', 'direct')],
      [order('q', 'stripe', 3, { queuedAt: at(2) }), order('direct', 'stripe', 1)],
    ).outages.filter((o) => o.provider === 'paypal');
    assert.deepEqual(outage!.ordersQueued, ['q']);
  });

  test('orders queued while the merchant API was unreachable make merchant-server outages; overlapping waits merge, an order recorded between them splits them', () => {
    const result = report([], [
      order('q1', 'stripe', 32, { queuedAt: at(30) }),
      order('q2', 'bank-transfer', 33, { queuedAt: at(31), amount: 1000 }), // overlaps q1
      order('q3', 'paypal', 40, { queuedAt: at(36) }), // 3 minutes after q2 arrived, but `direct` came between
      order('direct', 'stripe', 35),
      order('q4', 'stripe', 51, { queuedAt: at(50) }), // 10 minutes later: another outage
    ]);
    assert.deepEqual(result.outages.map(({ start, end, ongoing, recoveredAt, ...rest }) => rest), [
      {
        provider: 'merchant-server', cause: 'unreachable', causes: { unreachable: 2 }, incidents: 0,
        ordersAffected: ['q1', 'q2'], ordersThroughOtherMethod: [], ordersQueued: ['q1', 'q2'],
        amountKept: [{ currency: 'EUR', amount: 5990 }],
      },
      {
        provider: 'merchant-server', cause: 'unreachable', causes: { unreachable: 1 }, incidents: 0,
        ordersAffected: ['q3'], ordersThroughOtherMethod: [], ordersQueued: ['q3'],
        amountKept: [{ currency: 'EUR', amount: 4990 }],
      },
      {
        provider: 'merchant-server', cause: 'unreachable', causes: { unreachable: 1 }, incidents: 0,
        ordersAffected: ['q4'], ordersThroughOtherMethod: [], ordersQueued: ['q4'],
        amountKept: [{ currency: 'EUR', amount: 4990 }],
      },
    ]);
    // q2 waited from 31, but the API recorded q1 at 32: it answered again by then.
    assert.deepEqual(spans(result), [
      `merchant-server ${at(30)}..${at(32)}`, `merchant-server ${at(36)}..${at(40)}`, `merchant-server ${at(50)}..${at(51)}`,
    ]);
  });

  test('an outage is ongoing while its last evidence is less than the gap old', () => {
    const incidents = [incident(0, 'stripe', 'csp', 'a')];
    assert.equal(report(incidents, [], 4.9).outages[0]!.ongoing, true);
    assert.equal(report(incidents, [], 5).outages[0]!.ongoing, false);
  });

  test('a merchant-server outage seen through the queue is over: its delivery shows the API answers again', () => {
    const [outage] = report([], [order('q', 'stripe', 2, { queuedAt: at(1) })], 2.5).outages;
    assert.deepEqual([outage!.provider, outage!.end, outage!.ongoing, outage!.recoveredAt], ['merchant-server', at(2), false, at(2)]);
  });

  test('an outage ends at the next success: a payment through the method after its failures ends it, what fails next is another outage', () => {
    const failures = [incident(0, 'stripe', 'api-unavailable', 'a'), incident(1, 'stripe', 'api-unavailable', 'b')];
    const paid = order('c', 'stripe', 1.5, { updatedAt: at(2) }); // recorded at 1.5, verified paid at 2
    const [ended] = report(failures, [paid], 3).outages;
    assert.deepEqual([ended!.end, ended!.ongoing, ended!.recoveredAt], [at(1), false, at(2)]);

    const again = report([...failures, incident(3, 'stripe', 'sdk-timeout', 'd')], [paid], 3.5);
    assert.deepEqual(spans(again), [`stripe ${at(0)}..${at(1)}`, `stripe ${at(3)}..${at(3)}`]);
    assert.deepEqual(again.outages.map((outage) => [outage.ongoing, outage.recoveredAt]), [[false, at(2)], [true, undefined]]);
  });

  test('an order through another method, or a recorded order not yet paid, does not end a provider outage', () => {
    const failures = [incident(0, 'stripe', 'sdk-load-failed', 'a')];
    const [outage] = report(failures, [order('a', 'paypal', 1), order('b', 'stripe', 2, { status: 'pending' })], 3).outages;
    assert.deepEqual([outage!.ongoing, outage!.recoveredAt], [true, undefined]);
  });

  test('a bank-transfer order that took its instructions is a success of bank transfer', () => {
    const [outage] = report(
      [incident(0, 'bank-transfer', 'integration-error', 'a')],
      [order('b', 'bank-transfer', 1, { status: 'pending-payment' })],
      2,
    ).outages;
    assert.deepEqual([outage!.ongoing, outage!.recoveredAt], [false, at(1)]);
  });

  test('a shopper-offline order is not a merchant-server outage: the API recorded other orders while it waited', () => {
    const result = report([], [
      order('offline', 'stripe', 20, { queuedAt: at(0) }),
      order('direct-1', 'stripe', 5),
      order('direct-2', 'paypal', 10),
    ], 30);
    assert.deepEqual(result.outages, []);
    assert.deepEqual(result.shopperOffline, ['offline']);
  });

  test('orders recorded in the last minutes of a queued wait are the queue catching up, not the shopper offline', () => {
    // The API came back at 8; the queue, in its backoff, delivered q at 11.
    const result = report([], [order('q', 'stripe', 11, { queuedAt: at(0) }), order('new', 'stripe', 8)], 30);
    assert.deepEqual(spans(result), [`merchant-server ${at(0)}..${at(8)}`]);
    assert.deepEqual([result.outages[0]!.recoveredAt, result.shopperOffline], [at(8), []]);
  });

  test('merchant-unavailable incidents are the merchant server\'s outage, never a provider\'s, ongoing until it records an order', () => {
    const failures = [incident(0, 'stripe', 'merchant-unavailable', 'a'), incident(1, 'paypal', 'merchant-unavailable', 'a')];
    const down = report(failures, [], 2).outages;
    assert.deepEqual(down.map(({ provider, ongoing, incidents, causes }) => ({ provider, ongoing, incidents, causes })), [
      { provider: 'merchant-server', ongoing: true, incidents: 2, causes: { 'merchant-unavailable': 2 } },
    ]);
    const back = report(failures, [order('a', 'bank-transfer', 3, { queuedAt: at(0), status: 'pending-payment' })], 4).outages;
    assert.deepEqual(back.map(({ provider, ongoing, recoveredAt, ordersQueued }) => ({ provider, ongoing, recoveredAt, ordersQueued })), [
      { provider: 'merchant-server', ongoing: false, recoveredAt: at(3), ordersQueued: ['a'] },
    ]);
  });

  test('a queued order its page reported merchant-unavailable for counts even when other orders got through meanwhile', () => {
    const result = report(
      [incident(0, 'stripe', 'merchant-unavailable', 'q')],
      [order('q', 'stripe', 20, { queuedAt: at(0) }), order('elsewhere', 'stripe', 5)],
      30,
    );
    assert.deepEqual(result.outages.map((outage) => outage.ordersQueued), [['q']]);
    assert.deepEqual(result.shopperOffline, []);
  });

  test('an order that waited days in the queue (the shopper offline) makes no outage and does not merge the short ones it spans', () => {
    const result = report([], [
      order('offline', 'stripe', 61, { queuedAt: at(-3 * 24 * 60) }), // queued 3 days before delivery
      order('q1', 'stripe', 2, { queuedAt: at(0) }),
      order('q2', 'paypal', 62, { queuedAt: at(60) }), // 1 hour later
    ]);
    // The offline order itself, recorded at 61, shows the API answered then.
    assert.deepEqual(spans(result), [`merchant-server ${at(0)}..${at(2)}`, `merchant-server ${at(60)}..${at(61)}`]);
    assert.deepEqual(result.outages.map((outage) => outage.ordersQueued), [['q1'], ['q2']]);
    assert.deepEqual(result.shopperOffline, ['offline']);
  });

  test('a wait of at most maxQueueWaitMs (default 1 hour) counts as the merchant API unreachable', () => {
    const orders = [order('hour', 'stripe', 60, { queuedAt: at(0) }), order('longer', 'stripe', 200.5, { queuedAt: at(140) })];
    assert.deepEqual(spans(report([], orders, 240)), [`merchant-server ${at(0)}..${at(60)}`]);
    const wider = outageReport([], orders, { now: T0 + 240 * minute, maxQueueWaitMs: 2 * 60 * minute });
    assert.deepEqual(spans(wider), [`merchant-server ${at(0)}..${at(60)}`, `merchant-server ${at(140)}..${at(200.5)}`]);
  });

  test('nothing technical and nothing queued: no outages', () => {
    const result = report([incident(0, 'stripe', 'declined', 'a')], [order('a', 'stripe', 1)]);
    assert.deepEqual(result, { generatedAt: at(120), since: null, outages: [], shopperOffline: [] });
  });
});

describe('outage report as JSON and CSV', () => {
  // The outage lab's story: Stripe.js blocked for 3 shoppers (two pay by PayPal, one with yen),
  // then the shop's API down for a moment (two orders queued on the device and delivered later).
  const incidents = [
    incident(0, 'stripe', 'sdk-load-failed', 'ord-1'),
    incident(1, 'stripe', 'sdk-load-failed', 'ord-2'),
    incident(2, 'stripe', 'sdk-timeout', 'ord-3'),
    incident(3, 'stripe', 'declined', 'ord-4'),
  ];
  const orders = [
    order('ord-1', 'paypal', 1),
    order('ord-2', 'paypal', 2),
    order('ord-3', 'paypal', 3, { amount: 1500, currency: 'JPY' }),
    order('ord-5', 'bank-transfer', 14, { queuedAt: at(10), status: 'pending-payment' }),
    order('ord-6', 'stripe', 14, { queuedAt: at(12), amount: 1990, paymentReference: 'pi_3Abc' }),
  ];
  const sample = outageReport(incidents, orders, { now: T0 + 15 * minute, since: at(-60) });

  test('JSON: each outage with its order ids and the money kept per currency', () => {
    assert.deepEqual(sample, {
      generatedAt: '2025-06-01T10:15:00.000Z',
      since: '2025-06-01T09:00:00.000Z',
      outages: [
        {
          provider: 'stripe', cause: 'sdk-load-failed', causes: { 'sdk-load-failed': 2, 'sdk-timeout': 1 },
          // ord-6, paid by card at 10:14, shows Stripe working again.
          start: '2025-06-01T10:00:00.000Z', end: '2025-06-01T10:02:00.000Z', ongoing: false,
          recoveredAt: '2025-06-01T10:14:00.000Z', incidents: 3,
          ordersAffected: ['ord-1', 'ord-2', 'ord-3'], ordersThroughOtherMethod: ['ord-1', 'ord-2', 'ord-3'], ordersQueued: [],
          amountKept: [{ currency: 'EUR', amount: 9980 }, { currency: 'JPY', amount: 1500 }],
        },
        {
          provider: 'merchant-server', cause: 'unreachable', causes: { unreachable: 2 },
          start: '2025-06-01T10:10:00.000Z', end: '2025-06-01T10:14:00.000Z', ongoing: false,
          recoveredAt: '2025-06-01T10:14:00.000Z', incidents: 0,
          ordersAffected: ['ord-5', 'ord-6'], ordersThroughOtherMethod: [], ordersQueued: ['ord-5', 'ord-6'],
          amountKept: [{ currency: 'EUR', amount: 6980 }],
        },
      ],
      shopperOffline: [],
    });
  });

  test('CSV: a header row, counts for the orders, amounts in the currency\'s decimals, CRLF line ends', () => {
    assert.equal(
      outageReportCsv(sample),
      'provider,cause,start,end,ongoing,incidents,orders_affected,orders_other_method,orders_queued,amount_kept,recovered_at\r\n'
      + 'stripe,sdk-load-failed,2025-06-01T10:00:00.000Z,2025-06-01T10:02:00.000Z,false,3,3,3,0,99.80 EUR; 1500 JPY,2025-06-01T10:14:00.000Z\r\n'
      + 'merchant-server,unreachable,2025-06-01T10:10:00.000Z,2025-06-01T10:14:00.000Z,false,0,2,0,2,69.80 EUR,2025-06-01T10:14:00.000Z\r\n',
    );
  });

  test('CSV of a report without outages is the header row alone', () => {
    assert.equal(
      outageReportCsv({ generatedAt: at(0), since: null, outages: [], shopperOffline: [] }),
      'provider,cause,start,end,ongoing,incidents,orders_affected,orders_other_method,orders_queued,amount_kept,recovered_at\r\n',
    );
  });

  const fields: Array<[string, string, string]> = [
    ['a plain value', 'stripe', 'stripe'],
    ['a comma', '1,5', '"1,5"'],
    ['a quote', 'say "hi"', '"say ""hi"""'],
    ['a line break', 'a\nb', '"a\nb"'],
    ['a formula', '=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ['a leading plus', '+33', '\'+33'],
    ['a leading minus', '-1', '\'-1'],
    ['a leading @', '@SUM(A1)', '\'@SUM(A1)'],
    ['a leading tab', '\t=1', '\'\t=1'],
  ];
  for (const [what, value, written] of fields) {
    test(`a CSV field with ${what} is written ${JSON.stringify(written)}`, () => {
      assert.equal(csvField(value), written);
    });
  }
});
