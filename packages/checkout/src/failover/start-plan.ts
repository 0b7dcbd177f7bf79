/**
 * What the checkout knows before it loads anything: the failures it remembers and the merchant's
 * health feed. Loaded on demand (its own chunk) in parallel with the configuration check.
 */
import type { CheckoutConfig, ProviderId } from '../config.js';
import { fetchHealth, type HealthReport, type MaintenanceNotice } from './health.js';
import { openFailureMemory, type FailureMemory } from './memory.js';
import type { Skip } from './orchestrator.js';
import { budgets } from './policy.js';
import { warmCardFallback } from './warm-next.js';

export { startNotice } from './start-notice.js';

/**
 * How long the first load waits for the feed, once the failure memory is open: enough for a
 * merchant API on a busy machine (300 ms was missed there, and a method in maintenance was then
 * loaded), short enough that only a struggling API delays the checkout. A later answer still
 * counts for the methods not loaded yet.
 */
export const healthGraceMs = budgets.healthGraceMs;

export interface StartPlan {
  memory: FailureMemory;
  /** Methods not to request at all. */
  skip: Map<ProviderId, Skip>;
  /** Maintenance starting soon for a method that is tried. */
  upcoming: MaintenanceNotice[];
  /** The feed, when it answers after the grace period (methods not loaded yet can still be skipped). */
  lateHealth: Promise<HealthReport | undefined> | undefined;
}

export async function planStart(config: CheckoutConfig): Promise<StartPlan> {
  const health = fetchHealth(config.endpoint);
  // Before the plan, so that it arrives while the first method loads; a method the plan then
  // skips only costs a chunk that was fetched for nothing.
  warmCardFallback(config);
  const scope = [config.endpoint, config.stripeKey ?? '', config.paypalClientId ?? ''].join(' ');
  const memory = await openFailureMemory({ cooldownMs: config.breakerCooldown, scope });
  const early = await Promise.race([health, new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), healthGraceMs))]);
  const report = early === 'late' ? undefined : early;

  const skip = new Map<ProviderId, Skip>();
  for (const id of config.providers) {
    const advice = report?.skip.get(id);
    if (advice) skip.set(id, advice);
    // isOpen is asked once per method and page: after the cooldown it answers false once (the try).
    else if (memory.isOpen(id)) skip.set(id, { reason: 'circuit-open', until: memory.openUntil(id) });
  }
  // A remembered failure must never leave the shopper with nothing: then every method is tried.
  if (config.providers.every((id) => skip.has(id))) {
    for (const [id, why] of skip) if (why.reason === 'circuit-open') skip.delete(id);
  }
  return {
    memory,
    skip,
    upcoming: (report?.upcoming ?? []).filter((window) => config.providers.includes(window.provider) && !skip.has(window.provider)),
    lateHealth: early === 'late' ? health : undefined,
  };
}
