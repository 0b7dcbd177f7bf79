/**
 * Browser-side helpers for the test merchant API mounted by web-test-runner.config.mjs:
 * each call to `testEndpoint()` gets a namespace of its own (fresh SQLite store and faults).
 */
export interface FaultRule {
  method: string;
  path: string;
  responses: Array<
    | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
    | { network: true }
    | { hang: true }
    | { pass: true; delayMs?: number }
  >;
}

export interface ServerOrder {
  orderId: string;
  order: Record<string, unknown>;
  answer: { status: number; body: Record<string, unknown> };
}

/** One request the test API answered; `status` 0 is a network error (scripted, or the client gave up). */
export interface ServerRequest {
  method: string;
  /** Below the namespace, e.g. `/orders`. */
  path: string;
  key: string | null;
  status: number;
}

export function testEndpoint(): string {
  return `/api/${crypto.randomUUID()}`;
}

export async function scriptFaults(endpoint: string, rule: FaultRule): Promise<void> {
  const response = await fetch(`${endpoint}/__faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'script', rule }),
  });
  if (!response.ok) throw new Error(`Could not script faults: ${response.status}`);
}

export async function serverOrders(endpoint: string): Promise<ServerOrder[]> {
  return (await fetch(`${endpoint}/__orders`)).json();
}

export async function serverRequests(endpoint: string): Promise<ServerRequest[]> {
  return (await fetch(`${endpoint}/__requests`)).json();
}

/** Ends every scripted fault: the server answers normally again. */
export async function resetFaults(endpoint: string): Promise<void> {
  await fetch(`${endpoint}/__faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'reset' }),
  });
}

/** Health options of the namespace (the handler's `health`); call before any other request to it. */
export async function configureHealth(endpoint: string, health: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${endpoint}/__health`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(health),
  });
  if (!response.ok) throw new Error(`Could not configure health: ${response.status} ${await response.text()}`);
}

/**
 * The namespace reads `provider`'s status from a status page (Statuspage v2) answering `summary`;
 * call before any other request to it. The handler polls it at once: wait for `GET /health`.
 */
export async function configureStatusPage(endpoint: string, page: { provider: string; components: string[]; summary: unknown }): Promise<void> {
  const response = await fetch(`${endpoint}/__status-page`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(page),
  });
  if (!response.ok) throw new Error(`Could not configure the status page: ${response.status} ${await response.text()}`);
}

/** The admin token of the test merchant API (`TEST_ADMIN_TOKEN` in test/test-api.mjs). */
const ADMIN_TOKEN = 'relais-browser-tests-admin-token';

/** GET an admin route of the namespace (`/orders`, `/events`, `/report`) with its token, as JSON. */
export async function adminGet<T = unknown>(endpoint: string, path: string): Promise<T> {
  const response = await fetch(`${endpoint}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return response.json() as Promise<T>;
}

/** The incidents the namespace received (`GET /events`). */
export function serverIncidents(endpoint: string): Promise<Array<Record<string, unknown>>> {
  return adminGet(endpoint, '/events');
}
