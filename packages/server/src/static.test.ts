import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { contentTypeOf, fileInside } from './static.js';

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
