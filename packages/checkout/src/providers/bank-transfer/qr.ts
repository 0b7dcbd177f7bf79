/**
 * QR symbol for the EPC payload: the module matrix from uqr, drawn as one SVG path by Lit so
 * no markup string is ever parsed.
 */
import { html, type TemplateResult } from 'lit';
import { encode } from 'uqr';

/** EPC069-12 fixes the error correction level at M. */
export const QR_ECC = 'M';
/**
 * EPC069-12 caps the symbol at version 13 (69×69 modules) so phone cameras read it from
 * paper and screens alike; 331 payload bytes fit exactly.
 */
export const QR_MAX_VERSION = 13;
/** ISO/IEC 18004 asks for a light margin (quiet zone) of 4 modules on every side. */
export const QR_QUIET_ZONE = 4;

/**
 * The symbol without quiet zone, `true` = dark, `matrix[row][column]`.
 *
 * The payload goes in as UTF-8 bytes in byte mode, because the EPC payload declares
 * character set "1" (UTF-8). uqr would also encode a string as UTF-8, but via `encodeURI`,
 * which throws on a lone surrogate, and it silently picks alphanumeric mode for strings that
 * allow it; handing it bytes pins both. (uqr only takes a plain `number[]`, not a Uint8Array.)
 *
 * @throws RangeError when the payload does not fit version 13 at level M (over 331 bytes);
 * `epcPayload` never returns such a payload.
 */
export function qrMatrix(payload: string): boolean[][] {
  const bytes = Array.from(new TextEncoder().encode(payload));
  // uqr's default border is 1 module, below the standard's 4; the quiet zone is drawn
  // by renderQr instead, so the matrix stays the bare symbol.
  return encode(bytes, { ecc: QR_ECC, maxVersion: QR_MAX_VERSION, border: 0 }).data;
}

/**
 * An `<svg role="img">` named by `label`: black modules on a white square that includes the
 * quiet zone, one unit per module. Without width/height it fills its container; size it in
 * CSS. `crispEdges` keeps adjacent modules from showing anti-aliased seams, which scanners
 * can read as light lines.
 */
export function renderQr(matrix: readonly (readonly boolean[])[], label: string): TemplateResult {
  const side = matrix.length + 2 * QR_QUIET_ZONE;
  return html`<svg
    role="img"
    aria-label=${label}
    viewBox="0 0 ${side} ${side}"
    shape-rendering="crispEdges"
  >
    <rect width=${side} height=${side} fill="#fff"></rect>
    <path fill="#000" d=${darkModules(matrix)}></path>
  </svg>`;
}

/** One rectangle per horizontal run of dark modules, offset by the quiet zone. */
function darkModules(matrix: readonly (readonly boolean[])[]): string {
  let d = '';
  matrix.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x += 1;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x += 1;
      const run = x - start;
      d += `M${start + QR_QUIET_ZONE} ${y + QR_QUIET_ZONE}h${run}v1h-${run}z`;
    }
  });
  return d;
}
