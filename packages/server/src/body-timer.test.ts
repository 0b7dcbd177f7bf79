import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { describe, mock, test } from 'node:test';
import { createRelaisHandler, openOrderStore, toNodeListener } from './index.js';
import { anOrder } from './fixtures.js';

/** A delay no other timer of the process uses: the body timer's calls are told apart by it. */
const BODY_TIMEOUT_MS = 4321;

/** Sends one POST /orders on a raw socket, the body with the headers or `laterMs` after them; answers the status line. */
async function postRaw(port: number, laterMs: number | undefined): Promise<string> {
  const body = JSON.stringify(anOrder());
  const head = `POST /orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nIdempotency-Key: ord-1\r\n`
    + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  if (laterMs === undefined) {
    socket.write(head + body);
  } else {
    socket.write(head);
    setTimeout(() => socket.write(body), laterMs);
  }
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  await once(socket, 'close');
  return answer.split('\r\n')[0]!;
}

async function countingBodyTimers(laterMs: number | undefined): Promise<{ status: string; timers: number }> {
  const listener = toNodeListener(createRelaisHandler({ store: openOrderStore(), recheckIntervalMs: 0 }), {
    bodyTimeoutMs: BODY_TIMEOUT_MS, onError: () => {},
  });
  const server = createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const timeouts = mock.method(globalThis, 'setTimeout');
  try {
    const status = await postRaw((server.address() as AddressInfo).port, laterMs);
    const timers = timeouts.mock.calls.filter((call) => call.arguments[1] === BODY_TIMEOUT_MS).length;
    return { status, timers };
  } finally {
    timeouts.mock.restore();
    server.close();
  }
}

describe('the body timer', () => {
  test('is never created for a body that comes in its headers\' packet', async () => {
    assert.deepEqual(await countingBodyTimers(undefined), { status: 'HTTP/1.1 201 Created', timers: 0 });
  });

  test('is created for a body that comes after its headers, and the order is still recorded', async () => {
    assert.deepEqual(await countingBodyTimers(50), { status: 'HTTP/1.1 201 Created', timers: 1 });
  });
});
