import { expect } from '@open-wc/testing';
import { orderLockName, withOrderLock } from './order-lock.js';

/** A task that records when it runs and ends when the test says so. */
function task(name: string, timeline: string[]) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const fn = async () => {
    timeline.push(`${name} start`);
    started();
    await done;
    timeline.push(`${name} end`);
    return name;
  };
  return { fn, finish, running };
}

const tick = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

/** A same-origin iframe: another browsing context, sharing the origin's Web Locks. */
async function frame(): Promise<HTMLIFrameElement> {
  const iframe = document.createElement('iframe');
  const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
  iframe.src = new URL('/', location.href).href;
  document.body.append(iframe);
  await loaded;
  return iframe;
}

/** Runs `run` as if the browser had no Web Locks. */
async function withoutWebLocks(run: () => Promise<void>): Promise<void> {
  Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
  try {
    await run();
  } finally {
    delete (navigator as unknown as Record<string, unknown>)['locks'];
  }
}

async function secondWaitsForFirst(orderId: string): Promise<void> {
  const timeline: string[] = [];
  const first = task('first', timeline);
  const second = task('second', timeline);
  const results = [withOrderLock(orderId, first.fn), withOrderLock(orderId, second.fn)];
  await first.running;
  await tick();
  expect(timeline, 'the second waits while the first pays').to.deep.equal(['first start']);
  first.finish();
  await second.running;
  second.finish();
  expect(await Promise.all(results)).to.deep.equal(['first', 'second']);
  expect(timeline).to.deep.equal(['first start', 'first end', 'second start', 'second end']);
}

describe('withOrderLock: one order, one payment at a time', () => {
  it('two callers paying the same order take turns: the second starts after the first ends', async () => {
    await secondWaitsForFirst(crypto.randomUUID());
  });

  it('another browsing context holding the order\'s lock (a same-origin iframe) makes the page wait', async () => {
    const iframe = await frame();
    const orderId = crypto.randomUUID();
    const timeline: string[] = [];
    let release!: () => void;
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const theirs = iframe.contentWindow!.navigator.locks.request(orderLockName(orderId), () => {
      held();
      return new Promise<void>((resolve) => (release = resolve));
    });
    await holding;
    const ours = task('page', timeline);
    const result = withOrderLock(orderId, ours.fn);
    await tick(100);
    expect(timeline, 'the page waits for the iframe').to.deep.equal([]);
    release();
    await theirs;
    await ours.running;
    ours.finish();
    expect(await result).to.equal('page');
    iframe.remove();
  });

  it('the page holding the lock makes a same-origin iframe wait', async () => {
    const iframe = await frame();
    const orderId = crypto.randomUUID();
    const ours = task('page', []);
    const result = withOrderLock(orderId, ours.fn);
    await ours.running;
    const state = await iframe.contentWindow!.navigator.locks.query();
    expect(state.held?.map((lock) => lock.name)).to.include(orderLockName(orderId));
    const attempt = await iframe.contentWindow!.navigator.locks.request(orderLockName(orderId), { ifAvailable: true }, (lock) => lock);
    expect(attempt, 'the iframe cannot take it').to.equal(null);
    ours.finish();
    await result;
    iframe.remove();
  });

  it('different orders do not wait for each other', async () => {
    const timeline: string[] = [];
    const a = task('a', timeline);
    const b = task('b', timeline);
    const results = [withOrderLock(crypto.randomUUID(), a.fn), withOrderLock(crypto.randomUUID(), b.fn)];
    await Promise.all([a.running, b.running]);
    a.finish();
    b.finish();
    expect(await Promise.all(results)).to.deep.equal(['a', 'b']);
  });

  it('a failed payment releases the lock for the next caller, and its error reaches its caller', async () => {
    const orderId = crypto.randomUUID();
    const failed = withOrderLock(orderId, async () => {
      throw new Error('declined');
    });
    const next = withOrderLock(orderId, async () => 'next');
    expect(await failed.then(() => 'resolved', (error: Error) => error.message)).to.equal('declined');
    expect(await next).to.equal('next');
  });

  it('giving up while waiting rejects with the reason, and the payment never starts', async () => {
    const orderId = crypto.randomUUID();
    const first = task('first', []);
    const holding = withOrderLock(orderId, first.fn);
    await first.running;
    const controller = new AbortController();
    let ran = false;
    const waiting = withOrderLock(orderId, async () => void (ran = true), controller.signal);
    controller.abort(new DOMException('shopper left', 'AbortError'));
    const reason = await waiting.then(() => undefined, (error: DOMException) => error);
    expect(reason?.name).to.equal('AbortError');
    first.finish();
    await holding;
    expect(ran).to.equal(false);
  });

  describe('without Web Locks', () => {
    it('still runs the payment', async () => {
      await withoutWebLocks(async () => {
        expect(navigator.locks).to.equal(undefined);
        expect(await withOrderLock(crypto.randomUUID(), async () => 'paid')).to.equal('paid');
      });
    });

    it('callers in this page still take turns', async () => {
      await withoutWebLocks(() => secondWaitsForFirst(crypto.randomUUID()));
    });

    it('giving up while waiting rejects, and the payment never starts', async () => {
      await withoutWebLocks(async () => {
        const orderId = crypto.randomUUID();
        const first = task('first', []);
        const holding = withOrderLock(orderId, first.fn);
        await first.running;
        const controller = new AbortController();
        let ran = false;
        const waiting = withOrderLock(orderId, async () => void (ran = true), controller.signal);
        controller.abort(new Error('shopper left'));
        first.finish();
        await holding;
        expect(await waiting.then(() => undefined, (error: Error) => error.message)).to.equal('shopper left');
        expect(ran).to.equal(false);
      });
    });
  });
});
