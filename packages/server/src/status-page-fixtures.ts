// Shared by the tests (not a test file itself, and not exported by the package): Statuspage v2
// `summary.json` documents shaped like the format's public documentation, and a local server
// that answers them (or fails the ways a real page fails).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const PAGE_ID = 'y2j98763l56x';
const created = '2024-01-01T00:00:00.000Z';

export interface ComponentFixture {
  name: string;
  status: string;
}

export interface MaintenanceFixture {
  name: string;
  status: string;
  scheduled_for: string;
  scheduled_until: string;
  /** Names of the components it affects. */
  components: string[];
}

export function summary(components: ComponentFixture[], maintenances: MaintenanceFixture[] = []): Record<string, unknown> {
  const component = ({ name, status }: ComponentFixture, position: number) => ({
    id: `cmp${position}`, name, status, created_at: created, updated_at: created, position,
    description: null, showcase: true, start_date: null, group_id: null, page_id: PAGE_ID, group: false,
    only_show_if_degraded: false,
  });
  return {
    page: { id: PAGE_ID, name: 'Provider Status', url: 'https://status.provider.test', time_zone: 'Etc/UTC', updated_at: created },
    status: { indicator: 'none', description: 'All Systems Operational' },
    components: components.map(component),
    incidents: [],
    scheduled_maintenances: maintenances.map((entry, index) => ({
      id: `mnt${index}`, name: entry.name, status: entry.status, created_at: created, updated_at: created,
      monitoring_at: null, resolved_at: null, shortlink: 'https://stspg.io/x', started_at: entry.scheduled_for,
      page_id: PAGE_ID, impact: 'maintenance', incident_updates: [],
      components: entry.components.map((name) => component({ name, status: 'under_maintenance' }, 0)),
      scheduled_for: entry.scheduled_for, scheduled_until: entry.scheduled_until,
    })),
  };
}

/** What the fake page answers next: a document, or one of the ways a page fails. */
export type PageAnswer =
  | { json: unknown }
  | { html: true }
  | { status: number }
  | { huge: number }
  | { hang: true };

export interface FakeStatusPage {
  url: string;
  answer: PageAnswer;
  /** Requests received. */
  reads: number;
  close(): Promise<void>;
}

export async function fakeStatusPage(answer: PageAnswer): Promise<FakeStatusPage> {
  const page = { answer, reads: 0 } as FakeStatusPage;
  const server: Server = createServer((request, response) => {
    page.reads += 1;
    const now = page.answer;
    if ('hang' in now) return; // headers never come: the reader's timeout must end it
    if ('status' in now) return void response.writeHead(now.status, { 'content-type': 'text/plain' }).end('Internal Server Error');
    if ('html' in now) return void response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Status</title><p>All good');
    if ('huge' in now) {
      // No content-length: the reader must count as it reads.
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`{"components":[],"padding":"${'x'.repeat(now.huge)}"}`);
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(now.json));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  page.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2/summary.json`;
  page.close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return page;
}

/** Polls `check` until it answers something, at most `ms`: for what a timer does, not an event. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
