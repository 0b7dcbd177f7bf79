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

/** Ends every scripted fault: the server answers normally again. */
export async function resetFaults(endpoint: string): Promise<void> {
  await fetch(`${endpoint}/__faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'reset' }),
  });
}
