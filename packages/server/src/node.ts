import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Handler } from './handler.js';
import { recordClientAddress } from './client-address.js';
import { BODY_LIMIT_BYTES, isNotOurs, withKnownBody } from './http.js';
import { isNodeReady, nodeRequest } from './node-request.js';
import { armAfterParsing } from './after-parsing.js';
import { serveFast, type FastPath } from './node-fast.js';
import { dropRestOfBody, send, sendError } from './node-send.js';
import { requestUrl, type RequestTarget } from './request-target.js';

type NodeListener = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

export interface NodeListenerOptions {
  /** Where a handler failure is reported (once per failure). Default `console.error`. */
  onError?: (error: Error) => void;
  /**
   * How long a request body may take to arrive, counted from its headers. A body still arriving
   * then is answered 408 and its connection closed. Default 10 s.
   */
  bodyTimeoutMs?: number;
}

const BODY_TIMEOUT_MS = 10_000;

interface Body {
  stream?: ReadableStream<Uint8Array>;
  /**
   * A small body read whole before the handler runs: `whenRead` hears its bytes once they are
   * all there (undefined: they never arrived in full). A callback, not a promise: the handler
   * then runs as the body ends, not one more turn of the microtask queue later.
   */
  whenRead?: (done: (bytes: Buffer | undefined) => void) => void;
  /** Stops feeding the stream (the rest of the body is someone else's: dropped or failed). */
  detach(): void;
  fail(error: Error): void;
}

/**
 * The request body as a Web stream read on demand. Unlike `Readable.toWeb`, cancelling it (a body
 * too large) leaves the socket alone: the adapter decides whether to drain it or close it, after
 * the client has been answered.
 */
function bodyOf(req: IncomingMessage): Body {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let open = true;
  let listening = false;
  const onData = (chunk: Buffer) => {
    if (!open) return;
    controller.enqueue(new Uint8Array(chunk));
    if ((controller.desiredSize ?? 0) <= 0) req.pause();
  };
  const onEnd = () => {
    if (!open) return;
    detach();
    controller.close();
  };
  const onClose = () => {
    if (!req.complete) fail(new Error('the client went away before the body ended'));
  };
  function detach(): void {
    open = false;
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('close', onClose);
    req.pause();
  }
  function fail(error: Error): void {
    if (!open) return;
    detach();
    controller.error(error);
  }
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        if (!open) return;
        if (!listening) {
          listening = true;
          req.on('data', onData);
          req.once('end', onEnd);
          req.once('close', onClose);
        }
        req.resume();
      },
      cancel() {
        detach();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  return { stream, detach, fail };
}

/**
 * A body that declares a small length (an order, a beacon) is read whole into one buffer: the
 * handler then gets it without a Web stream in between, which costs more than the order's insert.
 */
function smallBodyOf(req: IncomingMessage): Body {
  const chunks: Buffer[] = [];
  let settled = false;
  let result: Buffer | undefined;
  let reader: ((bytes: Buffer | undefined) => void) | undefined;
  const settle = (bytes: Buffer | undefined) => {
    if (settled) return;
    settled = true;
    result = bytes;
    reader?.(bytes);
  };
  const onData = (chunk: Buffer) => chunks.push(chunk);
  const onEnd = () => {
    detach();
    settle(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  };
  const onClose = () => {
    if (!req.complete) fail();
  };
  function detach(): void {
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('close', onClose);
  }
  function fail(): void {
    detach();
    req.pause();
    settle(undefined);
  }
  // `on`, not `once`: each fires at most once and is removed on the first of them, and `once`
  // wraps every listener in a function of its own.
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('close', onClose);
  const whenRead = (done: (bytes: Buffer | undefined) => void) => {
    if (settled) done(result);
    else reader = done;
  };
  return { whenRead, detach: () => { detach(); req.pause(); }, fail };
}

function isSmall(req: IncomingMessage): boolean {
  const declared = req.headers['content-length'];
  return declared !== undefined && req.headers['transfer-encoding'] === undefined && Number(declared) <= BODY_LIMIT_BYTES;
}

function toRequest(req: IncomingMessage, url: RequestTarget, body: Body | Buffer | undefined, signal: AbortSignal): Request {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (!name.startsWith(':')) headers.append(name, req.rawHeaders[i + 1]!); // HTTP/2 pseudo-headers
  }
  // `duplex: 'half'` is required by undici to stream a request body; DOM typings lack it.
  const init: RequestInit & { duplex?: 'half' } = { method: req.method ?? 'GET', headers, signal };
  if (Buffer.isBuffer(body)) {
    init.body = body as unknown as BodyInit; // a Uint8Array; Node's DOM typings miss it
    return withKnownBody(new Request(url.href, init), body);
  }
  if (body && 'stream' in body && body.stream) {
    init.body = body.stream;
    init.duplex = 'half';
  }
  return new Request(url.href, init);
}

/**
 * Serves a Web handler from Node's `http` server, or as Connect/Vite/Express middleware
 * (requests outside the handler's base path go to `next`), or inside Koa with
 * `ctx.respond = false`. Mount it before any body parser: it streams the raw body.
 */
export function toNodeListener(handler: Handler, options: NodeListenerOptions = {}): NodeListener {
  const report = options.onError ?? ((error: Error) => console.error('[relais]', error));
  const bodyTimeoutMs = options.bodyTimeoutMs ?? BODY_TIMEOUT_MS;
  const ready = isNodeReady(handler);
  const fast: FastPath = { handler, bodyTimeoutMs, report };

  return (req, res, next) => {
    // The merchant API's own handler, served directly: a request with no body or a small one.
    if (ready && !next) {
      const noBody = req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined && req.httpVersionMajor < 2;
      const method = req.method;
      // Without a length or chunks an HTTP/1 request has no body: other methods get an empty one.
      if (method === 'GET' || method === 'HEAD') {
        if (noBody) return serveFast(fast, req, res, 'none');
      } else if (noBody) {
        return serveFast(fast, req, res, 'empty');
      } else if (isSmall(req)) {
        return serveFast(fast, req, res, 'small');
      }
    }
    // Built only when something reads the request's signal: most requests end before anyone does.
    let controller: AbortController | undefined;
    let gone = false;
    const signal = (): AbortSignal => {
      if (!controller) {
        controller = new AbortController();
        if (gone) controller.abort();
      }
      return controller.signal;
    };
    // `close` before the response finished means the client went away: abort the handler.
    // (`close` is emitted once: `on` spares the wrapper `once` builds.)
    res.on('close', () => {
      if (res.writableFinished) return;
      gone = true;
      controller?.abort();
    });
    const method = req.method ?? 'GET';
    // As middleware the body may be the next one's: never read ahead of knowing the request is ours.
    const body = method === 'GET' || method === 'HEAD' ? undefined : isSmall(req) && !next ? smallBodyOf(req) : bodyOf(req);

    // A body trickled in (a byte every few seconds) would hold a handler, and its connection,
    // for as long as the client likes.
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const stopTimer = () => clearTimeout(timer);
    // HTTP/1 frames a body with Content-Length or Transfer-Encoding: without either there is none
    // to wait for (a GET), and no timer to arm. HTTP/2 says so only at the stream's end.
    const mayHaveBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined || req.httpVersionMajor >= 2;
    const armTimer = () => {
      // The whole body came with the headers (nothing to wait for), or the client is gone.
      if (req.complete || req.destroyed) return;
      timer = setTimeout(() => {
        if (req.complete) return; // all of it arrived; the handler is just slow to read it
        timedOut = true;
        body?.fail(new Error('the request body did not arrive in time'));
        if (res.headersSent) {
          req.socket.destroy(); // answered early and still draining: the drain is over
          return;
        }
        sendError(res, 408, 'request-timeout', true);
        gone = true;
        controller?.abort();
      }, bodyTimeoutMs);
      // A small body read whole is heard when it ends or fails, and the timer stops then.
      if (!body?.whenRead) {
        res.once('close', stopTimer);
        req.once('end', stopTimer);
      }
    };
    // Armed once the parser is done with the bytes at hand: an order's body usually comes in the
    // headers' packet, and then no timer is created and cleared for it.
    if (!req.complete && mayHaveBody) armAfterParsing({ arm: armTimer });

    const serve = async (url: RequestTarget, bytes: Buffer | undefined): Promise<void> => {
      // The merchant API's own handler gets a request that builds its Web parts only if read.
      let request: Request;
      if (ready && (body === undefined || body.whenRead)) {
        request = nodeRequest(req, url, bytes, { signal }, req.socket.remoteAddress);
      } else {
        request = toRequest(req, url, bytes ?? body, signal());
        recordClientAddress(request, req.socket.remoteAddress);
      }
      let response: Response;
      try {
        response = await handler(request);
      } catch (error) {
        if (timedOut) return; // answered 408 already; the failure is the body that never came
        report(new Error(`handler failed on ${method} ${url.pathname}`, { cause: error }));
        sendError(res, 500, 'internal', dropRestOfBody(req, body));
        return;
      }
      if (timedOut) {
        await response.body?.cancel();
        return;
      }
      if (next && isNotOurs(response)) {
        // The request is the next middleware's, body and all.
        stopTimer();
        await response.body?.cancel();
        next();
        return;
      }
      const close = dropRestOfBody(req, body);
      try {
        const streaming = send(response, res, gone, close);
        if (streaming) await streaming;
      } catch (error) {
        // A client that hangs up mid-body is routine; anything else is a bug worth one line.
        if (!gone) report(new Error('failed to send the response', { cause: error }));
        res.destroy();
      }
    };
    // The listener's caller (http.Server, Connect, Koa) ignores returned promises:
    // nothing may reject here, or the process would crash on an unhandled rejection.
    const run = (url: RequestTarget, bytes: Buffer | undefined) => {
      serve(url, bytes).catch((error: unknown) => {
        report(new Error('unexpected failure in the Node adapter', { cause: error }));
        res.destroy();
      });
    };
    const url = requestUrl(req);
    if (!url) {
      sendError(res, 400, 'bad-request', dropRestOfBody(req, body));
      return;
    }
    if (!body?.whenRead) {
      run(url, undefined);
      return;
    }
    body.whenRead((bytes) => {
      stopTimer();
      // Gone or too slow: the 408 (or nothing, for a client that left) is answered already.
      if (bytes !== undefined) run(url, bytes);
    });
  };
}
