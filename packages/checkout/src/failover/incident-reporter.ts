/**
 * Every failure the checkout observes, told to everyone who needs it once: the merchant's page
 * (`relais-incident`), the merchant's server (beacon), the memory of failures, and the log the
 * merchant can export.
 */
import type { CheckoutConfig, ProviderId } from '../config.js';
import type { RelaisError } from '../errors.js';
import { emit } from '../events.js';
import type { FailureMemory } from './memory.js';
import { IncidentLog, sendIncident } from './telemetry.js';

export class IncidentReporter {
  /** Opened with the start plan; absent until then (and when IndexedDB is not there at all). */
  memory: FailureMemory | undefined;
  readonly #log = new IncidentLog();
  readonly #host: HTMLElement;

  constructor(host: HTMLElement) {
    this.#host = host;
  }

  report(config: CheckoutConfig | undefined, orderId: string, provider: ProviderId, error: RelaisError, latencyMs: number): void {
    const detail = { provider, kind: error.code, reason: error.message, latencyMs: Math.round(latencyMs), orderId, at: new Date().toISOString() };
    this.#log.add(detail);
    void this.memory?.failure(provider, error.code);
    if (config?.incidentBeacon) sendIncident(config.endpoint, detail);
    emit(this.#host, 'relais-incident', detail);
  }

  /** The method worked (it loaded, or it was paid with): it is not remembered as failing. */
  worked(provider: ProviderId): void {
    void this.memory?.success(provider);
  }

  export(format: 'json' | 'csv'): string {
    return format === 'csv' ? this.#log.toCSV() : JSON.stringify(this.#log.toJSON());
  }
}
