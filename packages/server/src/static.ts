import { createHash } from 'node:crypto';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { basename, extname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { chooseEncoding, compress, isCompressible, MAX_COMPRESS_BYTES, MIN_COMPRESS_BYTES } from './compression.js';
import type { Handler } from './handler.js';

/**
 * The files `relais-server` serves besides the merchant API: the built element and its chunks,
 * the order-queue worker, generated scripts (the sandbox stand-ins) and a merchant's site.
 */
export interface StaticOptions {
  /** The built element: `relais-checkout.js` and the sibling chunks it imports, served at `/`. */
  elementDir?: string | undefined;
  /** Holds `relais-sw.js`, served at `/relais-sw.js`. Nothing else in it is served. */
  publicDir?: string | undefined;
  /** A site served at `/` after the element's files; a directory answers its `index.html`. */
  site?: string | undefined;
  /** Scripts made on request, by exact path (`/sandbox/stripe-js.js`). */
  scripts?: Record<string, () => Promise<string>> | undefined;
  /** The `Content-Security-Policy` of every HTML page served. Default `STRICT_PAGE_POLICY`. */
  pagePolicy?: string | undefined;
}

/**
 * Scripts and everything else from this origin only, no plugins, no `<base>`, and framed by this
 * origin only (a payment page in someone else's frame is a clickjacking kit).
 */
export const STRICT_PAGE_POLICY =
  "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

/** Pages up to this size are read whole to hash their inline scripts (bigger ones are streamed, policy as is). */
const MAX_HASHED_PAGE_BYTES = 1024 * 1024;

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

/** `policy` with a `'sha256-…'` source in `script-src` for each inline script of `html`. */
export function withInlineScriptHashes(policy: string, html: string): string {
  const hashes = new Set<string>();
  for (const [, attributes, body] of html.matchAll(INLINE_SCRIPT)) {
    if (/\ssrc\s*=/i.test(` ${attributes}`) || body === undefined || body.trim() === '') continue;
    hashes.add(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  if (hashes.size === 0) return policy;
  const sources = [...hashes].join(' ');
  const directives = policy.split(';').map((directive) => directive.trim());
  const index = directives.findIndex((directive) => directive.startsWith('script-src '));
  if (index === -1) directives.push(`script-src 'self' ${sources}`);
  else directives[index] = `${directives[index]} ${sources}`;
  return directives.join('; ');
}

const ELEMENT_ENTRY = 'relais-checkout.js';
const WORKER = 'relais-sw.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

export function contentTypeOf(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

const REVALIDATE = 'no-cache';
const IMMUTABLE = 'public, max-age=31536000, immutable';
// Vite names chunks `name-[hash].js` with an 8-character hash. The entry keeps its public name
// (and `-checkout` happens to be 8 characters): it must be revalidated, or a release is missed.
const HASHED = /-[A-Za-z0-9_-]{8}\.(?:js|mjs|css)$/;

function elementCacheControl(file: string): string {
  const name = basename(file);
  return name !== ELEMENT_ENTRY && HASHED.test(name) ? IMMUTABLE : REVALIDATE;
}

/**
 * The file `pathname` names inside `root`, or `undefined` when it names anything else.
 * Decoded before it is checked, so `%2e%2e` and `..%2f` are refused like `..`; dot-files
 * (`.env`, `.git/`) are refused too, except `/.well-known/` (Apple Pay's domain check).
 */
export function fileInside(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.slice(1).split('/');
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    // An empty segment (`//x`) would let a redirect to `${pathname}/` leave the origin.
    if (segment === '' && !last) return undefined;
    if (segment.startsWith('.') && !(index === 0 && segment === '.well-known')) return undefined;
  }
  const base = resolve(root);
  const file = resolve(base, ...segments);
  return file === base || file.startsWith(base + sep) ? file : undefined;
}

function notFound(): Response {
  return new Response('Not found\n', {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });
}

function notAllowed(): Response {
  return new Response(null, { status: 405, headers: { allow: 'GET, HEAD', 'x-content-type-options': 'nosniff' } });
}

function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const weak = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || weak(tag) === weak(etag));
}

interface FileAnswer {
  /** The directory the file must really be in, once every symlink is resolved. */
  root: string;
  cacheControl: string;
  pagePolicy: string;
  headers?: Record<string, string>;
  /** A directory answers its index.html (or a redirect to `path/`), as a site does. */
  index?: boolean;
}

/**
 * Opens `file` when its real path (every symlink resolved) is inside the real `root`: a link in
 * the served directory to `/etc` or to the database serves nothing.
 */
async function openFile(root: string, file: string): Promise<FileHandle | undefined> {
  try {
    const [realRoot, real] = await Promise.all([realpath(root), realpath(file)]);
    if (real !== realRoot && !real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) return undefined;
    return await open(real, 'r');
  } catch {
    return undefined; // missing, unreadable, a dangling link: all the same to the client
  }
}

/** Answers `file` (GET, HEAD, conditional GET), or `undefined` when there is no such file. */
async function serveFile(request: Request, file: string, answer: FileAnswer): Promise<Response | undefined> {
  const handle = await openFile(answer.root, file);
  if (!handle) return undefined;
  let streaming = false;
  try {
    // Stat the open handle, not the path: what is checked is what is sent.
    const info = await handle.stat();
    if (info.isDirectory() && answer.index) {
      const url = new URL(request.url);
      if (!url.pathname.endsWith('/')) {
        // Relative links in the index resolve against the directory only with the slash.
        return new Response(null, { status: 301, headers: { location: `${url.pathname}/${url.search}`, 'x-content-type-options': 'nosniff' } });
      }
      return serveFile(request, join(file, 'index.html'), { ...answer, index: false });
    }
    if (!info.isFile()) return undefined;
    if (request.method !== 'GET' && request.method !== 'HEAD') return notAllowed();
    const type = contentTypeOf(file);
    const compressible = isCompressible(type) && info.size >= MIN_COMPRESS_BYTES && info.size <= MAX_COMPRESS_BYTES;
    const encoding = compressible ? chooseEncoding(request.headers.get('accept-encoding')) : undefined;
    const version = `${info.size.toString(16)}-${Math.trunc(info.mtimeMs).toString(16)}`;
    // Each encoding is its own representation, with its own tag (RFC 9110, 8.8.3).
    const etag = `W/"${version}${encoding ? `-${encoding}` : ''}"`;
    const headers: Record<string, string> = {
      'content-type': type,
      'cache-control': answer.cacheControl,
      etag,
      'last-modified': info.mtime.toUTCString(),
      'x-content-type-options': 'nosniff',
      ...answer.headers,
    };
    const html = type.startsWith('text/html');
    // A page's own inline scripts are allowed by their hashes, nothing else inline: the merchant's
    // `<script type="module">` beside the element works, an injected one does not. Computed before
    // a 304 too: its headers update the cached page's, policy included.
    const page = html && info.size <= MAX_HASHED_PAGE_BYTES ? await handle.readFile() : undefined;
    if (html) headers['content-security-policy'] = page ? withInlineScriptHashes(answer.pagePolicy, page.toString('utf8')) : answer.pagePolicy;
    // Caches must keep the variants apart, whichever this request got.
    if (compressible) headers['vary'] = 'Accept-Encoding';
    if (matches(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
    if (page || encoding) {
      let body: Buffer = page ?? (await handle.readFile());
      if (encoding) {
        body = await compress(`${file} ${version}`, body, encoding);
        headers['content-encoding'] = encoding;
      }
      headers['content-length'] = String(body.length);
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { headers });
    }
    headers['content-length'] = String(info.size);
    if (request.method === 'HEAD') return new Response(null, { headers });
    streaming = true; // the stream closes the handle when it ends or is cancelled
    const body = Readable.toWeb(handle.createReadStream()) as unknown as ReadableStream<Uint8Array>;
    return new Response(body, { headers });
  } finally {
    if (!streaming) await handle.close();
  }
}

async function serveScript(request: Request, make: () => Promise<string>): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return notAllowed();
  const body = await make();
  const headers: Record<string, string> = {
    'content-type': TYPES['.js']!, 'cache-control': REVALIDATE, 'x-content-type-options': 'nosniff', vary: 'Accept-Encoding',
  };
  const encoding = chooseEncoding(request.headers.get('accept-encoding'));
  if (!encoding) return new Response(request.method === 'HEAD' ? null : body, { headers });
  // Keyed by the script itself: the same build is compressed once.
  const compressed = await compress(`script ${createHash('sha256').update(body).digest('base64url')}`, body, encoding);
  headers['content-encoding'] = encoding;
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(compressed), { headers });
}

/** Serves the element, the worker, generated scripts and the site, in that order; else 404. */
export function staticFiles({ elementDir, publicDir, site, scripts = {}, pagePolicy = STRICT_PAGE_POLICY }: StaticOptions): Handler {
  return async (request) => {
    const { pathname } = new URL(request.url);
    const make = Object.hasOwn(scripts, pathname) ? scripts[pathname] : undefined;
    if (make) return serveScript(request, make);

    if (publicDir && pathname === `/${WORKER}`) {
      // The worker lives at the root so its default scope is the whole site; the header also
      // lets a page register it with any scope.
      const worker = await serveFile(request, join(publicDir, WORKER), {
        root: publicDir,
        pagePolicy,
        cacheControl: REVALIDATE,
        headers: { 'service-worker-allowed': '/' },
      });
      if (worker) return worker;
    }
    const chunk = elementDir ? fileInside(elementDir, pathname) : undefined;
    if (chunk) {
      const answer = await serveFile(request, chunk, { root: elementDir!, pagePolicy, cacheControl: elementCacheControl(chunk) });
      if (answer) return answer;
    }
    const page = site ? fileInside(site, pathname) : undefined;
    if (page) {
      const answer = await serveFile(request, page, { root: site!, pagePolicy, cacheControl: REVALIDATE, index: true });
      if (answer) return answer;
    }
    return notFound();
  };
}
