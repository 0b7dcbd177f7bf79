/**
 * Memory of failures (docs/design.md: "A method that failed is remembered"): one circuit breaker
 * per provider, persisted in IndexedDB so the next page load starts with a method that works.
 *
 * A small state machine rather than cockatiel 3.2.1's `CircuitBreakerPolicy`, which does run in
 * Chromium and on Node 20 (about 2.4 kB gz for the breaker alone) but does not fit this shape:
 * it reads `Date.now()` itself (no injectable clock for the cooldown), wraps calls in
 * `execute(fn)` where Relais reports outcomes as separate events, cannot open at once for one
 * kind of failure and after three for another (its breaker never sees the failure), and persists
 * its numeric enum values, tying stored records to its internals.
 */
import { createStore, getMany, update, type UseStore } from 'idb-keyval';
import { withTimeout } from '@relais/contracts';
import type { ProviderId } from '../config.js';
import { registeredIds } from '../providers/registry.js';
import type { FailureKind } from '../errors.js';
import { breaker, failurePolicy } from './policy.js';

export interface FailureMemory {
  /** Whether to skip the provider now: circuit open and cooldown not elapsed. After the cooldown, `false` once (the half-open try). */
  isOpen(provider: ProviderId): boolean;
  /** A technical failure: sdk-load-failed, sdk-missing-global, sdk-timeout, csp, element-load-error, integration-error open the circuit at once; api-unavailable opens it after 3 consecutive; declined, outcome-unknown, order-rejected, config and merchant-unavailable (the shop's outage, not the provider's) never count (ignored). */
  failure(provider: ProviderId, kind: FailureKind): Promise<void>;
  /** The provider worked (became ready / paid): closes the circuit. */
  success(provider: ProviderId): Promise<void>;
  /** When the circuit reopens for a try, for the shopper notice (undefined if closed). */
  openUntil(provider: ProviderId): number | undefined;
}

export interface FailureMemoryOptions {
  /** How long an open circuit skips its provider. Default 5 minutes. */
  cooldownMs?: number;
  now?: () => number;
  /** Keys the records, so two shops on one origin do not share memory. */
  scope?: string;
}

export const defaultCooldownMs = breaker.cooldownMs;
/** Consecutive `api-unavailable` failures that open the circuit. */
export const apiFailureThreshold = breaker.threshold;

/** What is stored per scope and provider. Closed: `openUntil` absent. */
interface BreakerRecord {
  /** Consecutive `api-unavailable` failures while closed. */
  failures: number;
  openUntil?: number;
}


// A browser whose IndexedDB hangs (some private modes never answer `open`) must not hold the
// checkout: past this, the memory lives in the page only.
const storageTimeoutMs = 1000;

const closed: BreakerRecord = { failures: 0 };

/**
 * A stored value as a record; anything unexpected reads as closed. A clock set back, or a
 * cooldown shortened since the record was written, must not skip a provider for more than one
 * cooldown from now.
 */
function toRecord(value: unknown, now: number, cooldownMs: number): BreakerRecord {
  if (typeof value !== 'object' || value === null) return closed;
  const { failures, openUntil } = value as Record<string, unknown>;
  const record: BreakerRecord = { failures: Number.isSafeInteger(failures) && (failures as number) > 0 ? (failures as number) : 0 };
  if (typeof openUntil === 'number' && Number.isFinite(openUntil)) record.openUntil = Math.min(openUntil, now + cooldownMs);
  return record;
}

/** The transition for one counted failure. An open circuit (half-open try included) reopens. */
function afterFailure(record: BreakerRecord, kind: FailureKind, now: number, cooldownMs: number): BreakerRecord {
  const failures = record.failures + 1;
  if (record.openUntil !== undefined || failurePolicy[kind].breaker === 'open' || failures >= apiFailureThreshold) {
    return { failures: 0, openUntil: now + cooldownMs };
  }
  return { failures };
}

export async function openFailureMemory(options: FailureMemoryOptions = {}): Promise<FailureMemory> {
  const { cooldownMs = defaultCooldownMs, now = Date.now, scope = '' } = options;
  const key = (provider: ProviderId) => [scope, provider];
  const records = new Map<ProviderId, BreakerRecord>();
  // The `openUntil` each half-open try was granted for: one try per opening, per page.
  const tried = new Map<ProviderId, number>();

  let store: UseStore | undefined;
  try {
    // Its own database: idb-keyval cannot add a store to an existing one (Workbox's included).
    store = createStore('relais-failover', 'breakers');
    const stored = await withTimeout(getMany(registeredIds().map(key), store), storageTimeoutMs);
    registeredIds().forEach((provider, index) => records.set(provider, toRecord(stored[index], now(), cooldownMs)));
  } catch {
    store = undefined; // private mode, blocked storage, or a hang: remember for this page only
  }

  const current = (provider: ProviderId): BreakerRecord => records.get(provider) ?? closed;

  /** Applies a transition to the freshest record (another tab may have written) and keeps the result. */
  async function change(provider: ProviderId, next: (record: BreakerRecord) => BreakerRecord): Promise<void> {
    const local = next(current(provider));
    records.set(provider, local);
    if (!store) return;
    try {
      let written = local;
      await withTimeout(
        update(key(provider), (value) => (written = next(toRecord(value, now(), cooldownMs))), store),
        storageTimeoutMs,
      );
      records.set(provider, written);
    } catch {
      store = undefined; // storage went away mid-page: the page keeps its own memory
    }
  }

  return {
    isOpen(provider) {
      const { openUntil } = current(provider);
      if (openUntil === undefined) return false;
      if (now() < openUntil) return true;
      if (tried.get(provider) === openUntil) return true; // the try is under way
      tried.set(provider, openUntil);
      return false;
    },
    async failure(provider, kind) {
      if (failurePolicy[kind]?.breaker === 'never') return;
      await change(provider, (record) => afterFailure(record, kind, now(), cooldownMs));
    },
    async success(provider) {
      // Written even when this page saw it closed: another tab may have opened it meanwhile.
      await change(provider, () => closed);
    },
    openUntil(provider) {
      return current(provider).openUntil;
    },
  };
}
