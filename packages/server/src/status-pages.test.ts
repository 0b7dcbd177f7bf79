import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, type Handler, type HealthDocument } from './index.js';
import { get } from './fixtures.js';
import { eventually, fakeStatusPage, summary, type FakeStatusPage, type PageAnswer } from './status-page-fixtures.js';
import { sandbox } from './test-lab.js';

const minute = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const stops: AbortController[] = [];
const pages: FakeStatusPage[] = [];
after(async () => {
  for (const stop of stops) stop.abort();
  await Promise.all(pages.map((page) => page.close()));
});

const payments = (status = 'operational') => [
  { name: 'Payments API', status },
  { name: 'Developer Sandbox', status: 'operational' },
];

async function servedBy(answer: PageAnswer, components = ['Payments API'], intervalMs = 60_000) {
  const page = await fakeStatusPage(answer);
  pages.push(page);
  const stop = new AbortController();
  stops.push(stop);
  const errors: Error[] = [];
  const handler = createRelaisHandler({
    store: openOrderStore(), sandbox, signal: stop.signal, onError: (error) => errors.push(error),
    statusPages: { paypal: [{ url: page.url, components }] },
    statusPageOptions: { intervalMs, timeoutMs: 1500, maxBytes: 64 * 1024 },
  });
  return { page, handler, errors, stop };
}

async function health(handler: Handler): Promise<HealthDocument> {
  return (await get(handler, '/health')).json() as Promise<HealthDocument>;
}

/** /health once the status page was read `reads` times in all. */
function afterRead(handler: Handler, page: FakeStatusPage, reads = 1, status?: string) {
  return eventually(async () => {
    const document = await health(handler);
    const feed = document.statusPages?.[0];
    return page.reads >= reads && feed?.status !== 'pending' && (!status || feed?.status === status) ? document : undefined;
  });
}

describe('status pages in the health feed', () => {
  test('a maintenance in progress on PayPal\'s component: /health says maintenance until its end, from the status page', async () => {
    const now = Date.now();
    const window = { name: 'Payments API upgrade', status: 'in_progress', scheduled_for: iso(now - 10 * minute), scheduled_until: iso(now + 50 * minute), components: ['Payments API'] };
    const other = { name: 'Sandbox move', status: 'in_progress', scheduled_for: iso(now - minute), scheduled_until: iso(now + minute), components: ['Developer Sandbox'] };
    const soon = { name: 'Database', status: 'scheduled', scheduled_for: iso(now + 3 * 60 * minute), scheduled_until: iso(now + 4 * 60 * minute), components: ['Payments API'] };
    const { handler, page, errors } = await servedBy({ json: summary(payments('under_maintenance'), [window, other, soon]) });
    const document = await afterRead(handler, page);
    assert.deepEqual(document.providers.paypal, {
      status: 'up',
      maintenance: [
        { from: window.scheduled_for, until: window.scheduled_until, source: 'status-page', name: 'Payments API upgrade' },
        { from: soon.scheduled_for, until: soon.scheduled_until, source: 'status-page', name: 'Database' },
      ],
    });
    assert.deepEqual(document.upcoming, [{ provider: 'paypal', from: soon.scheduled_for, until: soon.scheduled_until, source: 'status-page', name: 'Database' }]);
    assert.deepEqual(document.providers.stripe, { status: 'up' });
    assert.equal(document.statusPages![0]!.status, 'ok');
    assert.equal(document.statusPages![0]!.page, page.url);
    assert.deepEqual(errors, []);
  });

  test('major_outage of a watched component answers the provider down; partial_outage degraded', async () => {
    const down = await servedBy({ json: summary(payments('major_outage')) });
    assert.deepEqual((await afterRead(down.handler, down.page)).providers.paypal, {
      status: 'down', source: 'status-page', reasons: ['Payments API: major_outage'],
    });
    const partial = await servedBy({ json: summary(payments('partial_outage')) });
    assert.equal((await afterRead(partial.handler, partial.page)).providers.paypal.status, 'degraded');
  });

  test('an outage of a component the merchant did not name changes nothing', async () => {
    const { handler, page } = await servedBy({ json: summary([{ name: 'Payments API', status: 'operational' }, { name: 'Developer Sandbox', status: 'major_outage' }]) });
    assert.deepEqual((await afterRead(handler, page)).providers.paypal, { status: 'up' });
  });

  test('the merchant\'s kill switch wins over the page, and says so', async () => {
    const page = await fakeStatusPage({ json: summary(payments('partial_outage')) });
    pages.push(page);
    const stop = new AbortController();
    stops.push(stop);
    const handler = createRelaisHandler({
      store: openOrderStore(), sandbox, signal: stop.signal, health: { down: ['paypal'] },
      statusPages: { paypal: [{ url: page.url }] },
    });
    assert.deepEqual((await afterRead(handler, page)).providers.paypal, { status: 'down', source: 'configuration' });
  });

  const failures: Array<[string, PageAnswer, RegExp]> = [
    ['answers HTML', { html: true }, /not JSON/],
    ['answers 500', { status: 500 }, /answered 500/],
    ['answers a huge body', { huge: 200 * 1024 }, /more than the 65536 bytes allowed/],
    ['never answers', { hang: true }, /no answer within 1500 ms/],
    ['answers JSON that is not a summary', { json: { hello: 'world' } }, /not a Statuspage summary/],
  ];
  for (const [what, answer, reason] of failures) {
    test(`a page that ${what} changes nothing: the last good answer stays, the feed reports its own error in /health and one log line`, async () => {
      const now = Date.now();
      const window = { name: 'Upgrade', status: 'in_progress', scheduled_for: iso(now - minute), scheduled_until: iso(now + 30 * minute), components: ['Payments API'] };
      const { handler, page, errors } = await servedBy({ json: summary(payments('partial_outage'), [window]) }, ['Payments API'], 50);
      const good = await afterRead(handler, page, 1, 'ok');
      page.answer = answer;
      const bad = await afterRead(handler, page, page.reads + 2, 'error');
      assert.deepEqual(bad.providers.paypal, good.providers.paypal, 'the provider as the last good answer said');
      assert.match(bad.statusPages![0]!.error!, reason);
      // A good read may land between `good` and the switch: the last good one is older than the failure.
      assert.ok(Date.parse(bad.statusPages![0]!.lastGoodAt!) < Date.parse(bad.statusPages![0]!.checkedAt!));
      assert.equal(errors.length, 1, `one line, however many failed reads: ${errors.map((e) => e.message).join(' | ')}`);
      assert.match(errors[0]!.message, new RegExp(`status page ${page.url} \\(paypal\\) .*last good reading is kept`));
    });
  }

  test('an unreachable page never marks the provider down', async () => {
    const page = await fakeStatusPage({ json: {} });
    const url = page.url;
    await page.close(); // nothing listens on its port any more
    const stop = new AbortController();
    stops.push(stop);
    const errors: Error[] = [];
    const handler = createRelaisHandler({
      store: openOrderStore(), sandbox, signal: stop.signal, onError: (error) => errors.push(error),
      statusPages: { paypal: [{ url }] }, statusPageOptions: { timeoutMs: 1500 },
    });
    const document = await eventually(async () => {
      const answer = await health(handler);
      return answer.statusPages?.[0]?.status === 'error' ? answer : undefined;
    });
    assert.deepEqual(document.providers.paypal, { status: 'up' });
    assert.equal(document.statusPages![0]!.error, 'unreachable');
    assert.equal(document.statusPages![0]!.lastGoodAt, undefined);
    assert.equal(errors.length, 1);
  });

  test('dates without zones, unknown statuses and unknown components are dropped and named; the rest of the page is used', async () => {
    const now = Date.now();
    const zoneless = { name: 'Local time', status: 'in_progress', scheduled_for: '2030-01-01T02:00:00', scheduled_until: '2030-01-01T04:00:00', components: ['Payments API'] };
    const odd = { name: 'Odd', status: 'postponed', scheduled_for: iso(now - minute), scheduled_until: iso(now + minute), components: ['Payments API'] };
    const components = [{ name: 'Payments API', status: 'major_outage' }, { name: 'Checkout', status: 'on_fire' }];
    const { handler, page, errors } = await servedBy({ json: summary(components, [zoneless, odd]) }, ['Payments API', 'Checkout', 'Payouts']);
    const document = await afterRead(handler, page);
    assert.deepEqual(document.providers.paypal, { status: 'down', source: 'status-page', reasons: ['Payments API: major_outage'] });
    assert.deepEqual(document.statusPages![0]!.problems, [
      'component "Checkout" has an unknown status "on_fire"',
      'component "Payouts" is not on the page',
      'maintenance "Local time" has no usable scheduled_for/scheduled_until (ISO 8601 with a zone)',
      'maintenance "Odd" has an unknown status "postponed"',
    ]);
    assert.equal(errors.length, 1);
  });

  test('options are checked when the handler is created, naming the entry', () => {
    const store = openOrderStore();
    assert.throws(() => createRelaisHandler({ store, sandbox, statusPages: { paypal: [{ url: 'ftp://x' }] } }), /statusPages\.paypal\[0\]\.url must be an http\(s\) URL/);
    assert.throws(() => createRelaisHandler({ store, sandbox, statusPages: { klarna: [] } as never }), /statusPages\.klarna is not a provider/);
    assert.throws(() => createRelaisHandler({ store, sandbox, statusPages: { paypal: [{ url: 'https://x.test', components: [''] }] } }), /components must list component names/);
  });
});
