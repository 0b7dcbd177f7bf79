/** JSON answers and bounded JSON bodies: every answer of the merchant API is JSON. */

const JSON_TYPE = 'application/json; charset=utf-8';

/** Orders are small; a bigger body is a mistake or an attack, never a cart. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  const allHeaders = new Headers(headers);
  if (!allHeaders.has('content-type')) allHeaders.set('content-type', JSON_TYPE);
  return new Response(JSON.stringify(body), { status, headers: allHeaders });
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

export type BodyBytes =
  | { ok: true; bytes: Buffer }
  | { ok: false; reason: 'no-body' | 'body-too-large' };

/**
 * Reads a body without ever holding more than `limit` bytes of it. The bytes are exactly what
 * was sent: a webhook signature is computed over them, not over a re-serialised JSON.
 */
export async function readBytes(request: Request, limit = BODY_LIMIT_BYTES): Promise<BodyBytes> {
  const declared = Number(request.headers.get('content-length'));
  if (declared > limit) return { ok: false, reason: 'body-too-large' };
  if (!request.body) return { ok: false, reason: 'no-body' };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { ok: false, reason: 'body-too-large' };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}

export type JsonBody =
  | { ok: true; value: unknown }
  | { ok: false; reason: 'invalid-json' | 'body-too-large' };

/** Reads a JSON body without ever holding more than `limit` bytes of it. */
export async function readJson(request: Request, limit = BODY_LIMIT_BYTES): Promise<JsonBody> {
  const body = await readBytes(request, limit);
  if (!body.ok) return { ok: false, reason: body.reason === 'no-body' ? 'invalid-json' : body.reason };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body.bytes);
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'invalid-json' };
  }
}
