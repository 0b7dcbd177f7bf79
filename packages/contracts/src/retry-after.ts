/**
 * `Retry-After` (RFC 9110 §10.2.3), read strictly: delay-seconds (a non-negative integer) or an
 * HTTP date (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`). Anything else — "1.5", "-3", "soon",
 * a date in another format — is no instruction at all, and the caller's own backoff applies.
 */
const DELAY_SECONDS = /^\d+$/;
// The IMF-fixdate's shape; `Date.parse` then refuses a month or a day of the month that is not
// one. Kept short: this module is in the element's first-loaded bundle.
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/;

/** The wait it asks for in ms from `now` (0 for a date past), or undefined when absent or not well formed. */
export function retryAfterMs(header: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  if (DELAY_SECONDS.test(text)) return Number(text) * 1000;
  if (!IMF_FIXDATE.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
