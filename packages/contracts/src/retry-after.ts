/**
 * `Retry-After` (RFC 9110 §10.2.3), read strictly: delay-seconds (a non-negative integer) or an
 * HTTP date (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`). Anything else — "1.5", "-3", "soon",
 * a date in another format — is no instruction at all, and the caller's own backoff applies.
 */
const DELAY_SECONDS = /^\d+$/;
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** The wait it asks for in ms from `now` (0 for a date past), or undefined when absent or not well formed. */
export function retryAfterMs(header: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  if (DELAY_SECONDS.test(text)) return Number(text) * 1000;
  if (!IMF_FIXDATE.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
