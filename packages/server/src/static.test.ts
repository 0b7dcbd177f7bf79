import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { contentTypeOf, fileInside, STRICT_PAGE_POLICY, staticFiles, withInlineScriptHashes } from './static.js';

const root = resolve('/srv/site');

describe('fileInside', () => {
  test('a path names a file below the root', () => {
    assert.equal(fileInside(root, '/relais-checkout.js'), join(root, 'relais-checkout.js'));
    assert.equal(fileInside(root, '/docs/'), join(root, 'docs'));
    assert.equal(fileInside(root, '/'), root);
    assert.equal(fileInside(root, '/caf%C3%A9.html'), join(root, 'café.html'));
  });

  test('dot segments, encoded or not, name nothing', () => {
    for (const path of ['/../x', '/a/../../x', '/%2e%2e/x', '/..%2fx', '/a%2f..%2f..%2fx', '/./x', '/%2e/x']) {
      assert.equal(fileInside(root, path), undefined, path);
    }
  });

  test('backslashes, NUL, empty segments and bad escapes name nothing', () => {
    for (const path of ['/..%5cx', '/a%5c..%5cx', '/x%00.js', '//etc/passwd', '/a//b', '/%E0%A4%A', 'x']) {
      assert.equal(fileInside(root, path), undefined, path);
    }
  });

  test('dot-files are hidden, except /.well-known/ (Apple Pay domain verification)', () => {
    assert.equal(fileInside(root, '/.env'), undefined);
    assert.equal(fileInside(root, '/.git/config'), undefined);
    assert.equal(fileInside(root, '/a/.well-known/x'), undefined);
    assert.equal(
      fileInside(root, '/.well-known/apple-developer-merchantid-domain-association'),
      join(root, '.well-known', 'apple-developer-merchantid-domain-association'),
    );
  });
});

test('content types: scripts, pages and styles carry a charset; unknown files are octet-stream', () => {
  assert.equal(contentTypeOf('a/relais-checkout.js'), 'text/javascript; charset=utf-8');
  assert.equal(contentTypeOf('index.HTML'), 'text/html; charset=utf-8');
  assert.equal(contentTypeOf('shop.css'), 'text/css; charset=utf-8');
  assert.equal(contentTypeOf('logo.svg'), 'image/svg+xml');
  assert.equal(contentTypeOf('Makefile'), 'application/octet-stream');
});

describe('staticFiles on disk', () => {
  const base = mkdtempSync(join(tmpdir(), 'relais-static-'));
  after(() => rmSync(base, { recursive: true, force: true }));
  const site = join(base, 'site');
  const outside = join(base, 'outside');
  mkdirSync(join(site, 'docs'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>shop</title>');
  writeFileSync(join(site, 'app.js'), 'export {};');
  writeFileSync(join(site, 'docs', 'index.html'), '<!doctype html><title>docs</title>');
  writeFileSync(join(outside, 'secret.txt'), 'the database password');
  symlinkSync(join(outside, 'secret.txt'), join(site, 'secret.txt'));
  symlinkSync(outside, join(site, 'out'));
  symlinkSync(join(site, 'app.js'), join(site, 'same.js'));
  const files = staticFiles({ site });
  const get = (path: string, init?: RequestInit) => files(new Request(`http://shop.test${path}`, init));

  test('a symlink inside the root pointing outside it is 404, a file or a directory', async () => {
    for (const path of ['/secret.txt', '/out/secret.txt', '/out/']) {
      const response = await get(path);
      assert.equal(response.status, 404, path);
      assert.ok(!(await response.text()).includes('password'), path);
    }
  });

  test('a symlink to a file inside the root is served', async () => {
    const response = await get('/same.js');
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'export {};');
  });

  test('a root that is itself a symlink still serves its files', async () => {
    const linked = join(base, 'linked-site');
    symlinkSync(site, linked);
    const response = await staticFiles({ site: linked })(new Request('http://shop.test/app.js'));
    assert.equal(response.status, 200);
  });

  test('HTML pages carry a CSP that only this origin may frame; every answer carries nosniff', async () => {
    for (const path of ['/', '/docs/']) {
      const page = await get(path);
      assert.equal(page.status, 200, path);
      assert.equal(page.headers.get('content-security-policy'), STRICT_PAGE_POLICY);
      assert.match(page.headers.get('content-security-policy')!, /frame-ancestors 'self'/);
    }
    const script = await get('/app.js');
    assert.equal(script.headers.get('content-security-policy'), null);
    const answers = [script, await get('/'), await get('/docs'), await get('/nope'), await get('/app.js', { method: 'POST', body: 'x' })];
    assert.deepEqual(answers.map((answer) => answer.status), [200, 200, 301, 404, 405]);
    for (const answer of answers) assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', String(answer.status));
    const custom = await staticFiles({ site, pagePolicy: "default-src 'none'" })(new Request('http://shop.test/'));
    assert.equal(custom.headers.get('content-security-policy'), "default-src 'none'");
  });
});

describe('inline scripts of a served page', () => {
  test('each is allowed by its own hash in script-src, and nothing else inline is', () => {
    const html = '<script type="module">\n  console.log("mine");\n</script><script src="/x.js"></script><script></script>';
    const policy = withInlineScriptHashes(STRICT_PAGE_POLICY, html);
    const expected = `'sha256-${createHash('sha256').update('\n  console.log("mine");\n').digest('base64')}'`;
    assert.equal(policy, STRICT_PAGE_POLICY.replace("script-src 'self'", `script-src 'self' ${expected}`));
    assert.doesNotMatch(policy, /unsafe-inline/);
    assert.equal(withInlineScriptHashes(STRICT_PAGE_POLICY, '<p>no script</p>'), STRICT_PAGE_POLICY);
  });
});

describe('compression of served files', () => {
  const site = mkdtempSync(join(tmpdir(), 'relais-compress-'));
  after(() => rmSync(site, { recursive: true, force: true }));
  const script = `export const words = ${JSON.stringify('relais '.repeat(2000))};\n`;
  writeFileSync(join(site, 'app.js'), script);
  writeFileSync(join(site, 'tiny.js'), 'export {};');
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(4000, 7)]);
  writeFileSync(join(site, 'picture.png'), png);
  const files = staticFiles({ site });
  const get = (path: string, acceptEncoding?: string, init: RequestInit = {}) =>
    files(new Request(`http://shop.test${path}`, { ...init, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } }));
  const bytes = async (response: Response) => Buffer.from(await response.arrayBuffer());

  test('brotli when the browser accepts it, gzip otherwise, the same bytes once decoded, and Vary: Accept-Encoding', async () => {
    const br = await get('/app.js', 'gzip, deflate, br, zstd');
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.equal(br.headers.get('vary'), 'Accept-Encoding');
    const brBody = await bytes(br);
    assert.equal(Number(br.headers.get('content-length')), brBody.length);
    assert.ok(brBody.length < script.length / 10, `${brBody.length} bytes for ${script.length}`);
    assert.equal(brotliDecompressSync(brBody).toString(), script);

    const gz = await get('/app.js', 'gzip');
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    assert.equal(gunzipSync(await bytes(gz)).toString(), script);
  });

  test('nothing accepted, or refused with q=0: sent as it is, still with Vary', async () => {
    for (const accept of [undefined, 'identity', 'br;q=0, gzip;q=0', '*;q=0']) {
      const plain = await get('/app.js', accept);
      assert.equal(plain.headers.get('content-encoding'), null, String(accept));
      assert.equal(plain.headers.get('vary'), 'Accept-Encoding');
      assert.equal(await plain.text(), script);
    }
    assert.equal((await get('/app.js', 'br;q=0, gzip')).headers.get('content-encoding'), 'gzip');
  });

  test('an image (compressed already) and a file under 1 kB are never compressed', async () => {
    const picture = await get('/picture.png', 'br, gzip');
    assert.equal(picture.headers.get('content-encoding'), null);
    assert.equal(picture.headers.get('vary'), null);
    assert.deepEqual(await bytes(picture), png);
    assert.equal((await get('/tiny.js', 'br, gzip')).headers.get('content-encoding'), null);
  });

  test('each encoding has its own ETag, and a revalidation answers 304 for the one it holds', async () => {
    const br = await get('/app.js', 'br');
    const gz = await get('/app.js', 'gzip');
    assert.notEqual(br.headers.get('etag'), gz.headers.get('etag'));
    const again = await files(new Request('http://shop.test/app.js', { headers: { 'accept-encoding': 'br', 'if-none-match': br.headers.get('etag')! } }));
    assert.equal(again.status, 304);
    const other = await files(new Request('http://shop.test/app.js', { headers: { 'accept-encoding': 'gzip', 'if-none-match': br.headers.get('etag')! } }));
    assert.equal(other.status, 200, 'a br tag does not validate the gzip representation');
  });

  test('HEAD reports the encoding and length of what GET would send, with no body', async () => {
    const head = await get('/app.js', 'br', { method: 'HEAD' });
    const getBody = await bytes(await get('/app.js', 'br'));
    assert.equal(head.headers.get('content-encoding'), 'br');
    assert.equal(Number(head.headers.get('content-length')), getBody.length);
    assert.equal((await head.arrayBuffer()).byteLength, 0);
  });

  test('generated scripts (the sandbox stand-ins) are compressed too', async () => {
    const scripts = staticFiles({ scripts: { '/sandbox/stripe-js.js': async () => script } });
    const response = await scripts(new Request('http://shop.test/sandbox/stripe-js.js', { headers: { 'accept-encoding': 'gzip' } }));
    assert.equal(response.headers.get('content-encoding'), 'gzip');
    assert.equal(gunzipSync(await bytes(response)).toString(), script);
  });
});
