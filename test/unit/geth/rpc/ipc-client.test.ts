import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import { connectIpc } from '../../../../src/geth/rpc/ipc-client.js';
import { waitForIpc } from '../../../../src/geth/rpc/wait.js';
import { tempDir } from '../../../helpers/tmp.js';

const logger = pino({ level: 'silent' });

/** A unix-socket JSON-RPC server whose behaviour per request is given by `reply`. */
async function server(t: import('node:test').TestContext, reply: (request: { id: number; method: string }, socket: Socket) => void): Promise<string> {
  const path = join(await tempDir(t), 's.ipc');
  const sockets = new Set<Socket>();
  const srv = createServer((socket) => {
    sockets.add(socket);
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        reply(JSON.parse(buffer.slice(0, nl)), socket);
        buffer = buffer.slice(nl + 1);
      }
    });
  });
  await new Promise<void>((resolve) => srv.listen(path, resolve));
  t.after(() => {
    for (const s of sockets) s.destroy();
    srv.close();
  });
  return path;
}

test('ipc: results, error replies, garbage and notifications; calls time out instead of hanging', { timeout: 5000 }, async (t) => {
  const path = await server(t, (request, socket) => {
    if (request.method === 'eth_blockNumber') socket.write(`not json\n${JSON.stringify({ jsonrpc: '2.0', id: request.id, result: '0x10' })}\n`);
    if (request.method === 'bad') socket.write(`${JSON.stringify({ jsonrpc: '2.0', id: request.id, error: { code: -32601, message: 'no such method' } })}\n`);
    if (request.method === 'eth_subscribe') {
      socket.write(`${JSON.stringify({ jsonrpc: '2.0', id: request.id, result: '0xs1' })}\n`);
      setTimeout(() => socket.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'eth_subscription', params: { subscription: '0xs1', result: { number: '0x11' } } })}\n`), 10);
    }
    // 'hang': never answered
  });
  const client = await connectIpc({ path, timeoutMs: 200, logger });
  t.after(() => client.close());
  assert.equal(await client.call('eth_blockNumber'), '0x10');
  await assert.rejects(client.call('bad'), (error: Error & { code?: number }) => error.code === -32601);
  const started = Date.now();
  await assert.rejects(client.call('hang'), /hang timed out after 200 ms/);
  assert.ok(Date.now() - started < 1000);
  const heads: unknown[] = [];
  await client.subscribe('newHeads', (head) => heads.push(head));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(heads, [{ number: '0x11' }]);
  client.close();
  await client.closed;
  await assert.rejects(client.call('eth_blockNumber'), /closed/);
});

test('ipc: a closed connection fails pending calls; waitForIpc is bounded', { timeout: 5000 }, async (t) => {
  const path = await server(t, (_request, socket) => socket.destroy());
  const client = await connectIpc({ path, timeoutMs: 2000, logger });
  await assert.rejects(client.call('eth_blockNumber'), /closed/);
  const dir = await tempDir(t);
  const started = Date.now();
  await assert.rejects(waitForIpc({ path: join(dir, 'none.ipc'), timeoutMs: 300, callTimeoutMs: 100, logger }), /not ready after 300 ms/);
  assert.ok(Date.now() - started < 1500);
});
