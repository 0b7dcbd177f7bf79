import { json, problem } from './http.js';
import type { IncidentStore } from './incident-store.js';
import type { OrderStore } from './order-store.js';
import { dashboardOrder } from './orders-route.js';
import { outageReport, outageReportCsv } from './outage-report.js';
import { sinceOf } from './since-param.js';
import { backendOf } from './store-backend.js';

/**
 * The incidents, and the orders, one page of `GET /report` reads at most by default (`limit`
 * asks for up to `REPORT_MAX_ROWS`). A report's cost is that of its page, whatever the tables
 * hold; a longer period comes in pages, never cut short without saying so.
 */
export const REPORT_PAGE_ROWS = 1000;
export const REPORT_MAX_ROWS = 10_000;

const FORMATS = ['json', 'csv'] as const;
type Format = (typeof FORMATS)[number];
const isFormat = (value: string): value is Format => (FORMATS as readonly string[]).includes(value);

/**
 * `GET /report?since=ISO&format=json|csv&limit=N`: the outage report (see outage-report.ts) of one
 * page of the period (`REPORT_PAGE_ROWS` incidents and orders by default; when the period goes on,
 * `until` in the JSON and a `Link: rel="next"` header name the next page), as a file to
 * download (`Content-Disposition: attachment`), so a plain link in the merchant's dashboard saves
 * it. Admin only, like `GET /events` (it lists order ids and amounts): the handler wraps it.
 * Incidents for order ids this server never recorded are left out: anyone can post those, and
 * an outage in the merchant's report must not be one a stranger made up.
 */
export function getReport(store: OrderStore, incidents: IncidentStore, now: () => number = Date.now) {
  const readOrders = backendOf(store)?.reportOrders
    ?? (async (sinceMs: number, limit: number) => (await store.since(sinceMs, limit)).map(dashboardOrder));
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const sinceMs = sinceOf(url);
    if (sinceMs === undefined) return problem(400, 'invalid-query', { field: 'since' });
    const format = url.searchParams.get('format') ?? 'json';
    if (!isFormat(format)) return problem(400, 'invalid-query', { field: 'format' });
    const limitParam = url.searchParams.get('limit');
    const limit = limitParam === null ? REPORT_PAGE_ROWS : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 1 || limit > REPORT_MAX_ROWS) return problem(400, 'invalid-query', { field: 'limit' });

    // One row more than the page tells whether the period goes on past it.
    const [allIncidents, allOrders] = await Promise.all([incidents.since(sinceMs, limit + 1), readOrders(sinceMs, limit + 1)]);
    const incidentTimes = allIncidents.map((incident) => Date.parse(incident.receivedAt));
    const orderTimes = allOrders.map((order) => Date.parse(order.createdAt));
    // The page ends where the first list that ran over has its first row left out: everything
    // before that moment is in both lists.
    const untilMs = Math.min(
      allIncidents.length > limit ? incidentTimes[limit]! : Infinity,
      allOrders.length > limit ? orderTimes[limit]! : Infinity,
    );
    if (untilMs <= sinceMs) {
      // More than `limit` rows within one millisecond: a page could not end inside the period.
      return problem(413, 'report-page-too-small', { limit });
    }
    const report = outageReport(
      allIncidents.filter((incident, index) => incident.orderKnown && incidentTimes[index]! < untilMs),
      allOrders.filter((_, index) => orderTimes[index]! < untilMs),
      { now: now(), since: url.searchParams.has('since') ? new Date(sinceMs).toISOString() : null },
    );
    const headers: Record<string, string> = {
      'cache-control': 'no-store',
      'content-disposition': `attachment; filename="relais-incidents-${report.generatedAt.slice(0, 10)}.${format}"`,
    };
    if (Number.isFinite(untilMs)) {
      report.until = new Date(untilMs).toISOString();
      const next = new URLSearchParams(url.searchParams);
      next.set('since', report.until);
      headers['link'] = `<?${next.toString()}>; rel="next"`;
    }
    if (format === 'json') return json(report, 200, headers);
    return new Response(outageReportCsv(report), {
      headers: { ...headers, 'content-type': 'text/csv; charset=utf-8; header=present' },
    });
  };
}
