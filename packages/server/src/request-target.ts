import type { IncomingMessage } from 'node:http';

// A host name, IPv4 or bracketed IPv6, and a port: nothing that could carry a path or a query.
const HOST = /^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/i;

/** What the handler routes: the absolute URL of a request, and its path. */
export interface RequestTarget {
  href: string;
  pathname: string;
}

/**
 * A path no URL parser rewrites: segments of unreserved characters, none of them `.` or `..`,
 * no query. Its URL is the origin followed by it, with nothing parsed per request.
 */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+$/;

/**
 * The origins (`http://host:port`, as the URL parser writes them, or null: no valid origin) of
 * the Host headers seen lately, per scheme, keyed by the header as sent: a request from a known
 * host is neither matched against `HOST` again nor has its origin's key built.
 */
const httpOrigins = new Map<string, string | null>();
const httpsOrigins = new Map<string, string | null>();
const MOST_ORIGINS = 64;
/** The key of a request without Host (never a header value: `HOST` refuses a space). */
const NO_HOST = ' ';

/** The origin `scheme://host` stands for, or null when it is no valid URL origin. */
function originOf(schemeAndHost: string): string | null {
  try {
    return new URL(`${schemeAndHost}/`).origin;
  } catch {
    return null;
  }
}

/**
 * The URL the handler routes: the request target's path as sent, after an origin. The Host
 * header only names that origin (what an absolute URL built from `request.url` would print) and
 * is checked to be a bare host, so it can never move the path: `Host: x/checkout/orders?` once
 * turned `GET /relais-checkout.js` into the orders list. `undefined` for anything else.
 */
export function requestUrl(req: IncomingMessage): RequestTarget | undefined {
  // Connect (and so Vite and Express) strips the mount path from `req.url` and keeps the full
  // one in `originalUrl`; the handler matches its own base path, so it needs the full one.
  const target = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '';
  // Origin-form only: an absolute-form target (`GET http://other/x`) or `OPTIONS *` names no path here.
  if (!target.startsWith('/')) return undefined;
  const host = req.headers.host;
  const encrypted = 'encrypted' in req.socket && req.socket.encrypted === true;
  const origins = encrypted ? httpsOrigins : httpOrigins;
  const key = host ?? NO_HOST;
  let origin = origins.get(key);
  if (origin === undefined) {
    if (host !== undefined && !HOST.test(host)) return undefined;
    origin = originOf(`${encrypted ? 'https' : 'http'}://${host ?? 'localhost'}`);
    // Any client may send any Host: the memory stays small whatever they send.
    if (origins.size >= MOST_ORIGINS) origins.clear();
    origins.set(key, origin);
  }
  if (origin === null) return undefined;
  // Parsing a URL costs more than routing an order: a plain path is appended to its origin.
  if (PLAIN_PATH.test(target)) return { href: `${origin}${target}`, pathname: target };
  const schemeAndHost = `${encrypted ? 'https' : 'http'}://${host ?? 'localhost'}`;
  let url: URL;
  try {
    // Concatenated, not `new URL(path, base)`: a path such as `//evil.example/x` must stay a path.
    url = new URL(`${schemeAndHost}${target}`);
  } catch {
    return undefined;
  }
  // A path the URL parser rewrites (`/x/%2e%2e/checkout`, `/x\..\checkout`) would be routed
  // where a path-based guard in front of this server did not look: refused instead.
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  return url.pathname === path ? url : undefined;
}
