/**
 * `<relais-dashboard>`: what the merchant sees, drawn from what the reference server stores —
 * `GET {endpoint}/events` (incidents the pages reported) and `GET {endpoint}/orders` (orders
 * taken, queued ones marked). Charts are Observable Plot (SVG); the incident report is the
 * server's `GET {endpoint}/report` as JSON or CSV.
 */
import * as Plot from '@observablehq/plot';
import { LitElement, css, html, nothing } from 'lit';
import { copy, type Lang } from './copy.js';

export interface DashboardIncident {
  provider: string;
  kind: string;
  orderId: string;
  receivedAt: string;
}

export interface DashboardOrder {
  orderId: string;
  amount: number;
  currency: string;
  method: string;
  status: string;
  createdAt: string;
  queuedAt?: string;
}

/** Kinds that say a provider is not working (a decline is the shopper's bank, not an outage). */
const TECHNICAL = new Set(['sdk-load-failed', 'sdk-missing-global', 'sdk-timeout', 'csp', 'element-load-error', 'api-unavailable', 'integration-error']);
const METHODS = ['stripe', 'paypal', 'bank-transfer'];

/** One row of the server's outage report (`GET {endpoint}/report`). */
export interface ReportOutage {
  provider: string;
  cause: string;
  start: string;
  end: string;
  ongoing: boolean;
  ordersThroughOtherMethod: string[];
  ordersQueued: string[];
  amountKept: Array<{ currency: string; amount: number }>;
}

export interface RatePoint {
  time: Date;
  method: string;
  /** Orders taken / (orders taken + orders that met a technical failure), in %. */
  rate: number;
  taken: number;
  failed: number;
}

/**
 * Success rate per method and time bucket: orders the method took against distinct orders for
 * which it failed technically. A bucket where a method was not tried has no point.
 */
export function successRates(orders: DashboardOrder[], incidents: DashboardIncident[], bucketMs: number): RatePoint[] {
  const buckets = new Map<string, { time: Date; method: string; taken: Set<string>; failed: Set<string> }>();
  const bucket = (at: string, method: string) => {
    const start = Math.floor(Date.parse(at) / bucketMs) * bucketMs;
    const key = `${start} ${method}`;
    let entry = buckets.get(key);
    if (!entry) buckets.set(key, (entry = { time: new Date(start), method, taken: new Set(), failed: new Set() }));
    return entry;
  };
  for (const order of orders) if (METHODS.includes(order.method)) bucket(order.createdAt, order.method).taken.add(order.orderId);
  for (const incident of incidents) {
    if (TECHNICAL.has(incident.kind)) bucket(incident.receivedAt, incident.provider).failed.add(incident.orderId);
  }
  return [...buckets.values()]
    .map(({ time, method, taken, failed }) => ({
      time,
      method,
      taken: taken.size,
      failed: failed.size,
      rate: Math.round((100 * taken.size) / (taken.size + failed.size)),
    }))
    .sort((a, b) => a.time.getTime() - b.time.getTime());
}

/** About a dozen buckets over the span of the data, in whole 10-second steps (a drill lasts a minute). */
export function bucketFor(times: number[]): number {
  const step = 10_000;
  if (times.length === 0) return step;
  const span = Math.max(...times) - Math.min(...times);
  return Math.max(step, Math.ceil(span / 12 / step) * step);
}

const POLL_MS = 2000;

/**
 * Plot names each mark's `<g>` with `aria-label`, which ARIA forbids on a generic element (axe:
 * aria-prohibited-attr). The chart is one image with its label and description; the tables below
 * it carry the same data for screen readers.
 */
function asImage<T extends Element>(chart: T): T {
  const svgs = chart instanceof SVGSVGElement ? [chart] : [...chart.querySelectorAll('svg')];
  for (const svg of svgs) {
    if (svg.hasAttribute('aria-label')) svg.setAttribute('role', 'img');
    for (const group of svg.querySelectorAll('g[aria-label]')) group.removeAttribute('aria-label');
  }
  return chart;
}

export class RelaisDashboard extends LitElement {
  static override properties = {
    lang: { type: String },
    endpoint: { type: String },
    orders: { state: true },
    incidents: { state: true },
    outages: { state: true },
    unreachable: { state: true },
  };

  // Declared, set in the constructor: class fields would shadow Lit's reactive accessors.
  declare lang: Lang;
  declare endpoint: string;
  declare orders: DashboardOrder[];
  declare incidents: DashboardIncident[];
  declare unreachable: boolean;
  declare outages: ReportOutage[];
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.lang = 'fr';
    this.endpoint = '/checkout';
    this.orders = [];
    this.incidents = [];
    this.unreachable = false;
    this.outages = [];
  }

  static override styles = css`
    :host { display: block; }
    h2, h3 { margin-top: 0; }
    .charts { display: grid; gap: 1rem; }
    figure { margin: 0; }
    table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
    th, td { text-align: left; padding: 0.3rem 0.4rem; border-bottom: 1px solid #e5e7eb; }
    .table { overflow: auto; }
    .orders { max-height: 18rem; }
    .exports { display: flex; gap: 1rem; flex-wrap: wrap; }
    a { color: #1d4ed8; }
    :focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
    .warning { color: #92400e; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
    this.#timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, POLL_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
  }

  async refresh(): Promise<void> {
    try {
      const get = async <T>(path: string): Promise<T> => {
        const response = await fetch(`${this.endpoint}${path}`, { cache: 'no-store' });
        if (!response.ok) throw new Error(`${path} answered ${response.status}`);
        return (await response.json()) as T;
      };
      // The last day: what a merchant looks at after an incident (each route answers 1000 at most).
      const since = `?since=${new Date(Date.now() - 24 * 3600_000).toISOString()}`;
      const [orders, incidents, report] = await Promise.all([
        get<DashboardOrder[]>(`/orders${since}`),
        get<DashboardIncident[]>(`/events${since}`),
        get<{ outages: ReportOutage[] }>(`/report${since}&format=json`),
      ]);
      // Polled every 2 s: only new data redraws the charts.
      if (JSON.stringify(orders) !== JSON.stringify(this.orders)) this.orders = orders;
      if (JSON.stringify(incidents) !== JSON.stringify(this.incidents)) this.incidents = incidents;
      if (JSON.stringify(report.outages) !== JSON.stringify(this.outages)) this.outages = report.outages;
      this.unreachable = false;
    } catch {
      this.unreachable = true; // the lab may have taken the server down: keep the last data
    }
  }

  #time(value: Date | string): string {
    return new Intl.DateTimeFormat(this.lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(value));
  }

  #money(minor: number, currency: string): string {
    const format = new Intl.NumberFormat(this.lang, { style: 'currency', currency });
    return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  }

  #charts() {
    const t = copy[this.lang];
    const times = [...this.orders.map((o) => Date.parse(o.createdAt)), ...this.incidents.map((i) => Date.parse(i.receivedAt))];
    const rates = successRates(this.orders, this.incidents, bucketFor(times));
    const methodName = (method: string) => t.methods[method] ?? method;
    const color = { legend: true, domain: METHODS.map(methodName), range: ['#4f46e5', '#b45309', '#047857'] };
    // One time axis for both charts, as wide as the dashboard.
    const x = {
      type: 'time' as const,
      label: t.dashboard.time,
      domain: [new Date(Math.min(...times)), new Date(Math.max(...times))],
      tickFormat: (d: Date) => this.#time(d),
    };
    const width = Math.max(320, this.clientWidth - 48);
    const rateChart = asImage(Plot.plot({
      ariaLabel: t.dashboard.chart,
      ariaDescription: t.dashboard.chartSummary(this.orders.length, this.incidents.length),
      width,
      height: 220,
      marginLeft: 48,
      x,
      y: { label: t.dashboard.rate, domain: [0, 100], grid: true },
      color,
      marks: [
        Plot.ruleY([0]),
        Plot.lineY(rates, { clip: true, x: 'time', y: 'rate', z: 'method', stroke: (d: RatePoint) => methodName(d.method), marker: 'circle' }),
        Plot.tip(rates, Plot.pointer({ x: 'time', y: 'rate', title: (d: RatePoint) => `${methodName(d.method)}: ${d.rate} % (${d.taken}/${d.taken + d.failed})` })),
      ],
    }));
    const incidents = this.incidents.map((incident) => ({ ...incident, time: new Date(incident.receivedAt), method: methodName(incident.provider) }));
    const timeline = asImage(Plot.plot({
      ariaLabel: t.dashboard.incidents,
      width,
      height: 140,
      marginLeft: 110,
      x,
      y: { label: null, domain: METHODS.map(methodName) },
      symbol: { legend: true },
      marks: [
        Plot.dot(incidents, { x: 'time', y: 'method', symbol: 'kind', stroke: '#991b1b', r: 5, tip: true, title: (d: DashboardIncident) => `${d.kind} · ${d.orderId}` }),
      ],
    }));
    return html`<div class="charts">
      <figure><figcaption>${t.dashboard.chart}</figcaption>${rateChart}</figure>
      <figure><figcaption>${t.dashboard.incidents}</figcaption>${timeline}</figure>
    </div>`;
  }

  override render() {
    const t = copy[this.lang];
    const empty = this.orders.length === 0 && this.incidents.length === 0;
    return html`
      <h2>${t.dashboard.title}</h2>
      ${this.unreachable ? html`<p class="warning" role="status">${t.dashboard.unreachable}</p>` : nothing}
      <p>${t.dashboard.chartSummary(this.orders.length, this.incidents.length)}</p>
      ${empty ? html`<p>${t.dashboard.empty}</p>` : this.#charts()}
      <h3 id="outages-title">${t.dashboard.export}</h3>
      ${this.outages.length === 0 ? nothing : html`<div class="table" role="region" aria-labelledby="outages-title" tabindex="0"><table>
        <thead><tr>
          <th scope="col">${t.dashboard.outage.provider}</th><th scope="col">${t.dashboard.outage.cause}</th>
          <th scope="col">${t.dashboard.outage.from}</th><th scope="col">${t.dashboard.outage.until}</th>
          <th scope="col">${t.dashboard.outage.otherMethod}</th><th scope="col">${t.dashboard.outage.queued}</th>
          <th scope="col">${t.dashboard.outage.kept}</th>
        </tr></thead>
        <tbody>${[...this.outages].reverse().map(
          (outage) => html`<tr>
            <td>${t.methods[outage.provider] ?? outage.provider}</td><td><code>${outage.cause}</code></td>
            <td>${this.#time(outage.start)}</td><td>${outage.ongoing ? t.dashboard.outage.ongoing : this.#time(outage.end)}</td>
            <td>${outage.ordersThroughOtherMethod.length}</td><td>${outage.ordersQueued.length}</td>
            <td>${outage.amountKept.map((kept) => this.#money(kept.amount, kept.currency)).join(', ') || '—'}</td>
          </tr>`,
        )}</tbody>
      </table></div>`}
      <p class="exports">
        <a href="${this.endpoint}/report?format=json" download>${t.dashboard.exportJson}</a>
        <a href="${this.endpoint}/report?format=csv" download>${t.dashboard.exportCsv}</a>
      </p>
      <h3 id="orders-title">${t.dashboard.orders}</h3>
      <div class="table orders" role="region" aria-labelledby="orders-title" tabindex="0">
        <table>
          <thead><tr>
            <th scope="col">${t.dashboard.columns.time}</th><th scope="col">${t.dashboard.columns.order}</th>
            <th scope="col">${t.dashboard.columns.method}</th><th scope="col">${t.dashboard.columns.amount}</th>
            <th scope="col">${t.dashboard.columns.status}</th><th scope="col">${t.dashboard.columns.queued}</th>
          </tr></thead>
          <tbody>${[...this.orders].reverse().map(
            (order) => html`<tr data-order=${order.orderId}>
              <td>${this.#time(order.createdAt)}</td><td><code>${order.orderId}</code></td>
              <td>${t.methods[order.method] ?? order.method}</td><td>${this.#money(order.amount, order.currency)}</td><td>${t.dashboard.statuses[order.status] ?? order.status}</td>
              <td>${order.queuedAt ? t.dashboard.queuedAt(this.#time(order.queuedAt)) : t.dashboard.direct}</td>
            </tr>`,
          )}</tbody>
        </table>
      </div>
    `;
  }
}

customElements.define('relais-dashboard', RelaisDashboard);

declare global {
  interface HTMLElementTagNameMap {
    'relais-dashboard': RelaisDashboard;
  }
}
