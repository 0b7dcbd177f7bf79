/**
 * The Node adapter's path for the merchant API's own handler (`markNodeReady`) served directly
 * (not as middleware): a request without a body, or with a small declared one read whole before
 * the handler runs. Same guards as the general path (body timeout, drain, abort on hang-up,
 * failures reported), with one object per request instead of a dozen closures and a promise
 * layer: those cost more CPU per order, and more garbage to collect, than the order's insert.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Handler } from './handler.js';
import { armAfterParsing } from './after-parsing.js';
import { nodeRequest } from './node-request.js';
import { dropRestOfBody, send, sendError } from './node-send.js';
import { requestUrl, type RequestTarget } from './request-target.js';

export interface FastPath {
  handler: Handler;
  bodyTimeoutMs: number;
  report(error: Error): void;
}

const EXCHANGE = Symbol('relais.exchange');
type Carrying<T> = T & { [EXCHANGE]?: Exchange };
const EMPTY = Buffer.alloc(0);

/** One request and its answer: what the general path keeps in closures. */
class Exchange {
  controller: AbortController | undefined = undefined;
  gone = false;
  timedOut = false;
  reading = false;
  first: Buffer | undefined = undefined;
  chunks: Buffer[] | undefined = undefined;
  timer: NodeJS.Timeout | undefined = undefined;

  constructor(
    readonly path: FastPath,
    readonly req: Carrying<IncomingMessage>,
    readonly res: Carrying<ServerResponse>,
    readonly url: RequestTarget,
  ) {}

  /** The request's signal, built when first read: most requests end before anyone does. */
  signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.gone) this.controller.abort();
    }
    return this.controller.signal;
  }

  /**
   * Armed once the parser is done with the bytes at hand (see after-parsing.ts). A body
   * trickled in would hold a handler, and its connection, for as long as the client likes.
   */
  arm(): void {
    const { req } = this;
    if (!this.reading || req.complete || req.destroyed) return;
    this.timer = setTimeout(onTimeout, this.path.bodyTimeoutMs, this);
  }

  /** Stops reading the body: it failed, timed out, or the rest is to be dropped. */
  detach(): void {
    this.stopReading();
    this.req.pause();
  }

  stopReading(): void {
    if (!this.reading) return;
    this.reading = false;
    clearTimeout(this.timer);
    this.req.off('data', onData);
    this.req.off('end', onEnd);
    this.req.off('close', onClose);
  }
}

// Listeners shared by every request: each finds its exchange on the emitter it is called on.
function onData(this: Carrying<IncomingMessage>, chunk: Buffer): void {
  const exchange = this[EXCHANGE]!;
  if (exchange.first === undefined) exchange.first = chunk;
  else (exchange.chunks ??= [exchange.first]).push(chunk);
}

function onEnd(this: Carrying<IncomingMessage>): void {
  const exchange = this[EXCHANGE]!;
  exchange.stopReading();
  run(exchange, exchange.chunks ? Buffer.concat(exchange.chunks) : (exchange.first ?? EMPTY));
}

function onClose(this: Carrying<IncomingMessage>): void {
  // The client went away before the body ended: no handler runs for it.
  if (!this.complete) this[EXCHANGE]!.detach();
}

function onResponseClose(this: Carrying<ServerResponse>): void {
  // `close` before the response finished means the client went away: abort the handler.
  if (this.writableFinished) return;
  const exchange = this[EXCHANGE]!;
  exchange.gone = true;
  exchange.controller?.abort();
}

function onTimeout(exchange: Exchange): void {
  const { req, res } = exchange;
  if (req.complete) return; // all of it arrived; the handler is just slow to read it
  exchange.timedOut = true;
  exchange.detach();
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  sendError(res, 408, 'request-timeout', true);
  exchange.gone = true;
  exchange.controller?.abort();
}

function run(exchange: Exchange, bytes: Buffer | undefined): void {
  const { req, path } = exchange;
  // Gone or too slow while the body came: answered already (the 408), or nobody to answer.
  if (exchange.timedOut) return;
  const request = nodeRequest(req, exchange.url, bytes, exchange, req.socket.remoteAddress);
  let answered: Promise<Response>;
  try {
    answered = path.handler(request);
  } catch (error) {
    answered = Promise.reject(error);
  }
  answered.then((response) => answer(exchange, response), (error: unknown) => failed(exchange, error));
}

function answer(exchange: Exchange, response: Response): void {
  const { req, res } = exchange;
  try {
    if (exchange.timedOut) {
      response.body?.cancel().catch(() => {});
      return;
    }
    const streaming = send(response, res, exchange.gone, dropRestOfBody(req, exchange));
    streaming?.catch((error: unknown) => sendFailed(exchange, error));
  } catch (error) {
    sendFailed(exchange, error);
  }
}

function sendFailed(exchange: Exchange, error: unknown): void {
  // A client that hangs up mid-body is routine; anything else is a bug worth one line.
  if (!exchange.gone) exchange.path.report(new Error('failed to send the response', { cause: error }));
  exchange.res.destroy();
}

function failed(exchange: Exchange, error: unknown): void {
  const { req, res } = exchange;
  if (exchange.timedOut) return; // answered 408 already; the failure is the body that never came
  try {
    exchange.path.report(new Error(`handler failed on ${req.method ?? 'GET'} ${exchange.url.pathname}`, { cause: error }));
    sendError(res, 500, 'internal', dropRestOfBody(req, exchange));
  } catch (unexpected) {
    exchange.path.report(new Error('unexpected failure in the Node adapter', { cause: unexpected }));
    res.destroy();
  }
}

/**
 * Serves `req` on the fast path. `small`: it declares a small length (read whole first); `none`
 * and `empty`: it has no length nor chunks (HTTP/1), and the handler sees no body (a GET) or an
 * empty one, as a stream of it would read.
 */
export function serveFast(path: FastPath, req: IncomingMessage, res: ServerResponse, body: 'none' | 'empty' | 'small'): void {
  const url = requestUrl(req);
  if (!url) {
    sendError(res, 400, 'bad-request', dropRestOfBody(req, undefined));
    return;
  }
  const exchange = new Exchange(path, req, res, url);
  (res as Carrying<ServerResponse>)[EXCHANGE] = exchange;
  // (`close` is emitted once: `on` spares the wrapper `once` builds.)
  res.on('close', onResponseClose);
  if (body !== 'small') {
    run(exchange, body === 'none' ? undefined : EMPTY);
    return;
  }
  (req as Carrying<IncomingMessage>)[EXCHANGE] = exchange;
  exchange.reading = true;
  // `on`, not `once`: each fires at most once and all are removed on the first of them.
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('close', onClose);
  // An order's body usually comes in the headers' packet: then no timer is created and cleared.
  if (!req.complete) armAfterParsing(exchange);
}
