import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createRelaisHandler, openOrderStore, toNodeListener } from './index.js';
import { anOrder } from './fixtures.js';

/** Reads one HTTP answer (headers, then `content-length` bytes) from a kept-alive socket. */
async function answerOn(socket: Socket): Promise<{ head: string; body: string }> {
  let buffered = Buffer.alloc(0);
  for (;;) {
    const end = buffered.indexOf('\r\n\r\n');
    if (end !== -1) {
      const head = buffered.subarray(0, end).toString();
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
      if (buffered.length >= end + 4 + length) return { head, body: buffered.subarray(end + 4, end + 4 + length).toString() };
    }
    const [chunk] = (await once(socket, 'data')) as [Buffer];
    buffered = Buffer.concat([buffered, chunk]);
  }
}

describe('the Node adapter serving the merchant API directly', () => {
  let server: Server;
  let port: number;
  before(async () => {
    server = createServer(toNodeListener(createRelaisHandler({ store: openOrderStore(), recheckIntervalMs: 0 }), { onError: () => {} }));
    server.unref();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  async function opened(): Promise<Socket> {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    return socket;
  }

  test('a small body split across packets is joined before the route reads it', async () => {
    const socket = await opened();
    try {
      const body = JSON.stringify(anOrder({ orderId: 'split-1' }));
      socket.write(`POST /orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nIdempotency-Key: split-1\r\n`
        + `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`);
      // A later packet: the parser hands the body over in two chunks.
      await new Promise((resolve) => setImmediate(resolve));
      socket.write(body.slice(10));
      const { head, body: answer } = await answerOn(socket);
      assert.match(head, /^HTTP\/1\.1 201 Created\r\n/);
      assert.equal((JSON.parse(answer) as { orderId: string }).orderId, 'split-1');
    } finally {
      socket.destroy();
    }
  });

  test('a POST without length or chunks reaches the route as an empty body, and the connection takes the next request', async () => {
    const socket = await opened();
    try {
      socket.write('POST /orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nIdempotency-Key: none-1\r\n\r\n');
      const first = await answerOn(socket);
      assert.match(first.head, /^HTTP\/1\.1 400 Bad Request\r\n/);
      assert.deepEqual(JSON.parse(first.body), { error: 'invalid-order', field: 'body' });
      assert.doesNotMatch(first.head, /connection: close/i);
      socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      const second = await answerOn(socket);
      assert.match(second.head, /^HTTP\/1\.1 200 OK\r\n/);
      assert.match(second.head, /\r\nx-content-type-options: nosniff\r\n/i);
    } finally {
      socket.destroy();
    }
  });

  test('a client that hangs up before its small body ends records no order', async () => {
    const socket = await opened();
    const body = JSON.stringify(anOrder({ orderId: 'gone-1' }));
    socket.write(`POST /orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nIdempotency-Key: gone-1\r\n`
      + `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`);
    await new Promise((resolve) => setImmediate(resolve));
    socket.destroy();
    // The same key sent whole afterwards creates the order: nothing was recorded for the first.
    const again = await opened();
    try {
      again.write(`POST /orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nIdempotency-Key: gone-1\r\n`
        + `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      assert.match((await answerOn(again)).head, /^HTTP\/1\.1 201 Created\r\n/);
    } finally {
      again.destroy();
    }
  });
});
