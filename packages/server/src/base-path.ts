/**
 * Where the merchant mounts the API. The same handler serves `/orders` on its own server or
 * `/api/checkout/orders` inside a shop, so every route is matched below the base path.
 */

/** `''`, or a path with one leading slash and no trailing slash (`/api/checkout`). */
export function normaliseBasePath(basePath: string): string {
  const trimmed = basePath.replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** The path below `basePath` (`/orders`), or `undefined` when the request is not under it. */
export function pathBelow(pathname: string, basePath: string): string | undefined {
  if (basePath === '') return pathname;
  if (pathname === basePath) return '/';
  // A prefix test alone would let `/api/checkout-admin` match `/api/checkout`.
  if (pathname.startsWith(`${basePath}/`)) return pathname.slice(basePath.length);
  return undefined;
}
