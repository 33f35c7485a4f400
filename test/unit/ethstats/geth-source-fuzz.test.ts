import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { pino } from 'pino';
import { blockStatsFromRpc } from '../../../src/ethstats/geth-block.js';
import { watchGeth } from '../../helpers/geth-watch.js';
import { isBugError, nastyJson, nearValid, reachCounter } from '../../helpers/fuzz.js';
import { tempDir } from '../../helpers/tmp.js';

const h = (b: string): string => `0x${b.repeat(32)}`;
const rpcBlock = {
  number: '0x7', hash: h('ab'), parentHash: h('cd'), timestamp: '0x691f5c00', miner: `0x${'00'.repeat(20)}`, gasUsed: '0x5208', gasLimit: '0x1c9c380',
  difficulty: '0x2', totalDifficulty: '0xf', transactions: [h('11')], transactionsRoot: h('22'), stateRoot: h('33'), uncles: [],
};
const valid: Record<string, unknown> = {
  admin_nodeInfo: { name: 'Geth/v1.13.15', ports: { listener: 30303 }, protocols: { eth: { network: 4242 }, snap: {} } },
  txpool_status: { pending: '0x1', queued: '0x0' },
  eth_getBlockByNumber: rpcBlock, eth_getBlockByHash: rpcBlock, clique_getSigner: `0x${'aa'.repeat(20)}`,
  eth_syncing: false, eth_mining: true, net_peerCount: '0x2', eth_gasPrice: '0x3b9aca00',
};
const reply = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...Object.values(valid)).chain(nearValid) }, nastyJson, fc.constantFrom('"zz"', '"0x"', '"1e3"', '{"pending":"zz"}', '{"pending":"0xzz"}', '{"pending":""}'));

/** A stand-in geth on a unix socket: every method answers `answers[method]` (JSON text) or its valid reply. */
async function fakeGeth(t: import('node:test').TestContext, answers: Map<string, string>): Promise<string> {
  const path = join(await tempDir(t), 'geth.ipc');
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    let buffer = '';
    socket.on('data', (data) => {
      buffer += data.toString();
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const { id, method } = JSON.parse(buffer.slice(0, nl)) as { id: number; method: string };
        buffer = buffer.slice(nl + 1);
        const result = method === 'eth_subscribe' ? '"0x1"' : (answers.get(method) ?? JSON.stringify(valid[method] ?? null));
        socket.write(`{"jsonrpc":"2.0","id":${id},"result":${result}}\n`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  t.after(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return path;
}

test('ethstats geth replies: a malformed reply is a clear Error, never a TypeError/RangeError/SyntaxError (property)', { timeout: 60_000 }, async (t) => {
  const reached = reachCounter({ block: 20, refused: 100 });
  fc.assert(
    fc.property(nearValid(rpcBlock), fc.option(fc.constantFrom(`0x${'aa'.repeat(20)}`, 'zz')), (text, author) => {
      try {
        const block = blockStatsFromRpc(JSON.parse(text), author ?? undefined);
        assert.ok(Number.isSafeInteger(block.number) && /^[0-9]+$/.test(block.difficulty));
        reached.hit('block');
      } catch (error) {
        assert.ok(error instanceof Error && !isBugError(error), String(error));
        reached.hit('refused');
      }
    }),
    { numRuns: 500 },
  );
  reached.assertReached();
  const answers = new Map<string, string>();
  const watch = watchGeth({ ipcPath: await fakeGeth(t, answers), logger: pino({ level: 'silent' }), callTimeoutMs: 2000, pollMs: 20 });
  t.after(() => watch.close());
  const { source } = watch;
  const calls = { nodeInfo: () => source.nodeInfo(), pending: () => source.pending(), stats: () => source.stats(), headBlock: () => source.headBlock(), block: () => source.block(7) };
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...Object.keys(valid)), reply, async (method, answer) => {
      answers.clear();
      answers.set(method, answer);
      for (const [name, call] of Object.entries(calls)) {
        await call().then(
          (value) => assert.doesNotThrow(() => JSON.stringify(value)),
          (error: unknown) => assert.ok(error instanceof Error && !isBugError(error), `${name} after ${method}=${answer.slice(0, 80)}: ${String(error)}`),
        );
      }
    }),
    { numRuns: 100 },
  );
});
