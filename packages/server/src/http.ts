/** JSON answers and bounded JSON bodies: every answer of the merchant API is JSON. */

import { jsonResponse, KNOWN_BODY, UNTOUCHED_FIELDS, type KnowsBody } from './json-response.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Orders are small; a bigger body is a mistake or an attack, never a cart. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Bodies known as bytes without reading their stream: a JSON answer's text, a small request body
 * the Node adapter read whole. Reading them back through a Web stream costs more than the
 * database write of an order; the stream stays for every other reader. A message of this
 * package answers it itself (`KNOWN_BODY`); any other is marked here.
 */
const knownBodies = new WeakMap<Request | Response, string | Buffer>();

export function withKnownBody<T extends Request | Response>(message: T, body: string | Buffer): T {
  knownBodies.set(message, body);
  return message;
}

function knows(message: Request | Response): message is (Request | Response) & KnowsBody {
  return KNOWN_BODY in message;
}

/** The body of a message built with `withKnownBody` whose stream nobody has read, else undefined. */
export function knownBodyOf(message: Request | Response): string | Buffer | undefined {
  if (knows(message)) return message[KNOWN_BODY](false);
  return message.bodyUsed ? undefined : knownBodies.get(message);
}

/** The header fields of an untouched `json()` answer (lower-case names), else undefined. */
export function jsonFieldsOf(response: Response): Record<string, string> | undefined {
  return UNTOUCHED_FIELDS in response
    ? (response as Response & { [UNTOUCHED_FIELDS](): Record<string, string> | undefined })[UNTOUCHED_FIELDS]()
    : undefined;
}

function fieldsOf(headers: HeadersInit | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  if (headers === undefined) return fields;
  const entries = headers instanceof Headers || Array.isArray(headers) ? headers : Object.entries(headers);
  for (const [name, value] of entries as Iterable<[string, string]>) {
    const key = name.toLowerCase();
    fields[key] = key in fields ? `${fields[key]}, ${value}` : value;
  }
  return fields;
}

export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  return jsonText(JSON.stringify(body), status, headers);
}

/** `json()` for a body already written as JSON text. */
export function jsonText(text: string, status = 200, headers?: HeadersInit): Response {
  const fields = fieldsOf(headers);
  fields['content-type'] ??= JSON_TYPE;
  // A browser must never guess another type for an answer that echoes what a client sent.
  fields['x-content-type-options'] = 'nosniff';
  return jsonResponse(text, status, fields);
}

/** An error answer: `{error: code, ...details}` with a stable kebab-case code. */
export function problem(
  status: number,
  error: string,
  details: Record<string, unknown> = {},
  headers?: HeadersInit,
): Response {
  return json({ error, ...details }, status, headers);
}

// Answers for requests outside the base path. A Node adapter mounted as middleware hands those
// to the next middleware instead of sending them; a WeakSet marks them without a header that
// could leak to the client or be forged by a wrapped handler.
const notOurs = new WeakSet<Response>();

export function notOursResponse(): Response {
  const response = problem(404, 'not-found');
  notOurs.add(response);
  return response;
}

export function isNotOurs(response: Response): boolean {
  return notOurs.has(response);
}

/** What a JSON route accepts: a form or a text body is refused, not parsed by luck. */
export const JSON_ONLY: readonly string[] = ['application/json'];

/**
 * Whether `contentType` is one of `accepted` (lower-case essences). Compared case-insensitively;
 * the only parameter allowed is `charset=utf-8`, since the body is decoded as strict UTF-8.
 */
export function isAcceptedType(contentType: string | null, accepted: readonly string[]): boolean {
  if (contentType === null) return false;
  // What every page sends, answered without splitting it.
  if (contentType === 'application/json') return accepted.includes(contentType);
  const [essence = '', ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (!accepted.includes(essence)) return false;
  return parameters.every((parameter) => /^charset\s*=\s*(?:utf-8|"utf-8")$/.test(parameter));
}

export interface ReadOptions {
  /** Default `BODY_LIMIT_BYTES`. */
  limit?: number;
  /** Media types the body may be sent as; `'any'` reads whatever was sent. */
  accept?: readonly string[] | 'any';
}

export type BodyRefusal = 'body-too-large' | 'unsupported-media-type';

/** The answer to a body refused before it was parsed: 413 or 415. */
export function bodyProblem(reason: BodyRefusal): Response {
  return reason === 'body-too-large' ? problem(413, 'body-too-large') : problem(415, 'unsupported-media-type');
}

function optionsOf(options: number | ReadOptions | undefined, accept: readonly string[] | 'any'): Required<ReadOptions> {
  const read = typeof options === 'number' ? { limit: options } : (options ?? {});
  return { limit: read.limit ?? BODY_LIMIT_BYTES, accept: read.accept ?? accept };
}

export type BodyBytes =
  | { ok: true; bytes: Buffer }
  | { ok: false; reason: 'no-body' | BodyRefusal };

/**
 * Reads a body without ever holding more than `limit` bytes of it. The bytes are exactly what
 * was sent: a webhook signature is computed over them, not over a re-serialised JSON. Any
 * content type by default; with `accept`, another type is refused before a byte is read.
 */
export async function readBytes(request: Request, options?: number | ReadOptions): Promise<BodyBytes> {
  const { limit, accept } = optionsOf(options, 'any');
  if (accept !== 'any' && !isAcceptedType(request.headers.get('content-type'), accept)) {
    return { ok: false, reason: 'unsupported-media-type' };
  }
  const declared = Number(request.headers.get('content-length'));
  if (declared > limit) return { ok: false, reason: 'body-too-large' };
  const known = knownBodyOf(request);
  if (known !== undefined && typeof known !== 'string') {
    if (known.byteLength > limit) return { ok: false, reason: 'body-too-large' };
    if (knows(request)) request[KNOWN_BODY](true);
    else knownBodies.delete(request);
    return { ok: true, bytes: known };
  }
  if (!request.body) return { ok: false, reason: 'no-body' };
  const bytes = await readStream(request.body, limit);
  return bytes ? { ok: true, bytes } : { ok: false, reason: 'body-too-large' };
}

/** A stream's bytes, never holding more than `limit` of them: undefined (and cancelled) past it. */
export async function readStream(stream: ReadableStream<Uint8Array>, limit: number): Promise<Buffer | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

// One decoder for every body: a call without `stream` starts afresh, and `fatal` refuses bad bytes.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

export type JsonBody =
  | { ok: true; value: unknown }
  | { ok: false; reason: 'invalid-json' | BodyRefusal };

function parseJson(bytes: Buffer): JsonBody {
  try {
    return { ok: true, value: JSON.parse(STRICT_UTF8.decode(bytes)) as unknown };
  } catch {
    return { ok: false, reason: 'invalid-json' };
  }
}

/**
 * What `readJson(request)` (default options) answers, synchronously, when the body is bytes
 * already held (the Node adapter read a small body whole); undefined otherwise, and then nothing
 * was consumed. Same checks, same order: type, declared length, size, then the parse.
 */
export function readHeldJson(request: Request): JsonBody | undefined {
  const known = knownBodyOf(request);
  if (known === undefined || typeof known === 'string') return undefined;
  if (!isAcceptedType(request.headers.get('content-type'), JSON_ONLY)) return { ok: false, reason: 'unsupported-media-type' };
  if (Number(request.headers.get('content-length')) > BODY_LIMIT_BYTES || known.byteLength > BODY_LIMIT_BYTES) {
    return { ok: false, reason: 'body-too-large' };
  }
  if (knows(request)) request[KNOWN_BODY](true);
  else knownBodies.delete(request);
  return parseJson(known);
}

/**
 * Reads a JSON body without ever holding more than `limit` bytes of it. Only `application/json`
 * unless `accept` says otherwise: a form posted cross-site must not become an order.
 */
export async function readJson(request: Request, options?: number | ReadOptions): Promise<JsonBody> {
  const body = await readBytes(request, optionsOf(options, JSON_ONLY));
  if (!body.ok) return { ok: false, reason: body.reason === 'no-body' ? 'invalid-json' : body.reason };
  return parseJson(body.bytes);
}
