import { setTimeout as sleep } from 'node:timers/promises';
import { bodyProblem, json, normaliseBasePath, pathBelow, problem, readJson } from '@relais/server/provider-kit';
import type { Handler } from '@relais/server';

/**
 * Fault injection in front of a handler, for tests and for merchants rehearsing outages (the
 * demo's outage lab): script the next answers of a route, or take the whole API down.
 */

export type FaultResponse =
  /** Answer this instead of the real handler (JSON body when given). */
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  /** A network error: `Response.error()`; the Node adapter destroys the socket. */
  | { network: true }
  /** Never answer, until the client gives up (`request.signal` aborts). */
  | { hang: true }
  /**
   * Let the real handler answer, optionally late. With `drop`, the handler runs to the end (an
   * order is stored, a capture happens) and then the answer is lost on its way back: a network
   * error, the "outcome unknown" case that verification must resolve.
   */
  | { pass: true; delayMs?: number; drop?: boolean };

export interface FaultRule {
  method: string;
  /** Relative to the base path, e.g. `/orders`. */
  path: string;
  /** Consumed one per matching request; once exhausted, requests reach the real handler. */
  responses: FaultResponse[];
}

export interface FaultControl {
  script(rule: FaultRule): void;
  /** While on, every request but the control route answers 503 `merchant-server-down`. */
  down(on: boolean): void;
  reset(): void;
}

export interface FaultOptions {
  basePath?: string;
}

/** `POST {basePath}/__faults` scripts faults over HTTP, e.g. from a browser test. */
const CONTROL_PATH = '/__faults';

type Checked<T> = { ok: true; value: T } | { ok: false; field: string };

function isFields(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isDelay(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && Number.isFinite(value) && value >= 0);
}

function checkResponse(value: unknown): boolean {
  if (!isFields(value)) return false;
  if (value['network'] === true || value['hang'] === true) return true;
  if (value['pass'] === true) {
    return isDelay(value['delayMs']) && (value['drop'] === undefined || typeof value['drop'] === 'boolean');
  }
  const { status, headers } = value;
  // The Response constructor throws outside 200-599; refuse it when scripted, not when served.
  const validStatus = Number.isInteger(status) && (status as number) >= 200 && (status as number) <= 599;
  const validHeaders =
    headers === undefined || (isFields(headers) && Object.values(headers).every((v) => typeof v === 'string'));
  return validStatus && validHeaders && isDelay(value['delayMs']);
}

function checkRule(value: unknown): Checked<FaultRule> {
  if (!isFields(value)) return { ok: false, field: 'rule' };
  const { method, path, responses } = value;
  if (typeof method !== 'string' || method === '') return { ok: false, field: 'rule.method' };
  if (typeof path !== 'string' || !path.startsWith('/')) return { ok: false, field: 'rule.path' };
  if (!Array.isArray(responses)) return { ok: false, field: 'rule.responses' };
  const bad = responses.findIndex((response) => !checkResponse(response));
  if (bad !== -1) return { ok: false, field: `rule.responses[${bad}]` };
  // A copy: the caller may reuse its array, the script must not change under our feet.
  return { ok: true, value: { method: method.toUpperCase(), path, responses: [...responses] } };
}

/** Waits `ms`; false when the client went away meanwhile. */
async function wait(ms: number | undefined, signal: AbortSignal): Promise<boolean> {
  if (!ms) return !signal.aborted;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

// Requests held open, so they stay reachable. undici's Request forwards the caller's abort to
// `request.signal` through a WeakRef to its own controller: once nothing holds the Request, a GC
// drops the forwarding and the hang would never end.
const hanging = new Set<Request>();

function untilAborted(request: Request): Promise<Response> {
  const { signal } = request;
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(Response.error());
      return;
    }
    hanging.add(request);
    signal.addEventListener(
      'abort',
      () => {
        hanging.delete(request);
        resolve(Response.error());
      },
      { once: true },
    );
  });
}

function scripted(status: number, body: unknown, headers?: Record<string, string>): Response {
  // 204, 205 and 304 cannot carry a body; the Response constructor would throw.
  if (body === undefined || [204, 205, 304].includes(status)) {
    return new Response(null, { status, headers });
  }
  return json(body, status, headers);
}

async function play(fault: FaultResponse, request: Request, handler: Handler): Promise<Response> {
  // Same precedence as checkResponse: `network`, then `hang`, then `pass`, then a status.
  if ('network' in fault && fault.network === true) return Response.error();
  if ('hang' in fault && fault.hang === true) return untilAborted(request);
  if ('pass' in fault && fault.pass === true) {
    if (!(await wait(fault.delayMs, request.signal))) return Response.error();
    const response = await handler(request);
    if (!fault.drop) return response;
    await response.body?.cancel();
    return Response.error();
  }
  if (!('status' in fault)) return handler(request); // unreachable once checked
  if (!(await wait(fault.delayMs, request.signal))) return Response.error();
  return scripted(fault.status, fault.body, fault.headers);
}

export function withFaults(
  handler: Handler,
  { basePath = '' }: FaultOptions = {},
): { handler: Handler; faults: FaultControl } {
  const base = normaliseBasePath(basePath);
  let rules: FaultRule[] = [];
  let isDown = false;

  const faults: FaultControl = {
    script(rule) {
      const checked = checkRule(rule);
      if (!checked.ok) throw new Error(`invalid fault rule: ${checked.field}`);
      rules.push(checked.value);
    },
    down(on) {
      isDown = on;
    },
    reset() {
      rules = [];
      isDown = false;
    },
  };

  function nextFault(method: string, path: string): FaultResponse | undefined {
    const rule = rules.find((r) => r.method === method && r.path === path && r.responses.length > 0);
    return rule?.responses.shift();
  }

  async function control(request: Request): Promise<Response> {
    if (request.method !== 'POST') return problem(405, 'method-not-allowed', {}, { allow: 'POST' });
    const body = await readJson(request);
    if (!body.ok && body.reason !== 'invalid-json') return bodyProblem(body.reason);
    const command = body.ok ? body.value : undefined;
    if (!isFields(command)) return problem(400, 'invalid-fault-command', { field: 'body' });
    if (command['action'] === 'reset') {
      faults.reset();
    } else if (command['action'] === 'down' && typeof command['on'] === 'boolean') {
      faults.down(command['on']);
    } else if (command['action'] === 'script') {
      const checked = checkRule(command['rule']);
      if (!checked.ok) return problem(400, 'invalid-fault-command', { field: checked.field });
      rules.push(checked.value);
    } else {
      return problem(400, 'invalid-fault-command', { field: 'action' });
    }
    return new Response(null, { status: 204 });
  }

  const faulty: Handler = async (request) => {
    const path = pathBelow(new URL(request.url).pathname, base);
    // Outside the base path is not the merchant API: no fault applies there.
    if (path === undefined) return handler(request);
    if (path === CONTROL_PATH) return control(request);
    if (isDown) return problem(503, 'merchant-server-down');
    const fault = nextFault(request.method.toUpperCase(), path);
    return fault ? play(fault, request, handler) : handler(request);
  };

  return { handler: faulty, faults };
}
