/** How the Node adapter writes answers, shared by its general path and its fast one. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { jsonFieldsOf, knownBodyOf } from './http.js';

/**
 * After an answer sent before the body was read (a 413, a 400), at most this much of the rest is
 * read and dropped so the connection can take the next request; a longer body closes it.
 */
const DRAIN_LIMIT_BYTES = 1024 * 1024;

/** Something reading the request body, which must stop before the rest is dropped. */
export interface Detachable {
  detach(): void;
}

/**
 * Called before an answer is written while the body has not fully arrived (the handler answered
 * without reading it all). Drops what is left, up to `DRAIN_LIMIT_BYTES`, so that a keep-alive
 * client reads the answer and sends its next request on the same connection. Returns whether
 * the connection must close instead: a body declared (or turning out) longer than that.
 */
export function dropRestOfBody(req: IncomingMessage, body: Detachable | undefined): boolean {
  if (req.complete) return false;
  body?.detach();
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.byteLength;
    if (dropped > DRAIN_LIMIT_BYTES) req.socket.destroy();
  });
  req.resume();
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  return !(declared <= DRAIN_LIMIT_BYTES);
}

export function sendError(res: ServerResponse, status: number, error: string, close = false): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const headers = ['content-type', 'application/json; charset=utf-8', 'x-content-type-options', 'nosniff'];
  if (close) headers.push('connection', 'close');
  res.writeHead(status, headers);
  res.end(JSON.stringify({ error }));
}

/**
 * The header lines of an untouched JSON answer, as the flat list `writeHead` takes: no object
 * spread and re-keyed per answer, and its length counted once.
 */
function jsonLines(fields: Record<string, string>, close: boolean, text: string): string[] {
  const lines: string[] = [];
  let typed = false;
  for (const name in fields) {
    lines.push(name, fields[name]!);
    if (name === 'x-content-type-options') typed = true;
  }
  if (!typed) lines.push('x-content-type-options', 'nosniff');
  if (close) lines.push('connection', 'close');
  lines.push('content-length', String(Buffer.byteLength(text)));
  return lines;
}

/** Undefined when the answer is written already (a known body): the caller has nothing to await. */
export function send(response: Response, res: ServerResponse, gone: boolean, close: boolean): Promise<void> | undefined {
  // A network-error Response has no wire form: the client must see a real network error.
  if (response.type === 'error') {
    res.destroy();
    return undefined;
  }
  if (gone) {
    return response.body?.cancel(); // the client is gone; nobody is there to read it
  }
  const fields = jsonFieldsOf(response);
  const known = knownBodyOf(response);
  // An empty reason phrase is written as such; none at all lets Node write the standard one.
  const reason = response.statusText === '' ? undefined : response.statusText;
  if (fields && typeof known === 'string') {
    const lines = jsonLines(fields, close, known);
    if (reason === undefined) res.writeHead(response.status, lines);
    else res.writeHead(response.status, reason, lines);
    res.end(known);
    return undefined;
  }
  const headers: Record<string, string | string[]> = fields ? { ...fields } : {};
  if (!fields) {
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') headers[name] = value;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) headers['set-cookie'] = cookies;
  }
  // Whatever the handler forgot: no browser guesses a type for what this server sends.
  headers['x-content-type-options'] ??= 'nosniff';
  if (close) headers['connection'] = 'close';
  // Known length: one write with `Content-Length`, not a chunked body and its end marker.
  if (known !== undefined) headers['content-length'] = String(Buffer.byteLength(known));
  if (reason === undefined) res.writeHead(response.status, headers);
  else res.writeHead(response.status, reason, headers);
  if (known !== undefined) {
    res.end(known);
    return undefined;
  }
  if (!response.body) {
    res.end();
    return undefined;
  }
  return pipeline(Readable.fromWeb(response.body as unknown as NodeReadableStream), res);
}
