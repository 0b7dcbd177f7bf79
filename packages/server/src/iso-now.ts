/**
 * `new Date().toISOString()`, written once per millisecond. Building and formatting a `Date` cost
 * about 0.7 µs of the 12 µs CPU the `POST /orders` handler spends on a new order on SQLite; with
 * orders arriving by the thousand a second, most fall in a millisecond whose text is written
 * already. The clock is read every time: the text is never older than `Date.now()`.
 */
let writtenAt = Number.NaN;
let written = '';

export function isoNow(): string {
  const now = Date.now();
  if (now !== writtenAt) {
    written = new Date(now).toISOString();
    writtenAt = now;
  }
  return written;
}
