/**
 * What a journey's invariants are checked on, read from the test merchant API in one request
 * (`/api/<ns>/__observe`, test/test-api.mjs): its orders, the sandbox ledger of every order a tab
 * held or the shop stored, and every request the API answered.
 */
import type { ServerOrder, ServerRequest } from '../api.js';
import type { Ledger } from '../payments.js';

export interface ServerView {
  orders: ServerOrder[];
  ledgers: Map<string, Ledger>;
  requests: ServerRequest[];
}

export async function observeServer(endpoint: string, orderIds: Iterable<string>): Promise<ServerView> {
  const query = new URLSearchParams([...new Set(orderIds)].map((id) => ['order', id]));
  const response = await fetch(`${endpoint}/__observe?${query.toString()}`);
  if (!response.ok) throw new Error(`the test API's observation answered ${response.status}: ${await response.text()}`);
  const { orders, ledgers, requests } = (await response.json()) as { orders: ServerOrder[]; ledgers: Record<string, Ledger>; requests: ServerRequest[] };
  return { orders, ledgers: new Map(Object.entries(ledgers)), requests };
}
