import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Handler } from './handler.js';
import { recordClientAddress } from './client-address.js';
import { isNotOurs } from './http.js';

type NodeListener = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

export interface NodeListenerOptions {
  /** Where a handler failure is reported (once per failure). Default `console.error`. */
  onError?: (error: Error) => void;
}

function absoluteUrl(req: IncomingMessage): URL {
  const encrypted = 'encrypted' in req.socket && req.socket.encrypted === true;
  // Connect (and so Vite and Express) strips the mount path from `req.url` and keeps the full
  // one in `originalUrl`; the handler matches its own base path, so it needs the full one.
  const path = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  // Concatenated, not `new URL(path, base)`: a path such as `//evil.example/x` must stay a path.
  return new URL(`${encrypted ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}${path}`);
}

function toRequest(req: IncomingMessage, url: URL, signal: AbortSignal): Request {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (!name.startsWith(':')) headers.append(name, req.rawHeaders[i + 1]!); // HTTP/2 pseudo-headers
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  // `duplex: 'half'` is required by undici to stream a request body; DOM typings lack it.
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (hasBody) {
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  return new Request(url, init);
}

function sendError(res: ServerResponse, status: number, error: string): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error }));
}

async function send(response: Response, res: ServerResponse, signal: AbortSignal): Promise<void> {
  // A network-error Response has no wire form: the client must see a real network error.
  if (response.type === 'error') {
    res.destroy();
    return;
  }
  if (signal.aborted) {
    await response.body?.cancel(); // the client is gone; nobody is there to read it
    return;
  }
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, response.statusText, headers);
  if (!response.body) {
    res.end();
    return;
  }
  await pipeline(Readable.fromWeb(response.body as unknown as NodeReadableStream), res);
}

/**
 * Serves a Web handler from Node's `http` server, or as Connect/Vite/Express middleware
 * (requests outside the handler's base path go to `next`), or inside Koa with
 * `ctx.respond = false`. Mount it before any body parser: it streams the raw body.
 */
export function toNodeListener(handler: Handler, options: NodeListenerOptions = {}): NodeListener {
  const report = options.onError ?? ((error: Error) => console.error('[relais]', error));

  return (req, res, next) => {
    const controller = new AbortController();
    // `close` before the response finished means the client went away: abort the handler.
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });

    const serve = async (): Promise<void> => {
      let url: URL;
      let request: Request;
      try {
        url = absoluteUrl(req);
        request = toRequest(req, url, controller.signal);
        recordClientAddress(request, req.socket.remoteAddress);
      } catch {
        sendError(res, 400, 'bad-request'); // e.g. a Host header that is not a host
        return;
      }
      let response: Response;
      try {
        response = await handler(request);
      } catch (error) {
        report(new Error(`handler failed on ${req.method} ${url.pathname}`, { cause: error }));
        sendError(res, 500, 'internal');
        return;
      }
      if (next && isNotOurs(response)) {
        await response.body?.cancel();
        next();
        return;
      }
      try {
        await send(response, res, controller.signal);
      } catch (error) {
        // A client that hangs up mid-body is routine; anything else is a bug worth one line.
        if (!controller.signal.aborted) report(new Error('failed to send the response', { cause: error }));
        res.destroy();
      }
    };
    // The listener's caller (http.Server, Connect, Koa) ignores returned promises:
    // nothing may reject here, or the process would crash on an unhandled rejection.
    serve().catch((error: unknown) => {
      report(new Error('unexpected failure in the Node adapter', { cause: error }));
      res.destroy();
    });
  };
}
