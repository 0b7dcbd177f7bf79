import type { IncomingMessage } from 'node:http';
import type { Handler } from './handler.js';
import { KNOWN_BODY, type KnowsBody } from './json-response.js';

/**
 * The request the Node adapter hands to the merchant API's own handler. Building a WHATWG
 * `Request` (headers, body stream, a signal that follows the adapter's) costs more CPU than the
 * SQLite insert of an order; the merchant API reads only the method, the URL, some headers, the
 * signal and a small body the adapter already holds. This object answers those at once and
 * builds the real `Request` only when something asks for more (a stream, `text()`, a clone).
 * Only handlers that declared it (`markNodeReady`) get one: any other handler is a stranger's,
 * and gets a real `Request`.
 */

const ready = new WeakSet<Handler>();

/** Declares that `handler` reads requests only through what `NodeRequest` answers directly or lazily. */
export function markNodeReady(handler: Handler): Handler {
  ready.add(handler);
  return handler;
}

export function isNodeReady(handler: Handler): boolean {
  return ready.has(handler);
}

/**
 * `get` and `has` read the raw header lines as sent, joining repeated ones with `, ` as `Headers`
 * does (so a doubled `Content-Type` or `Authorization` is refused exactly as before); anything
 * else builds a real `Headers` once and reads it from then on.
 */
class RawHeaders {
  readonly #raw: readonly string[];
  #real: Headers | undefined;

  constructor(raw: readonly string[]) {
    this.#raw = raw;
  }

  real(): Headers {
    if (!this.#real) {
      const headers = new Headers();
      for (let i = 0; i + 1 < this.#raw.length; i += 2) {
        const name = this.#raw[i]!;
        if (!name.startsWith(':')) headers.append(name, this.#raw[i + 1]!); // HTTP/2 pseudo-headers
      }
      this.#real = headers;
    }
    return this.#real;
  }

  get(name: string): string | null {
    if (this.#real) return this.#real.get(name);
    const wanted = name.toLowerCase();
    let value: string | null = null;
    for (let i = 0; i + 1 < this.#raw.length; i += 2) {
      if (this.#raw[i]!.length === wanted.length && this.#raw[i]!.toLowerCase() === wanted) {
        value = value === null ? this.#raw[i + 1]! : `${value}, ${this.#raw[i + 1]!}`;
      }
    }
    return value;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  set(name: string, value: string): void { this.real().set(name, value); }
  append(name: string, value: string): void { this.real().append(name, value); }
  delete(name: string): void { this.real().delete(name); }
  getSetCookie(): string[] { return this.real().getSetCookie(); }
  forEach(callback: (value: string, name: string, parent: Headers) => void, thisArg?: unknown): void {
    this.real().forEach(callback, thisArg);
  }
  entries(): IterableIterator<[string, string]> { return this.real().entries(); }
  keys(): IterableIterator<string> { return this.real().keys(); }
  values(): IterableIterator<string> { return this.real().values(); }
  [Symbol.iterator](): IterableIterator<[string, string]> { return this.real().entries(); }
}

class NodeRequest implements KnowsBody {
  readonly method: string;
  readonly url: string;
  readonly #signal: SignalSource;
  readonly #headers: RawHeaders;
  readonly #bytes: Buffer | undefined;
  readonly #address: string | undefined;
  readonly #pathname: string;
  #taken = false;
  #full: Request | undefined;

  constructor(req: IncomingMessage, url: { href: string; pathname: string }, bytes: Buffer | undefined, signal: SignalSource, address: string | undefined) {
    this.method = req.method ?? 'GET';
    this.url = url.href;
    this.#pathname = url.pathname;
    this.#signal = signal;
    this.#headers = new RawHeaders(req.rawHeaders);
    this.#bytes = bytes;
    this.#address = address;
  }

  /** The socket's address for a request the adapter built; undefined for any other (unforgeable: a private field). */
  static addressOf(request: object): string | undefined {
    return #address in request ? request.#address : undefined;
  }

  /** The path the adapter parsed already; undefined for any other request. */
  static pathnameOf(request: object): string | undefined {
    return #pathname in request ? request.#pathname : undefined;
  }

  /** Built when first read: an `AbortSignal` costs more than most routes' work, and few read it. */
  get signal(): AbortSignal {
    return this.#signal.signal();
  }

  [KNOWN_BODY](take: boolean): Buffer | undefined {
    if (this.#taken || this.bodyUsed) return undefined;
    if (take) this.#taken = true;
    return this.#bytes;
  }

  get headers(): Headers {
    return this.#headers as unknown as Headers;
  }

  #request(): Request {
    this.#full ??= new Request(this.url, {
      method: this.method,
      headers: this.#headers.real(),
      signal: this.signal,
      ...(this.#bytes === undefined ? {} : { body: this.#bytes as unknown as BodyInit }),
    });
    return this.#full;
  }

  get body(): Request['body'] {
    return this.#bytes === undefined ? null : this.#request().body;
  }

  get bodyUsed(): boolean {
    return this.#full?.bodyUsed ?? false;
  }

  text(): Promise<string> { return this.#request().text(); }
  json(): Promise<unknown> { return this.#request().json(); }
  arrayBuffer(): Promise<ArrayBuffer> { return this.#request().arrayBuffer(); }
  blob(): Promise<Blob> { return this.#request().blob(); }
  formData(): Promise<FormData> { return this.#request().formData(); }
  clone(): Request { return this.#request().clone(); }
}

/** Where a request's signal comes from: asked each time it is read (the source builds it once). */
export interface SignalSource {
  signal(): AbortSignal;
}

/**
 * A request for a handler marked with `markNodeReady`: `bytes` is its whole body, if it has one;
 * `signal.signal()` is called when the request's signal is read.
 */
export function nodeRequest(
  req: IncomingMessage, url: { href: string; pathname: string }, bytes: Buffer | undefined, signal: SignalSource, address: string | undefined,
): Request {
  return new NodeRequest(req, url, bytes, signal, address) as unknown as Request;
}

/** The request's path, without parsing its URL again when the adapter did. */
export function pathnameOf(request: Request): string {
  return NodeRequest.pathnameOf(request) ?? new URL(request.url).pathname;
}

/** The client address the adapter saw for a request it built with `nodeRequest`, else undefined. */
export function nodeRequestAddress(request: Request): string | undefined {
  return NodeRequest.addressOf(request);
}
