/**
 * The dashboard's two charts, drawn with Observable Plot, which the dashboard imports only once it
 * is shown (the module is passed in). Buckets are bars, so a sudden failure is a step, not a
 * slope, and one bucket alone is still drawn; incidents are grouped per bucket with a count.
 */
import type * as PlotModule from '@observablehq/plot';
import type { DashboardOrder } from '@relais/server';
import { copy, word, type Lang } from './copy.js';
import {
  INCIDENT_ROWS, MARKER_KINDS, MARKER_SYMBOLS, METHODS, barEdges, bucketFor, incidentMarks, successRates, timeDomain,
  type DashboardIncident, type IncidentMark, type RatePoint,
} from './rates.js';

export type Plot = typeof PlotModule;

const COLORS = ['#4f46e5', '#be185d', '#b45309', '#047857'];

/**
 * Plot names each mark's `<g>` with `aria-label`, which ARIA forbids on a generic element (axe:
 * aria-prohibited-attr). The chart is one image named by its label (the visible caption says the
 * same, hidden from screen readers so it is not read twice); the outage and order tables carry
 * the data behind it.
 */
function asImage<T extends Element>(chart: T): T {
  const svgs = chart instanceof SVGSVGElement ? [chart] : [...chart.querySelectorAll('svg')];
  for (const svg of svgs) {
    if (svg.hasAttribute('aria-label')) svg.setAttribute('role', 'img');
    for (const group of svg.querySelectorAll('g[aria-label]')) group.removeAttribute('aria-label');
  }
  return chart;
}

export interface ChartInput {
  Plot: Plot;
  lang: Lang;
  width: number;
  orders: DashboardOrder[];
  incidents: DashboardIncident[];
  time: (value: Date) => string;
}

export function drawCharts({ Plot, lang, width, orders, incidents, time }: ChartInput): { rate: Element; timeline: Element } {
  const t = copy[lang];
  const times = [...orders.map((o) => Date.parse(o.createdAt)), ...incidents.map((i) => Date.parse(i.receivedAt))];
  const bucketMs = bucketFor(times);
  const methodName = (method: string) => word(t.methods, method);
  const slot = (d: RatePoint, edge: 0 | 1) => barEdges(d, bucketMs)[edge];
  const rates = successRates(orders, incidents, bucketMs);
  const x = {
    type: 'time' as const,
    label: t.dashboard.time,
    // Whole buckets: a single one is as wide as the chart, not a point of no width.
    domain: timeDomain(times, bucketMs),
    tickFormat: (d: Date) => time(d),
    ticks: Math.max(2, Math.floor(width / 140)),
  };
  // Methods keep their colour and order whatever the language: the domain is the fixed list.
  const color = { legend: true, domain: METHODS, range: COLORS, tickFormat: methodName };
  const rate = asImage(Plot.plot({
    ariaLabel: t.dashboard.chart,
    width,
    height: 220,
    marginLeft: 48,
    x,
    y: { label: t.dashboard.rate, domain: [0, 100], grid: true },
    color,
    marks: [
      Plot.rectY(rates, { x1: (d: RatePoint) => slot(d, 0), x2: (d: RatePoint) => slot(d, 1), y: 'rate', fill: 'method', fillOpacity: 0.35, insetLeft: 1, insetRight: 1 }),
      // The top of each bar, visible at 0 % too: a method that failed every order.
      Plot.ruleY(rates, {
        x1: (d: RatePoint) => slot(d, 0), x2: (d: RatePoint) => slot(d, 1), y: 'rate', stroke: 'method', strokeWidth: 3,
        // Native SVG titles, not Plot's pointer tips: those are drawn on hover, after asImage ran.
        title: (d: RatePoint) => t.dashboard.rateTitle(methodName(d.method), d.rate, d.taken, d.failed, d.declined),
      }),
      Plot.ruleY([0]),
    ],
  }));
  const marks = incidentMarks(incidents, bucketMs);
  const timeline = asImage(Plot.plot({
    ariaLabel: t.dashboard.incidents,
    width,
    height: 170,
    marginLeft: 120,
    x,
    y: { label: null, domain: INCIDENT_ROWS, tickFormat: methodName },
    symbol: { legend: true, domain: MARKER_KINDS, range: MARKER_SYMBOLS, tickFormat: (kind: string) => word(t.dashboard.kinds, kind) },
    r: { range: [4, 10] },
    marks: [
      Plot.dot(marks, {
        x: (d: IncidentMark) => new Date(d.time.getTime() + bucketMs / 2), y: 'row', symbol: 'kind', r: 'count', stroke: '#991b1b', strokeWidth: 1.5,
        title: (d: IncidentMark) => t.dashboard.markTitle(d.count, word(t.dashboard.kinds, d.kind), methodName(d.row)),
      }),
      Plot.text(marks.filter((d) => d.count > 1), {
        x: (d: IncidentMark) => new Date(d.time.getTime() + bucketMs / 2), y: 'row', text: (d: IncidentMark) => `×${d.count}`, dy: -14, fill: '#7f1d1d', fontSize: 11,
      }),
    ],
  }));
  return { rate, timeline };
}
