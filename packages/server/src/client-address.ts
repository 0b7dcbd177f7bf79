import { nodeRequestAddress } from './node-request.js';

/**
 * The address a request came from. A Web `Request` does not carry it, so the Node adapter
 * records the socket's address beside the request object; other runtimes pass the handler a
 * `clientAddress` function instead (e.g. Cloudflare's `cf-connecting-ip` header).
 */
const addresses = new WeakMap<Request, string>();

export function recordClientAddress(request: Request, address: string | undefined): void {
  if (address) addresses.set(request, address);
}

/** The address the Node adapter saw for this request, if it served it. */
export function nodeClientAddress(request: Request): string | undefined {
  return addresses.get(request) ?? nodeRequestAddress(request);
}
