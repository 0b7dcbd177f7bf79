/**
 * Background Sync is Chromium-only and absent from TypeScript's libs. Only what Relais uses,
 * per https://wicg.github.io/background-sync/spec/. Worker side only (WebWorker lib).
 */
interface SyncManager {
  register(tag: string): Promise<void>;
  getTags(): Promise<string[]>;
}

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  /** The browser's last attempt for this tag: failing now drops the registration. */
  readonly lastChance: boolean;
}

interface ServiceWorkerGlobalScopeEventMap {
  sync: SyncEvent;
}

interface ServiceWorkerRegistration {
  /** Absent where Background Sync does not exist (Firefox, Safari). */
  readonly sync?: SyncManager;
}
