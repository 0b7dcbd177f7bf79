/**
 * `<relais-maintenance-strip>`: the next 24 hours of the providers' scheduled maintenances as a
 * calendar strip, from `GET {endpoint}/health` (`upcoming`: the merchant's configured windows and
 * those the providers' status pages announce). The health feed is public: no admin token needed.
 * The strip is drawn for the eye; the list under it says the same for everyone.
 */
import { LitElement, css, html } from 'lit';
import type { HealthDocument } from '@relais/server';

type Lang = 'fr' | 'en';
export type UpcomingWindow = HealthDocument['upcoming'][number];

const DAY_MS = 24 * 60 * 60_000;
const REFRESH_MS = 60_000;

const words = {
  fr: {
    title: 'Maintenances des prochaines 24 heures',
    none: 'Aucune maintenance prévue dans les 24 heures.',
    providers: { stripe: 'Stripe (carte)', paypal: 'PayPal', 'bank-transfer': 'Virement' } as Record<string, string>,
    sources: { configuration: 'configurée par le marchand', 'status-page': 'annoncée par sa page de statut' } as Record<string, string>,
    window: (provider: string, from: string, until: string, source: string) => `${provider} : de ${from} à ${until}, ${source}`,
    now: 'maintenant',
    later: '+24 h',
  },
  en: {
    title: 'Maintenance in the next 24 hours',
    none: 'No maintenance scheduled in the next 24 hours.',
    providers: { stripe: 'Stripe (card)', paypal: 'PayPal', 'bank-transfer': 'Bank transfer' } as Record<string, string>,
    sources: { configuration: 'set by the merchant', 'status-page': 'announced on its status page' } as Record<string, string>,
    window: (provider: string, from: string, until: string, source: string) => `${provider}: ${from} to ${until}, ${source}`,
    now: 'now',
    later: '+24 h',
  },
} satisfies Record<Lang, unknown>;

export interface StripSegment {
  window: UpcomingWindow;
  /** Percent of the strip's width from its left edge (now). */
  left: number;
  width: number;
}

/** Where each window sits on a strip from `now` to `now + 24 h`; the part past 24 h is cut. */
export function stripLayout(upcoming: readonly UpcomingWindow[], now: number): StripSegment[] {
  return upcoming.flatMap((window) => {
    const from = Math.max(Date.parse(window.from), now);
    const until = Math.min(Date.parse(window.until), now + DAY_MS);
    if (!(until > from)) return [];
    const left = ((from - now) / DAY_MS) * 100;
    return [{ window, left: Number(left.toFixed(2)), width: Number(Math.max(((until - from) / DAY_MS) * 100, 0.5).toFixed(2)) }];
  });
}

const time = (iso: string, lang: Lang) =>
  new Date(iso).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'short', hour: '2-digit', minute: '2-digit' });

export class RelaisMaintenanceStrip extends LitElement {
  static override properties = {
    lang: { type: String },
    endpoint: { type: String },
    upcoming: { attribute: false },
    now: { attribute: false },
  };

  declare lang: Lang;
  /** The merchant API; without it nothing is fetched and `upcoming` is drawn as set. */
  declare endpoint: string | undefined;
  declare upcoming: UpcomingWindow[];
  declare now: number | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  static override styles = css`
    :host { display: block; font: inherit; }
    h3 { font-size: 1rem; margin: 0 0 0.5rem; }
    .strip { position: relative; height: 1.25rem; border: 1px solid #8a8a8a; border-radius: 4px; background: #f4f4f4; }
    .segment { position: absolute; top: 0; bottom: 0; border-radius: 3px; }
    .paypal { background: #1f5fa8; }
    .stripe { background: #5b4bc4; }
    .bank-transfer { background: #2e7d4f; }
    .scale { display: flex; justify-content: space-between; font-size: 0.8rem; color: #555; }
    ul { margin: 0.5rem 0 0; padding-left: 1.25rem; }
  `;

  constructor() {
    super();
    this.lang = 'fr';
    this.endpoint = undefined;
    this.upcoming = [];
    this.now = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.endpoint === undefined) return;
    void this.refresh();
    this.#timer = setInterval(() => void this.refresh(), REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
  }

  /** Reads `upcoming` again; an unreachable or odd answer keeps what is shown. */
  async refresh(): Promise<void> {
    try {
      const response = await fetch(`${this.endpoint}/health`, { headers: { accept: 'application/json' }, cache: 'no-store' });
      if (!response.ok) return;
      const document = (await response.json()) as Partial<HealthDocument>;
      if (Array.isArray(document.upcoming)) this.upcoming = document.upcoming;
    } catch {
      // The strip is advice: the dashboard's other panels say when the API is unreachable.
    }
  }

  override render() {
    const t = words[this.lang] ?? words.fr;
    const segments = stripLayout(this.upcoming, this.now ?? Date.now());
    return html`<section aria-labelledby="title">
      <h3 id="title">${t.title}</h3>
      <div class="strip" aria-hidden="true">
        ${segments.map(({ window, left, width }) =>
          html`<span class="segment ${window.provider}" style="left: ${left}%; width: ${width}%" title=${t.providers[window.provider] ?? window.provider}></span>`)}
      </div>
      <div class="scale" aria-hidden="true"><span>${t.now}</span><span>${t.later}</span></div>
      ${segments.length === 0
        ? html`<p>${t.none}</p>`
        : html`<ul>${segments.map(({ window }) => html`<li>${t.window(
          t.providers[window.provider] ?? window.provider, time(window.from, this.lang), time(window.until, this.lang),
          `${t.sources[window.source] ?? window.source}${window.name ? ` (${window.name})` : ''}`,
        )}</li>`)}</ul>`}
    </section>`;
  }
}

if (!customElements.get('relais-maintenance-strip')) customElements.define('relais-maintenance-strip', RelaisMaintenanceStrip);
