import { expect } from '@open-wc/testing';
import { FailureKind } from '../errors.js';
import { openFailureMemory, type FailureMemoryOptions } from './memory.js';

const cooldownMs = 5 * 60_000;

/** A clock the test moves, and a scope of its own so tests never share records. */
function setup() {
  const clock = { now: 1_700_000_000_000 };
  const options: FailureMemoryOptions = { cooldownMs, now: () => clock.now, scope: crypto.randomUUID() };
  return { clock, options, open: () => openFailureMemory(options) };
}

/** Replaces a property for the duration of `run`. */
async function replacing<T extends object, K extends keyof T>(target: T, key: K, value: unknown, run: () => Promise<void>) {
  const own = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { value, configurable: true, writable: true });
  try {
    await run();
  } finally {
    if (own) Object.defineProperty(target, key, own);
    else delete (target as Record<PropertyKey, unknown>)[key as PropertyKey];
  }
}

describe('failure memory (circuit breaker per provider)', () => {
  it('an SDK that failed to load opens the circuit at once, until the cooldown ends', async () => {
    const { clock, open } = setup();
    const memory = await open();
    await memory.failure('stripe', FailureKind.SdkLoadFailed);
    expect(memory.isOpen('stripe')).to.equal(true);
    expect(memory.openUntil('stripe')).to.equal(clock.now + cooldownMs);
    expect(memory.isOpen('paypal')).to.equal(false);
  });

  for (const kind of [FailureKind.SdkMissingGlobal, FailureKind.SdkTimeout, FailureKind.Csp, FailureKind.ElementLoadError, FailureKind.IntegrationError]) {
    it(`${kind} opens the circuit at once`, async () => {
      const memory = await setup().open();
      await memory.failure('paypal', kind);
      expect(memory.isOpen('paypal')).to.equal(true);
    });
  }

  it('is remembered by the next page load (a reload reads it from IndexedDB)', async () => {
    const { clock, open } = setup();
    await (await open()).failure('stripe', FailureKind.SdkLoadFailed);
    const reloaded = await open();
    expect(reloaded.isOpen('stripe')).to.equal(true);
    expect(reloaded.openUntil('stripe')).to.equal(clock.now + cooldownMs);
  });

  it('three consecutive API failures open the circuit, two do not', async () => {
    const memory = await setup().open();
    await memory.failure('stripe', FailureKind.ApiUnavailable);
    await memory.failure('stripe', FailureKind.ApiUnavailable);
    expect(memory.isOpen('stripe')).to.equal(false);
    expect(memory.openUntil('stripe')).to.equal(undefined);
    await memory.failure('stripe', FailureKind.ApiUnavailable);
    expect(memory.isOpen('stripe')).to.equal(true);
  });

  it('API failures count across page loads', async () => {
    const { open } = setup();
    await (await open()).failure('paypal', FailureKind.ApiUnavailable);
    await (await open()).failure('paypal', FailureKind.ApiUnavailable);
    const third = await open();
    await third.failure('paypal', FailureKind.ApiUnavailable);
    expect(third.isOpen('paypal')).to.equal(true);
  });

  it('API failures reported by two open tabs add up', async () => {
    const { open } = setup();
    const [tabA, tabB] = await Promise.all([open(), open()]);
    await tabA.failure('stripe', FailureKind.ApiUnavailable);
    await tabB.failure('stripe', FailureKind.ApiUnavailable);
    await tabA.failure('stripe', FailureKind.ApiUnavailable);
    expect(tabA.isOpen('stripe')).to.equal(true);
    expect((await open()).isOpen('stripe')).to.equal(true);
  });

  it('a success between API failures starts the count again', async () => {
    const memory = await setup().open();
    await memory.failure('stripe', FailureKind.ApiUnavailable);
    await memory.failure('stripe', FailureKind.ApiUnavailable);
    await memory.success('stripe');
    await memory.failure('stripe', FailureKind.ApiUnavailable);
    await memory.failure('stripe', FailureKind.ApiUnavailable);
    expect(memory.isOpen('stripe')).to.equal(false);
  });

  it('declines, unknown outcomes, rejected orders and config errors never open it, however many', async () => {
    const { open } = setup();
    const memory = await open();
    for (let i = 0; i < 5; i++) {
      for (const kind of [FailureKind.Declined, FailureKind.OutcomeUnknown, FailureKind.OrderRejected, FailureKind.Config]) {
        await memory.failure('stripe', kind);
      }
    }
    expect(memory.isOpen('stripe')).to.equal(false);
    expect((await open()).isOpen('stripe')).to.equal(false);
  });

  it('a decline does not break a run of API failures either', async () => {
    const memory = await setup().open();
    await memory.failure('stripe', FailureKind.ApiUnavailable);
    await memory.failure('stripe', FailureKind.ApiUnavailable);
    await memory.failure('stripe', FailureKind.Declined);
    await memory.failure('stripe', FailureKind.ApiUnavailable);
    expect(memory.isOpen('stripe')).to.equal(true);
  });

  it('after the cooldown allows exactly one try; a failed try reopens for another cooldown', async () => {
    const { clock, open } = setup();
    const memory = await open();
    await memory.failure('stripe', FailureKind.SdkTimeout);
    clock.now += cooldownMs - 1;
    expect(memory.isOpen('stripe')).to.equal(true);
    clock.now += 1;
    expect(memory.isOpen('stripe')).to.equal(false);
    expect(memory.isOpen('stripe')).to.equal(true, 'a second look while the try runs skips it');
    await memory.failure('stripe', FailureKind.SdkTimeout);
    expect(memory.openUntil('stripe')).to.equal(clock.now + cooldownMs);
    expect(memory.isOpen('stripe')).to.equal(true);
    expect((await open()).isOpen('stripe')).to.equal(true, 'the reopening is persisted');
    clock.now += cooldownMs;
    expect(memory.isOpen('stripe')).to.equal(false, 'the next cooldown ends with another try');
  });

  it('a single API failure during the try reopens the circuit', async () => {
    const { clock, open } = setup();
    const memory = await open();
    await memory.failure('paypal', FailureKind.SdkLoadFailed);
    clock.now += cooldownMs;
    expect(memory.isOpen('paypal')).to.equal(false);
    await memory.failure('paypal', FailureKind.ApiUnavailable);
    expect(memory.isOpen('paypal')).to.equal(true);
  });

  it('a successful try closes the circuit, for this page and the next', async () => {
    const { clock, open } = setup();
    const memory = await open();
    await memory.failure('stripe', FailureKind.SdkLoadFailed);
    clock.now += cooldownMs;
    expect(memory.isOpen('stripe')).to.equal(false);
    await memory.success('stripe');
    expect(memory.isOpen('stripe')).to.equal(false);
    expect(memory.openUntil('stripe')).to.equal(undefined);
    const reloaded = await open();
    expect(reloaded.isOpen('stripe')).to.equal(false);
    expect(reloaded.openUntil('stripe')).to.equal(undefined);
  });

  it('a page load after the cooldown gets its own try', async () => {
    const { clock, open } = setup();
    await (await open()).failure('stripe', FailureKind.SdkLoadFailed);
    clock.now += cooldownMs;
    expect((await open()).isOpen('stripe')).to.equal(false);
  });

  it('two shops on one origin do not share memory (scope)', async () => {
    const { options } = setup();
    await (await openFailureMemory(options)).failure('stripe', FailureKind.SdkLoadFailed);
    const otherShop = await openFailureMemory({ ...options, scope: `${options.scope}-other` });
    expect(otherShop.isOpen('stripe')).to.equal(false);
  });

  it('a record written with a clock far ahead skips the provider for one cooldown at most', async () => {
    const { clock, options } = setup();
    const ahead = { ...options, now: () => clock.now + 24 * 60 * 60_000 };
    await (await openFailureMemory(ahead)).failure('stripe', FailureKind.SdkLoadFailed);
    const memory = await openFailureMemory(options);
    expect(memory.openUntil('stripe')).to.equal(clock.now + cooldownMs);
  });

  it('the cooldown is 5 minutes by default and configurable', async () => {
    const { clock, options } = setup();
    const short = await openFailureMemory({ ...options, cooldownMs: 1000 });
    await short.failure('stripe', FailureKind.SdkLoadFailed);
    expect(short.openUntil('stripe')).to.equal(clock.now + 1000);
    const byDefault = await openFailureMemory({ now: options.now!, scope: crypto.randomUUID() });
    await byDefault.failure('stripe', FailureKind.SdkLoadFailed);
    expect(byDefault.openUntil('stripe')).to.equal(clock.now + 5 * 60_000);
  });

  it('works in memory when IndexedDB throws on open (private mode), without an exception', async () => {
    const { open } = setup();
    await replacing(indexedDB, 'open', () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    }, async () => {
      const memory = await open();
      await memory.failure('stripe', FailureKind.SdkLoadFailed);
      expect(memory.isOpen('stripe')).to.equal(true);
      await memory.success('stripe');
      expect(memory.isOpen('stripe')).to.equal(false);
    });
  });

  it('works in memory when IndexedDB never answers, within a second', async () => {
    const { open } = setup();
    await replacing(indexedDB, 'open', () => ({}) as IDBOpenDBRequest, async () => {
      const started = performance.now();
      const memory = await open();
      expect(performance.now() - started).to.be.below(2000);
      await memory.failure('paypal', FailureKind.Csp);
      expect(memory.isOpen('paypal')).to.equal(true);
    });
  });

  it('keeps working in memory when IndexedDB starts failing mid-page', async () => {
    const memory = await setup().open();
    await replacing(IDBDatabase.prototype, 'transaction', () => {
      throw new DOMException('The database connection is closing.', 'InvalidStateError');
    }, async () => {
      await memory.failure('stripe', FailureKind.SdkLoadFailed);
      expect(memory.isOpen('stripe')).to.equal(true);
    });
  });

  it('works in memory when the page has no IndexedDB at all', async () => {
    const { open } = setup();
    await replacing(globalThis, 'indexedDB', undefined, async () => {
      const memory = await open();
      await memory.failure('stripe', FailureKind.SdkLoadFailed);
      expect(memory.isOpen('stripe')).to.equal(true);
    });
  });
});
