/**
 * The failover policy as a table, and the README's failure table agreeing with it: a row that
 * names a failure kind says what the policy does with it.
 */
import { expect } from '@open-wc/testing';
import { FailureKind } from '../errors.js';
import { breaker, failurePolicy, hedging, moveFor, retry, verification, type BreakerEffect, type Move } from './policy.js';

const expected: Array<[FailureKind, Move, BreakerEffect, number]> = [
  [FailureKind.SdkLoadFailed, 'next-method', 'open', 0],
  [FailureKind.SdkMissingGlobal, 'next-method', 'open', 0],
  [FailureKind.SdkTimeout, 'next-method', 'open', 0],
  [FailureKind.Csp, 'next-method', 'open', 0],
  [FailureKind.ElementLoadError, 'next-method', 'open', 0],
  [FailureKind.IntegrationError, 'next-method', 'open', 0],
  [FailureKind.ApiUnavailable, 'next-method', 'count', 1],
  [FailureKind.MerchantUnavailable, 'skip-merchant-methods', 'never', 1],
  [FailureKind.Declined, 'stay', 'never', 0],
  [FailureKind.OrderRejected, 'stay', 'never', 0],
  [FailureKind.OutcomeUnknown, 'verify-first', 'never', 0],
  [FailureKind.Config, 'fix-config', 'never', 0],
];

/** What the README must say, in the row naming the kind, for each move. */
const says: Record<Move, RegExp> = {
  'next-method': /next method/,
  stay: /\bstays\b/,
  'verify-first': /verify first/,
  'skip-merchant-methods': /skipped in one step/,
  'fix-config': /./,
};
const numbers = ['zero', 'one', 'two', 'three', 'four', 'five'];

describe('the failover policy', () => {
  it('covers every failure kind', () => {
    expect(Object.keys(failurePolicy).sort()).to.deep.equal(Object.values(FailureKind).sort());
  });

  for (const [kind, move, effect, retries] of expected) {
    it(`${kind}: ${move}, breaker ${effect}, ${retries} ${retries === 1 ? 'retry' : 'retries'}`, () => {
      expect(moveFor(kind)).to.equal(move);
      expect(failurePolicy[kind]).to.deep.equal({ move, breaker: effect, retries });
    });
  }

  it('states the breaker, retry, verification and hedging figures', () => {
    expect(breaker).to.deep.equal({ threshold: 3, cooldownMs: 300_000 });
    expect(retry).to.deep.equal({ timeoutMs: 10_000, delayMs: 250, maxDelayMs: 3000 });
    expect(verification.delaysMs).to.deep.equal([1000, 3000, 8000]);
    expect(hedging.ratio).to.be.within(0, 1);
  });

  it('the README failure table says what the policy does with each kind it names', async () => {
    const readme = await (await fetch('/README.md')).text();
    const section = readme.split('### What moves the shopper, what does not')[1]!.split('\n\n')[1]!;
    const rows = section.split('\n').slice(2).map((row) => row.split(' | '));
    for (const [kind, { move, breaker: effect, retries }] of Object.entries(failurePolicy) as Array<[FailureKind, (typeof failurePolicy)[FailureKind]]>) {
      if (move === 'fix-config' || kind === FailureKind.OrderRejected) continue; // not a row of that table
      const row = rows.find(([observed, does]) => `${observed} ${does}`.includes(`\`${kind}\``));
      expect(row, `a row names \`${kind}\``).to.not.equal(undefined);
      const does = row![1]!;
      expect(does, kind).to.match(says[move]);
      if (retries) expect(does, kind).to.contain(`${numbers[retries]} retry`);
      if (effect === 'never' && move === 'skip-merchant-methods') expect(does, kind).to.contain('no breaker opens');
    }
    const after = readme.match(/API failures after (\w+)/)?.[1];
    expect(after, 'the breaker threshold in the README').to.equal(numbers[breaker.threshold]);
    expect(readme, 'the hedging ratio').to.contain(`(at ${hedging.ratio * 100} % of \`load-timeout\`)`);
    expect(readme, 'the breaker cooldown').to.contain(`(${breaker.cooldownMs / 60_000} minutes)`);
  });
});
