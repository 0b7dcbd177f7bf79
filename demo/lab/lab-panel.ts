/**
 * `<relais-lab>`: the outage lab beside the shop. The controls edit a draft; "Apply" makes it the
 * demo server's lab state, and the shop then behaves as it would for a shopper meeting that
 * outage (a draft, so that moving through a radio group with the arrow keys does not reload the
 * page at every step). "Run the drill" plays a scripted sequence of outages and payments and
 * reports what the server recorded; "Play a success-rate alert" plays failing card payments and
 * shows the signed alert webhook the server sent (alert-play.ts).
 */
import { LitElement, css, html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { applyToStandIns, forgetFailures, readLab, replayQueue, writeLab } from './client.js';
import { ALERT_PLAY, playSuccessRateDrop, type AlertPlayReport } from './alert-play.js';
import { copy, word, type Lang } from './copy.js';
import { DRILL, runDrill, type DrillProgress, type DrillReport } from './drill.js';
import type { ReceivedAlert } from '@relais/lab';
import { ALL_UP, LAB_SUCCESS_RATE, LAB_PROVIDERS, MAINTENANCE, PROVIDER_MODES, needsReload, type LabState } from '@relais/lab/lab-state';

export class RelaisLab extends LitElement {
  static override properties = {
    lang: { type: String },
    state: { state: true },
    draft: { state: true },
    busy: { state: true },
    status: { state: true },
    report: { state: true },
    alertReport: { state: true },
  };

  // Declared, set in the constructor: class fields would shadow Lit's reactive accessors.
  declare lang: Lang;
  /** What the server applies now. */
  declare state: LabState;
  /** What the controls show; applied with the Apply button. */
  declare draft: LabState;
  declare busy: boolean;
  declare status: string;
  declare report: DrillReport | undefined;
  declare alertReport: AlertPlayReport | undefined;

  constructor() {
    super();
    this.lang = 'fr';
    this.state = ALL_UP;
    this.draft = ALL_UP;
    this.busy = false;
    this.status = '';
  }

  static override styles = css`
    :host { display: block; }
    h2, h3 { margin-top: 0; }
    fieldset { border: 1px solid #d1d5db; border-radius: 8px; margin: 0 0 0.75rem; padding: 0.5rem 0.75rem; }
    legend { font-weight: 600; padding: 0 0.25rem; }
    label { display: flex; gap: 0.5rem; align-items: baseline; padding: 0.15rem 0; }
    .intro { font-size: 0.9rem; color: #374151; }
    .actions { display: flex; gap: 0.75rem; flex-wrap: wrap; margin: 0.75rem 0; }
    button { font: inherit; padding: 0.45rem 1rem; border-radius: 999px; border: 1px solid #1d4ed8; background: #fff; color: #1d4ed8; cursor: pointer; }
    button.primary { background: #1d4ed8; color: #fff; }
    button[aria-disabled='true'] { opacity: 0.6; cursor: progress; }
    :focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
    .drill-frame iframe { width: 100%; height: 34rem; border: 2px dashed #9ca3af; border-radius: 8px; }
    table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
    th, td { text-align: left; padding: 0.3rem 0.4rem; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
    .verdict { font-weight: 700; }
    .verdict.passed { color: #166534; }
    .verdict.failed { color: #991b1b; }
    code { font-size: 0.8rem; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    readLab().then(
      (state) => (this.state = this.draft = state),
      (error: Error) => (this.status = copy[this.lang].lab.failed(error.message)),
    );
  }

  async #apply(next: LabState): Promise<void> {
    if (this.busy) return;
    const t = copy[this.lang].lab;
    const before = this.state;
    this.busy = true;
    this.status = t.applying;
    try {
      this.state = this.draft = await writeLab(next);
      applyToStandIns(this.state);
      if (needsReload(before, this.state)) {
        await forgetFailures();
        location.reload();
        return;
      }
      if ((before.merchantDown && !this.state.merchantDown) || (before.offline && !this.state.offline)) replayQueue();
      this.status = t.applied;
    } catch (error) {
      this.draft = this.state;
      this.status = t.failed((error as Error).message);
    } finally {
      this.busy = false;
    }
  }

  /** Plays shoppers in the drill's frame; `running` names each step in the status line. */
  async #play<T>(run: (frame: HTMLElement, onStep: DrillProgress) => Promise<T>, running: (index: number, step: string) => string): Promise<T | undefined> {
    if (this.busy) return undefined;
    const t = copy[this.lang].drill;
    this.busy = true;
    this.report = this.alertReport = undefined;
    try {
      const frame = this.renderRoot.querySelector<HTMLElement>('.drill-frame')!;
      const result = await run(frame, (step, index) => (this.status = running(index + 1, t.steps[step.id])));
      this.state = this.draft = await readLab();
      applyToStandIns(this.state);
      return result;
    } catch (error) {
      this.status = t.stopped((error as Error).message);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  async #drill(): Promise<void> {
    const t = copy[this.lang].drill;
    const report = await this.#play((frame, onStep) => runDrill(frame, this.lang, onStep), (index, step) => t.running(index, DRILL.length, step));
    if (!report) return;
    this.report = report;
    this.status = report.passed ? t.passed : t.notPassed;
  }

  async #playAlert(): Promise<void> {
    const t = copy[this.lang].alertPlay;
    const report = await this.#play((frame, onStep) => playSuccessRateDrop(frame, this.lang, onStep), (index, step) => t.running(index, ALERT_PLAY.length, step));
    if (!report) return;
    this.alertReport = report;
    this.status = alertPassed(report) ? t.passed : t.notPassed;
  }

  override render() {
    const t = copy[this.lang];
    const { draft } = this;
    const changed = JSON.stringify(draft) !== JSON.stringify(this.state);
    const set = (change: Partial<LabState>) => (this.draft = { ...draft, ...change });
    return html`
      <h2 id="lab-title">${t.lab.title}</h2>
      <p class="intro">${t.lab.intro}</p>
      ${LAB_PROVIDERS.map(
        (provider) => html`<fieldset>
          <legend>${t.lab.providers[provider]}</legend>
          ${PROVIDER_MODES.map(
            (mode) => html`<label>
              <input type="radio" name=${provider} value=${mode} .checked=${live(draft[provider] === mode)}
                @change=${() => set({ [provider]: mode })} />
              ${t.lab.modes[mode]}
            </label>`,
          )}
        </fieldset>`,
      )}
      <fieldset>
        <legend>${t.lab.merchant}</legend>
        <label><input type="checkbox" name="merchantDown" .checked=${live(draft.merchantDown)}
          @change=${(event: Event) => set({ merchantDown: (event.target as HTMLInputElement).checked })} />
          ${t.lab.merchantDown}</label>
        <label><input type="checkbox" name="offline" .checked=${live(draft.offline)}
          @change=${(event: Event) => set({ offline: (event.target as HTMLInputElement).checked })} />
          ${t.lab.offline}</label>
        <label><input type="checkbox" name="trackersBlocked" .checked=${live(draft.trackersBlocked)}
          @change=${(event: Event) => set({ trackersBlocked: (event.target as HTMLInputElement).checked })} />
          ${t.lab.trackersBlocked}</label>
      </fieldset>
      <fieldset>
        <legend>${t.lab.maintenance}</legend>
        ${MAINTENANCE.map(
          (maintenance) => html`<label>
            <input type="radio" name="maintenance" value=${maintenance} .checked=${live(draft.maintenance === maintenance)}
              @change=${() => set({ maintenance })} />
            ${t.lab.maintenances[maintenance]}
          </label>`,
        )}
      </fieldset>
      <div class="actions">
        <!-- aria-disabled, not disabled: the button keeps the keyboard focus while the lab works. -->
        <button type="button" class="primary" aria-disabled=${String(this.busy || !changed)}
          @click=${() => changed && this.#apply(draft)}>${needsReload(this.state, draft) ? t.lab.applyReload : t.lab.apply}</button>
        <button type="button" aria-disabled=${String(this.busy)} @click=${() => this.#apply(ALL_UP)}>${t.lab.restore}</button>
        <button type="button" aria-disabled=${String(this.busy)} @click=${() => this.#drill()}>${t.drill.run}</button>
        <button type="button" aria-disabled=${String(this.busy)} @click=${() => this.#playAlert()}>${t.alertPlay.run}</button>
      </div>
      <p role="status" class="status">${this.status}</p>
      <div class="drill-frame"></div>
      ${this.report ? this.#renderReport(this.report) : nothing}
      ${this.alertReport ? this.#renderAlertReport(this.alertReport) : nothing}
    `;
  }

  #renderAlertReport({ fired, resolved, payments }: AlertPlayReport) {
    const t = copy[this.lang].alertPlay;
    const time = (alert: ReceivedAlert) => new Date(alert.receivedAt).toLocaleTimeString(this.lang);
    return html`<section class="report" aria-labelledby="alert-title">
      <h3 id="alert-title">${t.title}</h3>
      <p>${t.intro(LAB_SUCCESS_RATE.attempts, LAB_SUCCESS_RATE.below * 100)}</p>
      <p class="verdict ${fired?.signatureVerified ? 'passed' : 'failed'}" data-alert="firing">
        ${fired ? `${t.fired(fired.summary, time(fired))} ${t.signature(fired.signatureVerified)}` : t.missing(t.alert)}
      </p>
      <p class="verdict ${resolved?.signatureVerified ? 'passed' : 'failed'}" data-alert="resolved">
        ${resolved ? `${t.resolved(time(resolved))} ${t.signature(resolved.signatureVerified)}` : t.missing(t.resolution)}
      </p>
      ${payments.passed ? nothing : this.#renderReport(payments)}
    </section>`;
  }

  #renderReport(report: DrillReport) {
    const t = copy[this.lang];
    return html`<section class="report" aria-labelledby="drill-title">
      <h3 id="drill-title">${t.drill.title}</h3>
      <p class="verdict ${report.passed ? 'passed' : 'failed'}">
        ${t.drill.summary(report.ordersTaken, report.lost, report.chargedTwice)} ${report.passed ? t.drill.passed : t.drill.notPassed}
      </p>
      <table>
        <thead><tr>
          <th scope="col">${t.drill.columns.step}</th><th scope="col">${t.drill.columns.outcome}</th>
          <th scope="col">${t.drill.columns.method}</th><th scope="col">${t.drill.columns.charges}</th>
          <th scope="col">${t.drill.columns.order}</th>
        </tr></thead>
        <tbody>${report.steps.map(
          (result) => html`<tr data-step=${result.step.id}>
            <td>${t.drill.steps[result.step.id]}</td>
            <td>${t.drill.outcomes[result.outcome]}${result.error ? html`<br /><small>${t.drill.stepError(result.error)}</small>` : nothing}</td>
            <td>${result.recorded ? word(t.methods, result.recorded) : result.taken ? t.drill.lostOrder : '—'}</td>
            <td>${result.charges}</td>
            <td><code>${result.orderId ?? '—'}</code></td>
          </tr>`,
        )}</tbody>
      </table>
    </section>`;
  }
}

const alertPassed = ({ fired, resolved }: AlertPlayReport) => Boolean(fired?.signatureVerified && resolved?.signatureVerified);

customElements.define('relais-lab', RelaisLab);

declare global {
  interface HTMLElementTagNameMap {
    'relais-lab': RelaisLab;
  }
}
