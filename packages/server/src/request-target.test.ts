import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, test } from 'node:test';
import { requestUrl } from './request-target.js';

/** What `requestUrl` reads of a request: its target, its Host header, whether its socket is TLS. */
function incoming(target: string, host: string | undefined, encrypted = false): IncomingMessage {
  return { url: target, headers: host === undefined ? {} : { host }, socket: encrypted ? { encrypted: true } : {} } as unknown as IncomingMessage;
}

/** What a URL parser makes of the same request (after the same bare-host check), as the adapter did for every request before. */
function parsed(target: string, host: string | undefined, encrypted = false): { href: string; pathname: string } | undefined {
  if (!target.startsWith('/')) return undefined;
  if (host !== undefined && !/^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/i.test(host)) return undefined;
  let url: URL;
  try {
    url = new URL(`${encrypted ? 'https' : 'http'}://${host ?? 'localhost'}${target}`);
  } catch {
    return undefined;
  }
  const path = target.split('?')[0];
  return url.pathname === path ? { href: url.href, pathname: url.pathname } : undefined;
}

const TARGETS = ['/api/orders', '/orders', '/a/b-c_d~e.f', '/A/B', '/a/...', '/.well-known/x', '/a/./b', '/a/../b', '/a/.', '/..',
  '/a//b', '/api/orders/', '/', '/x?queued-at=2026-01-01T00:00:00Z', '/%2e%2e/x', '/a%20b', '/a:b', '/a@b', '/a;b'];
const HOSTS = [undefined, 'shop.example', 'Shop.EXAMPLE', 'shop.example:80', 'shop.example:0080', 'shop.example:443', '127.0.0.1:4321',
  '2130706433', '0x7f.1', '[::1]:80', '[0:0::1]', 'shop.example.', '1.2.3.256', 'shop.1', 'shop.example:99999'];

describe('the URL a request is routed by', () => {
  test('is the one a URL parser gives, for plain paths appended to the host\'s origin without one', () => {
    for (const target of TARGETS) {
      for (const host of HOSTS) {
        for (const encrypted of [false, true]) {
          const got = requestUrl(incoming(target, host, encrypted));
          const want = parsed(target, host, encrypted);
          assert.deepEqual(got && { href: got.href, pathname: got.pathname }, want, `${encrypted ? 'https' : 'http'} ${host} ${target}`);
        }
      }
    }
  });

  test('a host no URL can hold is refused for a plain path too, however often it is sent', () => {
    for (let i = 0; i < 3; i++) {
      assert.equal(requestUrl(incoming('/orders', '1.2.3.256')), undefined);
      assert.equal(requestUrl(incoming('/orders', 'shop.1')), undefined);
    }
    assert.equal(requestUrl(incoming('/orders', 'shop.example/checkout')), undefined);
    assert.equal(requestUrl(incoming('http://other.example/orders', 'shop.example')), undefined);
  });

  test('any number of Host names sent keeps the origin memory small and the answers right', () => {
    for (let i = 0; i < 500; i++) {
      const got = requestUrl(incoming('/orders', `shop${i}.example`));
      assert.equal(got?.href, `http://shop${i}.example/orders`);
    }
    assert.equal(requestUrl(incoming('/orders', 'shop0.example'))?.href, 'http://shop0.example/orders');
  });
});
