import { createHash, timingSafeEqual } from 'node:crypto';
import { problem } from './http.js';

/** The environment variable `relais-server` reads the token from; named in the 403 answer. */
export const ADMIN_TOKEN_VARIABLE = 'RELAIS_ADMIN_TOKEN';
export const MIN_ADMIN_TOKEN_LENGTH = 16;

// A bearer token is sent in a header: printable ASCII without spaces, so it survives any client.
const TOKEN_CHARS = /^[\x21-\x7e]+$/;

/** What is wrong with an admin token, or undefined. Never quotes the token: it is a secret. */
export function adminTokenProblem(token: unknown): string | undefined {
  if (typeof token !== 'string' || token === '') return 'must be a non-empty string';
  if (token.length < MIN_ADMIN_TOKEN_LENGTH) return `must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters`;
  if (!TOKEN_CHARS.test(token)) return 'must be printable ASCII without spaces';
  return undefined;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

const NO_STORE = { 'cache-control': 'no-store' };

type Handle = (request: Request, params: Record<string, string>) => Promise<Response>;

/**
 * Wraps a route that reads merchant data (order ids, amounts, incidents): it answers only to
 * `Authorization: Bearer <token>`. Digests of equal length are compared in constant time, so
 * neither the token's content nor its length leaks through response timing. A token in the
 * query string is not looked at: URLs end up in logs and browser history.
 */
export function adminOnly(token: string | undefined) {
  const expected = token === undefined ? undefined : digest(token);
  return (handle: Handle): Handle => async (request, params) => {
    if (!expected) {
      return problem(403, 'admin-token-not-configured', {
        message: `set ${ADMIN_TOKEN_VARIABLE} (or the adminToken option) to read merchant data`,
      }, NO_STORE);
    }
    const match = /^Bearer +(\S+) *$/i.exec(request.headers.get('authorization') ?? '');
    if (!match || !timingSafeEqual(digest(match[1]!), expected)) {
      return problem(401, 'unauthorized', {}, { ...NO_STORE, 'www-authenticate': 'Bearer' });
    }
    const response = await handle(request, params);
    response.headers.set('cache-control', 'no-store');
    return response;
  };
}
