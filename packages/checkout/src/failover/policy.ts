/**
 * The failover policy, in one place: what each failure does to the shopper, to the method's
 * circuit breaker and to retries, and the budgets and ratios the failover runs on. The modules
 * that act (the orchestrator, the payment flow, the failure memory, the merchant API calls, the
 * verification) read it here; the README's failure table is checked against it.
 */
import type { FailureKind } from '../errors.js';

/**
 * - `next-method`: nothing was submitted and the method cannot work now; the shopper moves on, now.
 * - `stay`: the method works and said no (decline, 3-D Secure failure, cancel, the shop refusing
 *   the order); the shopper stays, with the message, and may pick another method.
 * - `verify-first`: something was submitted and its answer was lost; verify before anything else.
 * - `skip-merchant-methods`: the shop's own API does not answer; every method that needs it is
 *   skipped in one step and the order is kept.
 * - `fix-config`: the merchant must fix the page.
 */
export type Move = 'next-method' | 'stay' | 'verify-first' | 'skip-merchant-methods' | 'fix-config';

/** `open`: the circuit opens at once; `count`: after `breaker.threshold` in a row; `never`: not the method's fault. */
export type BreakerEffect = 'open' | 'count' | 'never';

export interface Rule {
  readonly move: Move;
  readonly breaker: BreakerEffect;
  /** Retries with the same idempotency key before the move (merchant API calls). */
  readonly retries: number;
}

const rule = (move: Move, breaker: BreakerEffect, retries = 0): Rule => ({ move, breaker, retries });
const loadFailure = rule('next-method', 'open');

// Keyed by the kinds' values (a type-only import keeps errors.ts out of this module's graph).
export const failurePolicy: Readonly<Record<FailureKind, Rule>> = {
  'sdk-load-failed': loadFailure,
  'sdk-missing-global': loadFailure,
  'sdk-timeout': loadFailure,
  csp: loadFailure,
  'element-load-error': loadFailure,
  'integration-error': loadFailure,
  'api-unavailable': rule('next-method', 'count', 1),
  'merchant-unavailable': rule('skip-merchant-methods', 'never', 1),
  declined: rule('stay', 'never'),
  'order-rejected': rule('stay', 'never'),
  'outcome-unknown': rule('verify-first', 'never'),
  config: rule('fix-config', 'never'),
};

/** What a failure of this kind does to the shopper. */
export const moveFor = (kind: FailureKind): Move => failurePolicy[kind].move;

export const breaker = {
  /** Consecutive `count` failures that open the circuit. */
  threshold: 3,
  /** How long an open circuit skips its method (`breaker-cooldown` overrides it). */
  cooldownMs: 5 * 60_000,
} as const;

export const retry = {
  /** Per attempt on the merchant's API. */
  timeoutMs: 10_000,
  /** The wait before the retry when the answer gave no `Retry-After`. */
  delayMs: 250,
  /** `Retry-After` is honoured up to this, so a shopper is never left waiting for minutes. */
  maxDelayMs: 3000,
} as const;

export const verification = {
  /** Waits between verifications of a lost answer; after the last one it stays "being verified". */
  delaysMs: [1000, 3000, 8000],
  /** Per status call: a shopper is waiting on a "verifying" screen. */
  timeoutMs: 8000,
  /** How old a payment of an earlier visit may be for this visit to take it over. */
  adoptWithinMs: 24 * 3_600_000,
} as const;

export const hedging = {
  /** Share of `load-timeout` after which the next method starts loading in the background. */
  ratio: 0.4,
} as const;

export const budgets = {
  /** A method not interactive within this is left for the next (`load-timeout` overrides it). */
  loadTimeoutMs: 6000,
  /** How long the first load waits for the merchant's health feed. */
  healthGraceMs: 600,
} as const;
