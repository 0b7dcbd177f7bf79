import { isIsoDateTime } from '@relais/contracts';

/**
 * The `since` of the dashboard routes (`GET /events`, `/orders`, `/report`) in epoch ms: 0 when
 * absent, undefined when it is not an ISO 8601 date-time with a zone (the route answers 400).
 */
export function sinceOf(url: URL): number | undefined {
  const since = url.searchParams.get('since');
  if (since === null) return 0;
  return isIsoDateTime(since) ? Date.parse(since) : undefined;
}
