// Server-side commands for browser tests (`executeServerCommand(name, payload)`): they run in
// Node with the test's Playwright page, for what a page cannot do to itself.
//   grant-clipboard
//   sw-stop-all              stops every service worker of the page's browser (CDP), as the browser
//                            does to an idle worker or a crash does to a busy one
//   sw-dispatch-sync         {tag, lastChance?, scope?} fires a Background Sync event at the page's
//                            registration (CDP), as Chromium does when it thinks it is online
//   offline-for              {ms} takes the page's context offline for `ms`, then back online, and
//                            only then replies: offline also cuts the page's socket to the runner,
//                            so a command that replied while offline would never be heard
import { setTimeout as sleep } from 'node:timers/promises';

/** Per page: a CDP session with the ServiceWorker domain enabled, and the registrations it reported. */
const serviceWorkerSessions = new WeakMap();

async function serviceWorkerDomain(page) {
  let entry = serviceWorkerSessions.get(page);
  if (!entry) {
    const cdp = await page.context().newCDPSession(page);
    const registrations = new Map(); // scopeURL -> registrationId
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
      for (const { scopeURL, registrationId, isDeleted } of updated) {
        if (isDeleted) registrations.delete(scopeURL);
        else registrations.set(scopeURL, registrationId);
      }
    });
    // The domain must be enabled for stopAllWorkers and dispatchSyncEvent to reach the workers.
    await cdp.send('ServiceWorker.enable');
    entry = { cdp, registrations };
    serviceWorkerSessions.set(page, entry);
  }
  return entry;
}

/** The registration id for `scope`; CDP reports registrations as events, shortly after enable. */
async function registrationId(entry, scope) {
  for (let waited = 0; waited < 2000; waited += 20) {
    const id = entry.registrations.get(scope);
    if (id !== undefined) return id;
    await sleep(20);
  }
  throw new Error(`no service worker registration for scope ${scope} (known: ${[...entry.registrations.keys()].join(', ') || 'none'})`);
}

export function relaisCommands() {
  return {
    name: 'relais-commands',
    async executeCommand({ command, payload, session }) {
      const page = session.browser.getPage?.(session.id);
      if (!page) return undefined;
      switch (command) {
        case 'grant-clipboard':
          await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
          return true;
        case 'sw-stop-all': {
          const { cdp } = await serviceWorkerDomain(page);
          await cdp.send('ServiceWorker.stopAllWorkers');
          return true;
        }
        case 'sw-dispatch-sync': {
          const entry = await serviceWorkerDomain(page);
          const { origin } = new URL(page.url());
          const scope = payload?.scope ?? `${origin}/`;
          await entry.cdp.send('ServiceWorker.dispatchSyncEvent', {
            origin,
            registrationId: await registrationId(entry, scope),
            tag: payload?.tag,
            lastChance: payload?.lastChance ?? false,
          });
          return true;
        }
        case 'offline-for': {
          const context = page.context();
          await context.setOffline(true);
          try {
            await sleep(payload?.ms ?? 1000);
          } finally {
            await context.setOffline(false);
          }
          return true;
        }
        default:
          return undefined;
      }
    },
  };
}
