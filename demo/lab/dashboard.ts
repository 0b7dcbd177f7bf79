/**
 * `<relais-dashboard>`: what the merchant sees, drawn from what the reference server stores —
 * `GET {endpoint}/events` (incidents the pages reported) and `GET {endpoint}/orders` (orders
 * taken, queued ones marked). Charts are Observable Plot (SVG); the incident report is the
 * server's `GET {endpoint}/report` as JSON or CSV. Those routes need the merchant's admin token,
 * which the demo's lab hands to its own pages (admin.ts).
 */
import { LitElement, css, html, nothing } from 'lit';
import type { DashboardOrder, Outage, OutageReport } from '@relais/server';
import { adminFetch } from './admin.js';
import { drawCharts, type Plot } from './charts.js';
import { copy, word, type Lang } from './copy.js';
import './maintenance-strip.js';
import { nextPage, queuedBecause, totals, type DashboardIncident } from './rates.js';

const POLL_MS = 2000;
const REPORT_REFRESH_MS = 30_000;
/** Orders per page of `GET /orders?order=desc`: the newest first, whatever the day's volume. */
const PAGE_SIZE = 200;

export class RelaisDashboard extends LitElement {
  static override properties = {
    lang: { type: String },
    endpoint: { type: String },
    orders: { state: true },
    incidents: { state: true },
    outages: { state: true },
    unreachable: { state: true },
    olderOrders: { state: true },
    olderQuery: { state: true },
  };

  // Declared, set in the constructor: class fields would shadow Lit's reactive accessors.
  declare lang: Lang;
  declare endpoint: string;
  declare orders: DashboardOrder[];
  declare incidents: DashboardIncident[];
  declare unreachable: boolean;
  declare outages: Outage[];
  /** Pages the merchant asked for below the newest one, and the query of the next. */
  declare olderOrders: DashboardOrder[];
  declare olderQuery: string | undefined;
  #report: OutageReport | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #reportAt = 0;
  #plot: Plot | undefined;
  #shown: IntersectionObserver | undefined;

  constructor() {
    super();
    this.lang = 'fr';
    this.endpoint = '/checkout';
    this.orders = [];
    this.incidents = [];
    this.unreachable = false;
    this.outages = [];
    this.olderOrders = [];
    this.olderQuery = undefined;
  }

  static override styles = css`
    :host { display: block; }
    h2, h3 { margin-top: 0; }
    .charts { display: grid; gap: 1rem; }
    figure { margin: 0; }
    figcaption { font-weight: 600; margin-bottom: 0.25rem; }
    table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
    th, td { text-align: left; padding: 0.3rem 0.4rem; border-bottom: 1px solid #e5e7eb; }
    /* Tables scroll inside their own box: the page never gets wider than the screen. */
    .table { overflow: auto; max-width: 100%; }
    .orders { max-height: 18rem; }
    .charts figure { overflow-x: auto; }
    .totals { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; padding: 0; list-style: none; }
    button { font: inherit; padding: 0.3rem 0.8rem; }
    code { overflow-wrap: anywhere; }
    .exports { display: flex; gap: 1rem; flex-wrap: wrap; }
    a { color: #1d4ed8; }
    :focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
    .warning { color: #92400e; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    // Observable Plot is most of the dashboard's code: fetched once the dashboard comes near the
    // screen, not with the shop.
    this.#shown = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      this.#shown?.disconnect();
      void import('@observablehq/plot').then((module) => {
        this.#plot = module;
        this.requestUpdate();
      });
    }, { rootMargin: '200px' });
    this.#shown.observe(this);
    void this.refresh();
    this.#timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, POLL_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
    this.#shown?.disconnect();
  }

  async refresh(): Promise<void> {
    try {
      const get = async <T>(path: string): Promise<T> => {
        const response = await adminFetch(`${this.endpoint}${path}`);
        if (!response.ok) throw new Error(`${path} answered ${response.status}`);
        if (path.startsWith('/orders') && this.olderOrders.length === 0) this.olderQuery = nextPage(response.headers.get('link'));
        return (await response.json()) as T;
      };
      // The last day: what a merchant looks at after an incident. Orders come newest first, a
      // page at a time, so a busy day still shows the latest ones.
      const since = `?since=${new Date(Date.now() - 24 * 3600_000).toISOString()}`;
      const [newest, incidents] = await Promise.all([
        get<DashboardOrder[]>(`/orders${since}&order=desc&limit=${PAGE_SIZE}`),
        get<DashboardIncident[]>(`/events${since}`),
      ]);
      const orders = [...newest].reverse(); // oldest first, as the charts read them
      // Polled every 2 s: only new data redraws the charts, and asks the server for the report
      // again (or once in a while, since an outage stops being "ongoing" with time alone).
      const ordersChanged = JSON.stringify(orders) !== JSON.stringify(this.orders);
      const incidentsChanged = JSON.stringify(incidents) !== JSON.stringify(this.incidents);
      if (ordersChanged || incidentsChanged || Date.now() - this.#reportAt > REPORT_REFRESH_MS) {
        const report = await get<OutageReport>(`/report${since}&format=json`);
        this.#reportAt = Date.now();
        this.#report = report;
        if (JSON.stringify(report.outages) !== JSON.stringify(this.outages)) this.outages = report.outages;
        else this.requestUpdate(); // which queued orders the shopper's connection explains may change
      }
      if (ordersChanged) this.orders = orders;
      if (incidentsChanged) this.incidents = incidents;
      this.unreachable = false;
    } catch {
      this.unreachable = true; // the lab may have taken the server down: keep the last data
    }
  }

  /** The next page of older orders, below those shown. */
  #older = async (): Promise<void> => {
    const query = this.olderQuery;
    if (query === undefined) return;
    try {
      const response = await adminFetch(`${this.endpoint}/orders?${query}`);
      if (!response.ok) throw new Error(`/orders answered ${response.status}`);
      const page = (await response.json()) as DashboardOrder[];
      this.olderQuery = nextPage(response.headers.get('link'));
      this.olderOrders = [...this.olderOrders, ...page];
    } catch {
      this.unreachable = true;
    }
  };

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
    if (!this.#plot) return html`<p class="charts-loading">${t.dashboard.loadingCharts}</p>`;
    const { rate, timeline } = drawCharts({
      Plot: this.#plot,
      lang: this.lang,
      // One time axis for both charts, as wide as the dashboard (a phone's too).
      width: Math.max(280, this.clientWidth - 8),
      orders: this.orders,
      incidents: this.incidents,
      time: (d) => this.#time(d),
    });
    return html`<div class="charts">
      <figure><figcaption aria-hidden="true">${t.dashboard.chart}</figcaption>${rate}</figure>
      <figure><figcaption aria-hidden="true">${t.dashboard.incidents}</figcaption>${timeline}</figure>
    </div>`;
  }

  /** Per method: taken, failed, and the declines beside them (a decline is no failure). */
  #totals() {
    const t = copy[this.lang];
    return html`<ul class="totals">${totals(this.orders, this.incidents).map(
      (row) => html`<li>${t.dashboard.totals(word(t.methods, row.method), row.taken, row.failed, row.declined)}</li>`,
    )}</ul>`;
  }

  #queued(order: DashboardOrder) {
    const t = copy[this.lang];
    if (!order.queuedAt) return t.dashboard.direct;
    const because = queuedBecause(order, this.#report);
    const time = this.#time(order.queuedAt);
    if (because === 'shopper-offline') return t.dashboard.queuedOffline(time);
    if (because === 'merchant-server') return t.dashboard.queuedServerDown(time);
    return t.dashboard.queuedAt(time);
  }

  override render() {
    const t = copy[this.lang];
    const empty = this.orders.length === 0 && this.incidents.length === 0;
    return html`
      <h2>${t.dashboard.title}</h2>
      <relais-maintenance-strip endpoint=${this.endpoint} lang=${this.lang}></relais-maintenance-strip>
      ${this.unreachable ? html`<p class="warning" role="status">${t.dashboard.unreachable}</p>` : nothing}
      <p>${t.dashboard.chartSummary(this.orders.length, this.incidents.length)}</p>
      ${empty ? html`<p>${t.dashboard.empty}</p>` : html`${this.#totals()}${this.#charts()}`}
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
          <tbody>${[...[...this.orders].reverse(), ...this.olderOrders].map(
            (order) => html`<tr data-order=${order.orderId}>
              <td>${this.#time(order.createdAt)}</td><td><code>${order.orderId}</code></td>
              <td>${word(t.methods, order.method)}</td><td>${this.#money(order.amount, order.currency)}</td><td>${word(t.dashboard.statuses, order.status)}</td>
              <td>${this.#queued(order)}</td>
            </tr>`,
          )}</tbody>
        </table>
      </div>
      ${this.olderQuery === undefined ? nothing : html`<p><button type="button" @click=${this.#older}>${t.dashboard.olderOrders}</button></p>`}
    `;
  }
}

customElements.define('relais-dashboard', RelaisDashboard);

declare global {
  interface HTMLElementTagNameMap {
    'relais-dashboard': RelaisDashboard;
  }
}
