/**
 * The server's side of the demo's outage lab (sandbox only): it keeps the lab's state
 * (`GET`/`PUT /__lab/state`) and plays its merchant-side faults — the API down (503 through
 * `withFaults`), the shopper offline (no connection reaches the API), a maintenance window in the
 * health feed. The browser-side faults (SDK scripts, provider APIs) are played by the lab's
 * service worker and the sandbox stand-ins, which read the same state.
 *
 * The lab also makes up the admin token of its server, one per start, and hands it to its own
 * dashboard (`GET /__lab/admin-token`): the demo runs on the sandbox only, where the merchant data
 * it guards is made-up orders. A real shop configures its token and keeps it out of every page.
 */
import { randomBytes } from 'node:crypto';
import { bodyProblem, json, normaliseBasePath, pathBelow, priceFromCatalogue, type PriceOrder, problem, readJson } from '@relais/server/provider-kit';
import type { FaultControl } from './faults.js';
import type { AlertOptions, Handler, HealthOptions, MaintenanceWindow } from '@relais/server';
import { createLabAlertInbox, LAB_ALERTS_PATH } from './lab-alerts.js';
import { ALL_UP, checkLabState, type LabState, type Maintenance } from './lab-state.js';

/** The demo shop's one product (demo/main.ts), at its price in cents. */
export const DEMO_CATALOGUE: Readonly<Record<string, number>> = { 'Blue-glazed stoneware carafe': 4990 };

export const LAB_STATE_PATH = '/__lab/state';
export const LAB_ADMIN_TOKEN_PATH = '/__lab/admin-token';

export interface OutageLab {
  readonly state: LabState;
  /** For `createRelaisHandler({ adminToken })`: random, made up when the lab is created. */
  readonly adminToken: string;
  /** For `createRelaisHandler({ priceOrder })`: the demo shop's catalogue sets the price. */
  readonly priceOrder: PriceOrder;
  /** For `createRelaisHandler({ health })`: read on every `GET /health`. */
  health: () => HealthOptions;
  /** For `createRelaisHandler({ alerts })`: the lab receives them (`GET /__lab/alerts`, lab-alerts.ts). */
  readonly alerts: AlertOptions;
  /**
   * The lab in front of a server: its state, admin-token and alert routes, and the merchant API (below `basePath`, already
   * behind `withFaults`) unreachable while the shopper is offline. Every other request (the API
   * otherwise, the site's files) goes to `next`.
   */
  around(next: Handler, faults: FaultControl, basePath: string): Handler;
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

export function createOutageLab(now: () => number = Date.now): OutageLab {
  let state = ALL_UP;
  const adminToken = randomBytes(24).toString('base64url');
  let maintenance: MaintenanceWindow[] = [];
  const inbox = createLabAlertInbox(now);
  const answer = (body: LabState) => json(body, 200, { 'cache-control': 'no-store' });

  async function put(request: Request, faults: FaultControl): Promise<Response> {
    const body = await readJson(request);
    if (!body.ok && body.reason !== 'invalid-json') return bodyProblem(body.reason);
    const checked = checkLabState(body.ok ? body.value : undefined);
    if (!checked.ok) return problem(400, 'invalid-lab-state', { field: checked.field });
    if (checked.state.maintenance !== state.maintenance) maintenance = windowFor(checked.state.maintenance, now());
    state = checked.state;
    faults.down(state.merchantDown);
    return answer(state);
  }

  return {
    get state() {
      return state;
    },
    adminToken,
    priceOrder: priceFromCatalogue(DEMO_CATALOGUE),
    health: () => ({ maintenance }),
    alerts: inbox.options,
    around(next, faults, basePath) {
      const base = normaliseBasePath(basePath);
      return async (request) => {
        const path = new URL(request.url).pathname;
        if (path === LAB_ADMIN_TOKEN_PATH) {
          // Same-origin only (no CORS headers): another site's page cannot read it.
          if (request.method === 'GET') return json({ token: adminToken }, 200, { 'cache-control': 'no-store' });
          return problem(405, 'method-not-allowed', {}, { allow: 'GET' });
        }
        if (path === LAB_ALERTS_PATH) return inbox.route(request);
        if (path === LAB_STATE_PATH) {
          // The lab is the authority on its switch: a `__faults` reset in between is undone here.
          faults.down(state.merchantDown);
          if (request.method === 'GET') return answer(state);
          if (request.method === 'PUT') return put(request, faults);
          return problem(405, 'method-not-allowed', {}, { allow: 'GET, PUT' });
        }
        // The shopper offline: a network error (the Node adapter destroys the socket).
        if (state.offline && pathBelow(path, base) !== undefined) return Response.error();
        return next(request);
      };
    },
  };
}
