import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { pino } from 'pino';
import { connectIpc, RpcError } from '../../../../src/geth/rpc/ipc-client.js';
import { nastyJson, reachCounter } from '../../../helpers/fuzz.js';
import { tempDir } from '../../../helpers/tmp.js';

/** What the fake geth writes for one request: junk lines first, then a reply for its id, in chunks. */
const replies = fc.record({
  junk: fc.array(fc.oneof(nastyJson, fc.string({ maxLength: 40 }).map((s) => s.replaceAll('\n', ' ')), nastyJson.map((r) => `{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0x1","result":${r}}}`)), { maxLength: 3 }),
  fields: fc.oneof(
    nastyJson.map((r) => `"result":${r}`),
    nastyJson.map((e) => `"error":${e}`),
    fc.tuple(fc.oneof(nastyJson, fc.constant('-32000')), nastyJson).map(([code, message]) => `"error":{"code":${code},"message":${message}}`),
    fc.tuple(nastyJson, nastyJson).map(([r, e]) => `"result":${r},"error":${e}`),
  ),
  chunk: fc.integer({ min: 1, max: 64 * 1024 }),
});

test('ipc client: whatever geth answers, every call resolves or rejects with an RpcError (property)', { timeout: 60_000 }, async (t) => {
  const path = join(await tempDir(t), 'fuzz.ipc');
  let next: { junk: string[]; fields: string; chunk: number } | undefined;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    let buffer = '';
    socket.on('data', (data) => {
      buffer += data.toString();
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const { id } = JSON.parse(buffer.slice(0, nl)) as { id: number };
        buffer = buffer.slice(nl + 1);
        const reply = next as NonNullable<typeof next>;
        const text = `${[...reply.junk, `{"jsonrpc":"2.0","id":${id},${reply.fields}}`].join('\n')}\n`;
        const chunk = Math.max(reply.chunk, Math.ceil(text.length / 50));
        for (let i = 0; i < text.length; i += chunk) socket.write(text.slice(i, i + chunk));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  t.after(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  const client = await connectIpc({ path, timeoutMs: 2000, logger: pino({ level: 'silent' }) });
  t.after(() => client.close());

  const reached = reachCounter({ resolved: 20, RpcError: 50 });
  await fc.assert(
    fc.asyncProperty(replies, async (reply) => {
      next = reply;
      let timer: NodeJS.Timeout | undefined;
      const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), 1000)));
      const outcome = await Promise.race([client.call('eth_blockNumber').then(() => 'resolved', (error: unknown) => error), hung]);
      clearTimeout(timer);
      assert.notEqual(outcome, 'hung', 'the call never settled');
      if (outcome !== 'resolved') assert.ok(outcome instanceof RpcError, String(outcome));
      reached.hit(outcome === 'resolved' ? 'resolved' : 'RpcError');
    }),
    { numRuns: 300 },
  );
  reached.assertReached();
});
