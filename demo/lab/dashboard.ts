/**
 * `<relais-dashboard>`: what the merchant sees, drawn from what the reference server stores —
 * `GET {endpoint}/events` (incidents the pages reported) and `GET {endpoint}/orders` (orders
 * taken, queued ones marked). Charts are Observable Plot (SVG); the incident report is the
 * server's `GET {endpoint}/report` as JSON or CSV. Those routes need the merchant's admin token,
 * which the demo's lab hands to its own pages (admin.ts).
 */
import * as Plot from '@observablehq/plot';
import { LitElement, css, html, nothing } from 'lit';
import type { DashboardOrder, Outage, OutageReport } from '@relais/server';
import { adminFetch } from './admin.js';
import { copy, word, type Lang } from './copy.js';
import { METHODS, bucketFor, successRates, type DashboardIncident, type RatePoint } from './rates.js';

const POLL_MS = 2000;
const REPORT_REFRESH_MS = 30_000;

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
  declare outages: Outage[];
  #timer: ReturnType<typeof setInterval> | undefined;
  #reportAt = 0;

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
    figcaption { font-weight: 600; margin-bottom: 0.25rem; }
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
        const response = await adminFetch(`${this.endpoint}${path}`);
        if (!response.ok) throw new Error(`${path} answered ${response.status}`);
        return (await response.json()) as T;
      };
      // The last day: what a merchant looks at after an incident (each route answers 1000 at most).
      const since = `?since=${new Date(Date.now() - 24 * 3600_000).toISOString()}`;
      const [orders, incidents] = await Promise.all([
        get<DashboardOrder[]>(`/orders${since}`),
        get<DashboardIncident[]>(`/events${since}`),
      ]);
      // Polled every 2 s: only new data redraws the charts, and asks the server for the report
      // again (or once in a while, since an outage stops being "ongoing" with time alone).
      const ordersChanged = JSON.stringify(orders) !== JSON.stringify(this.orders);
      const incidentsChanged = JSON.stringify(incidents) !== JSON.stringify(this.incidents);
      if (ordersChanged || incidentsChanged || Date.now() - this.#reportAt > REPORT_REFRESH_MS) {
        const report = await get<OutageReport>(`/report${since}&format=json`);
        this.#reportAt = Date.now();
        if (JSON.stringify(report.outages) !== JSON.stringify(this.outages)) this.outages = report.outages;
      }
      if (ordersChanged) this.orders = orders;
      if (incidentsChanged) this.incidents = incidents;
      this.unreachable = false;
    } catch {
      this.unreachable = true; // the lab may have taken the server down: keep the last data
    }
  }

  /**
   * A plain link cannot send the admin token: the report is fetched with it and saved from a
   * blob, under the name the server gives (`Content-Disposition`).
   */
  #download = async (event: MouseEvent): Promise<void> => {
    event.preventDefault();
    const link = event.currentTarget as HTMLAnchorElement;
    try {
      const response = await adminFetch(link.href);
      if (!response.ok) throw new Error(`the report answered ${response.status}`);
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'relais-incidents';
      const url = URL.createObjectURL(await response.blob());
      const save = Object.assign(document.createElement('a'), { href: url, download: name });
      save.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      this.unreachable = true;
    }
  };

  #time(value: Date | string): string {
    return new Intl.DateTimeFormat(this.lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(value));
  }

  #money(minor: number, currency: string): string {
    const format = new Intl.NumberFormat(this.lang, { style: 'currency', currency });
    return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  }

  #charts() {
    const t = copy[this.lang];
    const times = [...this.orders.map((o) => Date.parse(o.createdAt)), ...this.incidents.map((i) => Date.parse(i.receivedAt))];
    const bucketMs = bucketFor(times);
    const rates = successRates(this.orders, this.incidents, bucketMs);
    const methodName = (method: string) => word(t.methods, method);
    const color = { legend: true, domain: METHODS.map(methodName), range: ['#4f46e5', '#b45309', '#047857'] };
    // One time axis for both charts, as wide as the dashboard, a readable label every 140 px.
    const width = Math.max(320, this.clientWidth - 48);
    const x = {
      type: 'time' as const,
      label: t.dashboard.time,
      // From the first bucket's start: its point sits there, before the first event.
      domain: [new Date(Math.floor(Math.min(...times) / bucketMs) * bucketMs), new Date(Math.max(...times))],
      tickFormat: (d: Date) => this.#time(d),
      ticks: Math.max(2, Math.floor(width / 140)),
    };
    const rateChart = asImage(Plot.plot({
      ariaLabel: t.dashboard.chart,
      width,
      height: 220,
      marginLeft: 48,
      x,
      y: { label: t.dashboard.rate, domain: [0, 100], grid: true },
      color,
      marks: [
        Plot.ruleY([0]),
        Plot.lineY(rates, { clip: true, x: 'time', y: 'rate', z: 'method', stroke: (d: RatePoint) => methodName(d.method), marker: 'circle' }),
        // Native SVG titles, not Plot's pointer tips: those are drawn on hover, after asImage ran.
        Plot.dot(rates, { x: 'time', y: 'rate', r: 6, fill: 'transparent', title: (d: RatePoint) => `${methodName(d.method)}: ${d.rate} % (${d.taken}/${d.taken + d.failed})` }),
      ],
    }));
    const incidents = this.incidents.map((incident) => ({
      ...incident,
      time: new Date(incident.receivedAt),
      method: methodName(incident.provider),
      cause: word(t.dashboard.kinds, incident.kind),
    }));
    const timeline = asImage(Plot.plot({
      ariaLabel: t.dashboard.incidents,
      width,
      height: 140,
      marginLeft: 110,
      x,
      y: { label: null, domain: METHODS.map(methodName) },
      symbol: { legend: true },
      marks: [
        Plot.dot(incidents, { x: 'time', y: 'method', symbol: 'cause', stroke: '#991b1b', r: 5, title: (d: (typeof incidents)[number]) => `${d.cause} · ${d.orderId}` }),
      ],
    }));
    return html`<div class="charts">
      <figure><figcaption aria-hidden="true">${t.dashboard.chart}</figcaption>${rateChart}</figure>
      <figure><figcaption aria-hidden="true">${t.dashboard.incidents}</figcaption>${timeline}</figure>
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
      ${this.outages.length === 0 ? html`<p>${t.dashboard.noOutage}</p>` : html`<div class="table" role="region" aria-labelledby="outages-title" tabindex="0"><table>
        <thead><tr>
          <th scope="col">${t.dashboard.outage.provider}</th><th scope="col">${t.dashboard.outage.cause}</th>
          <th scope="col">${t.dashboard.outage.from}</th><th scope="col">${t.dashboard.outage.until}</th>
          <th scope="col">${t.dashboard.outage.otherMethod}</th><th scope="col">${t.dashboard.outage.queued}</th>
          <th scope="col">${t.dashboard.outage.kept}</th>
        </tr></thead>
        <tbody>${[...this.outages].reverse().map(
          (outage) => html`<tr>
            <td>${word(t.methods, outage.provider)}</td><td>${word(t.dashboard.kinds, outage.cause)}</td>
            <td>${this.#time(outage.start)}</td><td>${outage.ongoing ? t.dashboard.outage.ongoing : this.#time(outage.end)}</td>
            <td>${outage.ordersThroughOtherMethod.length}</td><td>${outage.ordersQueued.length}</td>
            <td>${outage.amountKept.map((kept) => this.#money(kept.amount, kept.currency)).join(', ') || '—'}</td>
          </tr>`,
        )}</tbody>
      </table></div>`}
      <p class="exports">
        <a href="${this.endpoint}/report?format=json" download @click=${this.#download}>${t.dashboard.exportJson}</a>
        <a href="${this.endpoint}/report?format=csv" download @click=${this.#download}>${t.dashboard.exportCsv}</a>
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
              <td>${word(t.methods, order.method)}</td><td>${this.#money(order.amount, order.currency)}</td><td>${word(t.dashboard.statuses, order.status)}</td>
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
