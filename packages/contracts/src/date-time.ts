/**
 * A date-time as the documents Relais exchanges carry them (incidents, the health feed): ISO 8601
 * with a date, hours and minutes, optional seconds and fraction, and a zone. `Date.parse` alone
 * accepts "1" or "May 5".
 */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function isIsoDateTime(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}
