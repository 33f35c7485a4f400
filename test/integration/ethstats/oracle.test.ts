import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startCliqueChain } from '../../helpers/clique-chain.js';
import { tempDir } from '../../helpers/tmp.js';
import { watchGeth } from '../../helpers/geth-watch.js';
import { createReporter } from '../../../src/ethstats/reporter/reporter.js';
import type { BlockStats } from '../../../src/ethstats/protocol/types.js';
import { blockOf, gethReporterArgs, startTestCollector } from './oracle-helpers.js';
import { fastTimings, quiet, sleep } from './reporter-helpers.js';

test('oracle: geth 1.13.15 reports to our collector; our reporter and geth\'s report the same blocks', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir(t);
  const stats = await startTestCollector(t);
  const chain = await startCliqueChain(t, { period: 1, args: await gethReporterArgs(dir, 'geth-builtin', 'sec', stats.port) });
  const watch = watchGeth({ ipcPath: chain.ipcPath, logger: quiet, callTimeoutMs: 2000 });
  t.after(() => watch.close());
  const { source } = watch;
  const reporter = createReporter({
    target: { name: 'agent', secret: 'sec', host: `ws://127.0.0.1:${stats.port}` },
    source, logger: quiet, role: 'sealer', timings: { ...fastTimings, reportIntervalMs: 2000 },
  });
  reporter.start();
  t.after(() => reporter.stop());

  // (a) geth logs in and every report is accepted.
  await stats.waitFor((r) => r.id === 'geth-builtin' && r.message.type === 'stats');
  const signer = chain.signer.address.toLowerCase();
  for (let i = 0; i < 3; i += 1) await chain.rpc('eth_sendTransaction', [{ from: chain.signer.address, to: `0x${'42'.repeat(20)}`, value: '0x1' }]);
  const start = await chain.blockNumber();
  const target = start + 6;
  await chain.waitForBlock(target);
  await stats.waitFor((r) => r.id === 'geth-builtin' && (blockOf(r)?.number ?? 0) >= target);
  await stats.waitFor((r) => r.id === 'agent' && (blockOf(r)?.number ?? 0) >= target);
  const histories = (id: string) => stats.received.filter((r) => r.id === id && r.message.type === 'history').map((r) => r.message);
  for (const id of ['geth-builtin', 'agent']) {
    assert.ok(stats.collector.requestHistory(id, [1, 2, 3]));
    assert.ok(stats.collector.requestHistory(id, undefined));
  }
  await stats.waitFor(() => histories('geth-builtin').length >= 2 && histories('agent').length >= 2, 10_000);
  assert.deepEqual(histories('agent')[0], { ...histories('geth-builtin')[0], id: 'agent' }, 'history [1,2,3]: same blocks, newest first');
  for (const id of ['geth-builtin', 'agent']) {
    const latest = histories(id)[1];
    assert.ok(latest?.type === 'history');
    const numbers = latest.history.map((b) => b.number);
    const head = numbers[0] ?? -1;
    assert.deepEqual(numbers, Array.from({ length: Math.min(50, head + 1) }, (_, i) => head - i), `${id}: latest 50, newest first`);
  }
  const nodes = stats.collector.nodes();
  assert.deepEqual(nodes.map((n) => [n.id, n.connected, n.role]), [['agent', true, 'sealer'], ['geth-builtin', true, 'unknown']]);
  assert.ok(!chain.geth.lines.some((line) => /Stats login failed|Failed to retrieve stats server message/.test(line)), 'geth saw no error');

  // (d) a malformed frame on another connection is dropped; geth's session is unaffected.
  const raw = new WebSocket(`ws://127.0.0.1:${stats.port}/api`);
  raw.on('error', () => undefined);
  t.after(() => raw.terminate());
  await new Promise((resolve) => raw.once('open', resolve));
  raw.send('{"emit":["hello",');
  const code = await new Promise<number>((resolve) => raw.once('close', resolve));
  assert.equal(code, 1007);
  assert.equal(stats.logLines.filter((l) => l.includes('dropped a connection')).length, 1, 'only the malformed client was dropped');
  assert.ok(stats.collector.nodes().every((n) => n.connected));

  // (b) same blocks, same fields, same types, same values.
  const byNode = (id: string): Map<number, BlockStats> =>
    new Map(stats.received.filter((r) => r.id === id).flatMap((r) => (r.message.type === 'block' ? [[r.message.block.number, r.message.block] as const] : [])));
  const ours = byNode('agent');
  const geths = byNode('geth-builtin');
  const common = [...ours.keys()].filter((n) => geths.has(n) && n > 0);
  assert.ok(common.length >= 5, `blocks reported by both: ${common.join(',')}`);
  let withTxs = 0;
  for (const n of common) {
    const a = ours.get(n) as BlockStats;
    const g = geths.get(n) as BlockStats;
    assert.deepEqual(a, g, `block ${n}`);
    assert.deepEqual(Object.keys(a), Object.keys(g));
    assert.equal(a.miner, signer, 'the clique signer, not the zero coinbase');
    withTxs += a.transactions.length > 0 ? 1 : 0;
  }
  // (b) again on the raw frames, before the collector's validation normalised anything.
  const rawBlocks = (id: string): Map<number, Record<string, unknown>> =>
    new Map(
      stats.rawFrames.flatMap((f) => {
        const emit = (f.raw as { emit?: [string, { block?: Record<string, unknown> }] }).emit;
        const block = f.id === id && emit?.[0] === 'block' ? emit[1].block : undefined;
        return block === undefined ? [] : [[block.number as number, block] as const];
      }),
    );
  const ourRaw = rawBlocks('agent');
  const gethRaw = rawBlocks('geth-builtin');
  const rawCommon = [...ourRaw.keys()].filter((n) => gethRaw.has(n) && n > 0);
  assert.ok(rawCommon.length >= 5, `raw blocks reported by both: ${rawCommon.join(',')}`);
  for (const n of rawCommon) {
    const a = ourRaw.get(n) as Record<string, unknown>;
    const g = gethRaw.get(n) as Record<string, unknown>;
    assert.deepEqual(Object.keys(a).sort(), Object.keys(g).sort(), `raw block ${n}: same keys`);
    for (const key of Object.keys(g)) {
      const kind = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
      assert.equal(kind(a[key]), kind(g[key]), `raw block ${n}: ${key} has geth's JSON type`);
    }
    for (const key of ['number', 'hash', 'parentHash', 'miner', 'transactions', 'gasUsed', 'gasLimit', 'difficulty']) {
      assert.deepEqual(a[key], g[key], `raw block ${n}: same ${key}`);
    }
  }
  const included = (await Promise.all(common.map((n) => chain.rpc<{ transactions: unknown[] }>('eth_getBlockByNumber', [`0x${n.toString(16)}`, false])))).some((b) => b.transactions.length > 0);
  assert.equal(withTxs > 0, included, 'transactions compared when present');

  const statsOf = (id: string) => stats.received.filter((r) => r.id === id && r.message.type === 'stats').at(-1)?.message;
  const [ourStats, gethStats] = [statsOf('agent'), statsOf('geth-builtin')];
  assert.ok(ourStats?.type === 'stats' && gethStats?.type === 'stats');
  assert.deepEqual(Object.keys(ourStats.stats).sort(), Object.keys(gethStats.stats).sort());
  // Both report tip + base fee; the base fee falls block by block, so only the type and range match.
  assert.ok(Number.isSafeInteger(ourStats.stats.gasPrice) && ourStats.stats.gasPrice > 0 && gethStats.stats.gasPrice > 0);
  assert.equal(ourStats.stats.mining, gethStats.stats.mining);
  assert.equal(ourStats.stats.peers, gethStats.stats.peers);
  assert.equal(reporter.status().connected, true);
  await sleep(10);
});

test('oracle: a wrong secret is refused on both sides (geth\'s reporter and ours)', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir(t);
  const stats = await startTestCollector(t, { secret: 'right' });
  const chain = await startCliqueChain(t, { period: 1, args: await gethReporterArgs(dir, 'geth-builtin', 'wrong', stats.port) });
  const watch = watchGeth({ ipcPath: chain.ipcPath, logger: quiet });
  t.after(() => watch.close());
  const { source } = watch;
  const reporter = createReporter({ target: { name: 'agent', secret: 'wrong', host: `ws://127.0.0.1:${stats.port}` }, source, logger: quiet, timings: fastTimings });
  reporter.start();
  t.after(() => reporter.stop());
  await chain.geth.waitForLine(/Stats login failed/, 20_000);
  await sleep(500);
  assert.equal(stats.collector.nodes().length, 0);
  assert.equal(stats.received.length, 0);
  assert.equal(reporter.status().connected, false);
  assert.match(reporter.status().lastError ?? '', /1008|unauthorized/);
  assert.ok(stats.logLines.some((l) => l.includes('wrong secret')));
  assert.ok(!stats.logLines.some((l) => l.includes('"wrong"') || l.includes('right')), 'secrets never logged');
});
