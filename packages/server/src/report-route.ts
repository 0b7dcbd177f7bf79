import { json, problem } from './http.js';
import type { IncidentStore } from './incident-store.js';
import type { OrderStore } from './order-store.js';
import { dashboardOrder } from './orders-route.js';
import { outageReport, outageReportCsv } from './outage-report.js';
import { sinceOf } from './since-param.js';

/**
 * The most incidents, and the most orders, one `GET /report` reads (oldest first). The incidents
 * table keeps 10 000 rows by default, so only the orders can run past it: for a busy week, ask
 * for shorter periods with `since`.
 */
export const REPORT_ROW_LIMIT = 10_000;

const FORMATS = ['json', 'csv'] as const;
type Format = (typeof FORMATS)[number];
const isFormat = (value: string): value is Format => (FORMATS as readonly string[]).includes(value);

/**
 * `GET /report?since=ISO&format=json|csv`: the outage report (see outage-report.ts) as a file to
 * download (`Content-Disposition: attachment`), so a plain link in the merchant's dashboard saves
 * it. Admin only, like `GET /events` (it lists order ids and amounts): the handler wraps it.
 * Incidents for order ids this server never recorded are left out: anyone can post those, and
 * an outage in the merchant's report must not be one a stranger made up.
 */
export function getReport(store: OrderStore, incidents: IncidentStore, now: () => number = Date.now) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const sinceMs = sinceOf(url);
    if (sinceMs === undefined) return problem(400, 'invalid-query', { field: 'since' });
    const format = url.searchParams.get('format') ?? 'json';
    if (!isFormat(format)) return problem(400, 'invalid-query', { field: 'format' });

    const report = outageReport(
      (await incidents.since(sinceMs, REPORT_ROW_LIMIT)).filter((incident) => incident.orderKnown),
      (await store.since(sinceMs, REPORT_ROW_LIMIT)).map(dashboardOrder),
      { now: now(), since: url.searchParams.has('since') ? new Date(sinceMs).toISOString() : null },
    );
    const headers = {
      'cache-control': 'no-store',
      'content-disposition': `attachment; filename="relais-incidents-${report.generatedAt.slice(0, 10)}.${format}"`,
    };
    if (format === 'json') return json(report, 200, headers);
    return new Response(outageReportCsv(report), {
      headers: { ...headers, 'content-type': 'text/csv; charset=utf-8; header=present' },
    });
  };
}
