import { css } from 'lit';

/**
 * Public theme hooks are `--relais-*` custom properties and `::part()`s; `--_x` are private.
 * Default colours meet WCAG AA contrast on white (checked by the axe tests).
 */
export const styles = css`
  :host {
    --_accent: var(--relais-accent, #1d4ed8);
    --_on-accent: var(--relais-on-accent, #ffffff);
    --_text: var(--relais-text, #111827);
    --_muted: var(--relais-muted, #4b5563);
    --_background: var(--relais-background, #ffffff);
    --_border: var(--relais-border, #d1d5db);
    --_error: var(--relais-error, #b91c1c);
    --_success: var(--relais-success, #166534);
    --_radius: var(--relais-radius, 8px);
    --_gap: var(--relais-spacing, 0.75rem);
    display: block;
    font-family: var(--relais-font, system-ui, sans-serif);
    color: var(--_text);
    background: var(--_background);
    line-height: 1.45;
  }
  :host([hidden]) {
    display: none;
  }
  [hidden] {
    display: none !important;
  }
  .base {
    display: grid;
    gap: var(--_gap);
  }
  .base.reserve {
    /* About a card form with the method list and the pay button, 320–400 px wide: the height the
       element takes once Stripe is shown, reserved from the first frame. */
    min-height: var(--relais-min-height, 32rem);
    align-content: start;
  }
  .notice:empty {
    display: none;
  }
  .notice,
  .alert {
    margin: 0;
    padding: var(--_gap);
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
  }
  .alert {
    border-color: var(--_error);
    color: var(--_error);
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    display: grid;
    gap: 0.25rem;
  }
  legend {
    font-weight: 600;
    margin-bottom: 0.25rem;
  }
  .method {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  .method:has(input:checked) {
    border-color: var(--_accent);
    box-shadow: 0 0 0 1px var(--_accent);
  }
  .method:has(input:disabled) {
    cursor: not-allowed;
    color: var(--_muted);
  }
  .panel {
    display: grid;
    gap: var(--_gap);
  }
  /* The method's own area. What says it loads and the form that replaces it share one place, and
     a card form's height is kept while it loads: the pay button below does not move. */
  .stage {
    display: grid;
    align-content: start;
  }
  .stage > *,
  .stage > slot::slotted(*) {
    grid-area: 1 / 1;
  }
  .stage.reserve {
    min-height: var(--relais-form-height, 17.5rem);
  }
  .hint,
  .loading {
    margin: 0;
    color: var(--_muted);
  }
  dl {
    margin: 0;
    display: grid;
    gap: 0.5rem;
  }
  .row {
    display: grid;
    grid-template-columns: minmax(7rem, auto) 1fr;
    gap: 0.5rem;
    align-items: center;
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .value {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
    word-break: break-word;
  }
  button {
    font: inherit;
    border-radius: var(--_radius);
    cursor: pointer;
  }
  button:focus-visible,
  input:focus-visible,
  .title:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  .copy {
    padding: 0.125rem 0.5rem;
    border: 1px solid var(--_border);
    background: var(--_background);
    color: var(--_text);
  }
  .pay {
    padding: 0.75rem 1rem;
    border: 0;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  .pay:disabled {
    cursor: not-allowed;
    opacity: 0.65;
  }
  .qr {
    margin: 0;
    display: grid;
    justify-items: start;
    gap: 0.25rem;
  }
  .qr svg {
    width: 10rem;
    height: 10rem;
    /* A QR code recoloured by high-contrast mode may no longer scan. */
    forced-color-adjust: none;
  }
  .qr figcaption {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .title {
    margin: 0;
    font-size: 1.125em;
    font-weight: 700;
  }
  .result {
    display: grid;
    gap: var(--_gap);
  }
  .result.succeeded .title {
    color: var(--_success);
  }
`;
