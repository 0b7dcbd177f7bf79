import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { json, jsonFieldsOf, knownBodyOf } from './http.js';

describe('JSON answers built without a Response constructor', () => {
  test('are Responses to every reader: instanceof, status, ok, headers, body, clone', async () => {
    const answer = json({ orderId: 'ord-1' }, 201, { 'Idempotent-Replayed': 'true' });
    assert.ok(answer instanceof Response);
    assert.equal(answer.status, 201);
    assert.equal(answer.ok, true);
    assert.equal(answer.statusText, '');
    assert.equal(answer.type, 'default');
    assert.equal(answer.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(answer.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await answer.clone().json(), { orderId: 'ord-1' });
    assert.equal(answer.bodyUsed, false);
    assert.equal(await answer.text(), '{"orderId":"ord-1"}');
    assert.equal(answer.bodyUsed, true);
  });

  test('hand the adapter their text and fields until something reads the body or the headers', async () => {
    const answer = json({ ok: true }, 200);
    assert.equal(knownBodyOf(answer), '{"ok":true}');
    assert.deepEqual(jsonFieldsOf(answer), { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' });
    answer.headers.set('x-extra', '1');
    assert.equal(jsonFieldsOf(answer), undefined, 'headers changed through `headers` are read from there');
    await answer.text();
    assert.equal(knownBodyOf(answer), undefined, 'a body read is not sent again');
  });

  test('refuse a status a Response refuses', () => {
    assert.throws(() => json({}, 99), RangeError);
    assert.throws(() => json({}, 600), RangeError);
  });
});
