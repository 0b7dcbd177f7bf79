/**
 * CSV as RFC 4180 writes it (CRLF line ends, `"` doubled inside quoted fields), for files a
 * merchant opens in a spreadsheet.
 */

// A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (OWASP,
// "CSV Injection"); a leading apostrophe makes it text there and costs nothing elsewhere.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, neutralised if a spreadsheet would run it, quoted if it holds a quote, comma or line break. */
export function csvField(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows (the header first) as CSV text, each line ended by CRLF. */
export function toCsv(rows: ReadonlyArray<readonly string[]>): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
