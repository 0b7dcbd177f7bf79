/**
 * Every failure the checkout observes, told to everyone who needs it once: the merchant's page
 * (`relais-incident`), the merchant's server (beacon), the memory of failures, and the log the
 * merchant can export.
 *
 * The log and the beacon (telemetry.ts) are a chunk: the first render never needs them. The
 * outcomes' chunk imports it too, and the checkout asks for it as it starts (`load`), so it is
 * there before any method can fail, and an incident is logged and sent as it is emitted.
 */
import type { CheckoutConfig, ProviderId } from '../config.js';
import type { RelaisError } from '../errors.js';
import { emit, type IncidentDetail } from '../events.js';
import type { FailureMemory } from './memory.js';
import type { IncidentLog } from './telemetry.js';

/** Logs an incident, and sends it to the endpoint when there is one. */
type Keep = (detail: IncidentDetail, endpoint: string | undefined) => void;

/** What `IncidentLog` exports while it holds nothing (before its chunk is there). */
const emptyCSV = 'provider,kind,reason,latencyMs,orderId,at\r\n';

export class IncidentReporter {
  /** Opened with the start plan; absent until then (and when IndexedDB is not there at all). */
  memory: FailureMemory | undefined;
  #log: IncidentLog | undefined;
  #keep: Keep | undefined;
  /** Incidents seen before telemetry.ts arrived, logged and sent in their order once it does. */
  readonly #early: Parameters<Keep>[] = [];
  #loading: Promise<void> | undefined;
  readonly #host: HTMLElement;

  constructor(host: HTMLElement) {
    this.#host = host;
  }

  /** Fetches the log and the beacon once; a failed fetch is tried again at the next incident. */
  load(): Promise<void> {
    return (this.#loading ??= import('./telemetry.js').then(
      ({ IncidentLog, sendIncident }) => {
        const log = (this.#log = new IncidentLog());
        const keep: Keep = (this.#keep = (detail, endpoint) => {
          log.add(detail);
          if (endpoint !== undefined) sendIncident(endpoint, detail);
        });
        for (const early of this.#early.splice(0)) keep(...early);
      },
      () => {
        this.#loading = undefined;
      },
    ));
  }

  report(config: CheckoutConfig | undefined, orderId: string, provider: ProviderId, error: RelaisError, latencyMs: number): void {
    const detail = { provider, kind: error.code, reason: error.message, latencyMs: Math.round(latencyMs), orderId, at: new Date().toISOString() };
    const endpoint = config?.incidentBeacon ? config.endpoint : undefined;
    if (this.#keep) this.#keep(detail, endpoint);
    else {
      this.#early.push([detail, endpoint]);
      void this.load();
    }
    void this.memory?.failure(provider, error.code);
    emit(this.#host, 'relais-incident', detail);
  }

  /** The method worked (it loaded, or it was paid with): it is not remembered as failing. */
  worked(provider: ProviderId): void {
    void this.memory?.success(provider);
  }

  export(format: 'json' | 'csv'): string {
    const log = this.#log;
    if (format === 'csv') return log ? log.toCSV() : emptyCSV;
    return JSON.stringify(log ?? []);
  }
}
