/**
 * Browser side of test/provider-routes.mjs: what the real provider script URLs answer in this
 * test page. Counting starts with the page's first provider-route* command.
 */
import { executeServerCommand } from '@web/test-runner-commands';

export type Provider = 'stripe' | 'adyen' | 'paypal';
export type ScriptAnswer = 'stand-in' | 'abort' | 'hang' | 'empty' | 'not-found';

export function routeProvider(provider: Provider, answer: ScriptAnswer, delayMs?: number): Promise<true> {
  return executeServerCommand('provider-route', { provider, answer, delayMs });
}

export function resetProviderRoutes(): Promise<true> {
  return executeServerCommand('provider-route-reset');
}

export function providerRequestCount(): Promise<Record<Provider, number>> {
  return executeServerCommand('provider-route-count');
}

/**
 * The providers' telemetry and fraud-signal hosts: answered (204) or blocked as filter lists block
 * them. Resolves how many requests were answered and blocked before this call.
 */
export function routeTrackers(blocked: boolean): Promise<{ answered: number; blocked: number }> {
  return executeServerCommand('provider-route-trackers', { blocked });
}
