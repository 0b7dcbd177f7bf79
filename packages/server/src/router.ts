import { problem } from './http.js';

/** A route answers one method on one path pattern; `:name` segments become `params.name`. */
export interface Route {
  method: string;
  path: string;
  handle: (request: Request, params: Record<string, string>) => Promise<Response>;
}

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  // Most routes have no parameter: one string comparison, nothing split per request.
  if (!pattern.includes(':')) return pattern === path ? {} : undefined;
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < want.length; index++) {
    const segment = want[index]!;
    const actual = got[index]!;
    if (segment.startsWith(':')) {
      if (actual === '') return undefined;
      try {
        params[segment.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined; // malformed %-escape: no route can mean it
      }
    } else if (segment !== actual) {
      return undefined;
    }
  }
  return params;
}

/**
 * Runs the route for `path` (already below the base path): 404 when none, 405 + Allow.
 * `matched` hears the pattern of the route that runs, before it runs.
 */
export function dispatch(routes: readonly Route[], request: Request, path: string, matched?: (pattern: string) => void): Promise<Response> {
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    if (route.method === request.method) {
      matched?.(route.path);
      return route.handle(request, params);
    }
    allowed.push(route.method);
  }
  if (allowed.length > 0) {
    return Promise.resolve(
      problem(405, 'method-not-allowed', {}, { allow: [...new Set(allowed)].join(', ') }),
    );
  }
  return Promise.resolve(problem(404, 'not-found'));
}
