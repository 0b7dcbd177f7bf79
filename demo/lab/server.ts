/**
 * The demo server's side of the outage lab: it keeps the lab's state, which the dev server turns
 * into the merchant-side faults (API down, shopper offline) and the health feed's maintenance.
 * The browser-side faults (SDK scripts, provider APIs) are played by the lab's service worker and
 * the sandbox stand-ins, which read the same state.
 */
import type { HealthOptions, MaintenanceWindow } from '@relais/server';
import { ALL_UP, checkLabState, type LabState, type Maintenance } from './state.js';

export interface Lab {
  readonly state: LabState;
  /** `GET /__lab/state` and `PUT /__lab/state`; undefined for other paths. */
  handle(request: Request): Promise<Response> | undefined;
  /** What `GET {endpoint}/health` announces, read on every request. */
  health(): HealthOptions;
}

const MINUTE = 60_000;

/** The window a maintenance choice stands for, fixed when the merchant schedules it. */
function windowFor(maintenance: Maintenance, now: number): MaintenanceWindow[] {
  const at = (offsetMin: number) => new Date(now + offsetMin * MINUTE).toISOString();
  switch (maintenance) {
    case 'none':
      return [];
    case 'stripe-now':
      return [{ provider: 'stripe', from: at(-5), until: at(55) }];
    case 'stripe-soon':
      return [{ provider: 'stripe', from: at(30), until: at(90) }];
    case 'paypal-now':
      return [{ provider: 'paypal', from: at(-5), until: at(55) }];
  }
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });

export function createLab(now: () => number = Date.now): Lab {
  let state = ALL_UP;
  let maintenance: MaintenanceWindow[] = [];

  async function put(request: Request): Promise<Response> {
    const body: unknown = await request.json().catch(() => undefined);
    const checked = checkLabState(body);
    if (!checked.ok) return json({ error: 'invalid-lab-state', field: checked.field }, 400);
    if (checked.state.maintenance !== state.maintenance) maintenance = windowFor(checked.state.maintenance, now());
    state = checked.state;
    return json(state);
  }

  return {
    get state() {
      return state;
    },
    handle(request) {
      if (new URL(request.url).pathname !== '/__lab/state') return undefined;
      if (request.method === 'GET') return Promise.resolve(json(state));
      if (request.method === 'PUT') return put(request);
      return Promise.resolve(new Response(null, { status: 405, headers: { allow: 'GET, PUT' } }));
    },
    health: () => ({ maintenance }),
  };
}
