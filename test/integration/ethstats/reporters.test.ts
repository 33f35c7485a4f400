import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { createRecentBlocks } from '../../../src/network/recent-blocks.js';
import { readFixture, sessions, type EthstatsFixture } from '../../fixtures/ethstats/fixture.js';
import { startTestCollector } from './oracle-helpers.js';

type Obj = Record<string, unknown>;
const emitOf = (text: string): [string, Obj] | undefined => {
  const value = JSON.parse(text) as unknown;
  const emit = typeof value === 'object' && value !== null && Array.isArray((value as Obj).emit) ? ((value as Obj).emit as unknown[]) : undefined;
  return emit === undefined ? undefined : [String(emit[0]), (emit[1] ?? {}) as Obj];
};

/** What the session says, read from the frames as text (independently of the collector's decoder). */
function expectations(fixture: EthstatsFixture) {
  const inbound = fixture.frames.filter((f) => f.dir === 'in').map((f) => f.text);
  const emits = inbound.map(emitOf).filter((e): e is [string, Obj] => e !== undefined);
  const hello = emits.find(([event]) => event === 'hello')?.[1];
  const blocks = emits.flatMap(([event, p]) => (event === 'block' ? [p.block as Obj] : event === 'history' ? ((p.history as unknown[]) ?? []).filter((b): b is Obj => typeof b === 'object' && b !== null) : []));
  const last = (name: string): Obj | undefined => emits.filter(([event]) => event === name).at(-1)?.[1];
  return {
    inbound,
    id: String(hello?.id),
    head: Math.max(...blocks.map((b) => Number(b.number))),
    peers: Number((last('stats')?.stats as Obj | undefined)?.peers),
    pending: Number((last('pending')?.stats as Obj | undefined)?.pending),
    pings: inbound.filter((text) => /^"primus::ping::/.test(text)).map((text) => (JSON.parse(text) as string).slice('primus::ping::'.length)),
    nodePings: emits.filter(([event]) => event === 'node-ping').map(([, p]) => p.clientTime),
    // geth's blockStats carries the clique signer; a JSON-RPC block (it has extraData) its coinbase.
    rpcShaped: blocks.some((b) => Object.hasOwn(b, 'extraData')),
  };
}

for (const name of sessions) {
  test(`reporter session ${name}: logs in at its own path, every frame accepted, heartbeats answered, the node shows its head and stats`, { timeout: 20_000 }, async (t) => {
    const fixture = readFixture(name);
    const want = expectations(fixture);
    assert.ok(want.inbound.length > 3 && Number.isSafeInteger(want.head) && want.head > 0, 'the fixture holds blocks');
    const stats = await startTestCollector(t, { secret: fixture.secret });
    const ws = new WebSocket(`ws://127.0.0.1:${stats.port}${fixture.target}`);
    t.after(() => ws.terminate());
    const answers: string[] = [];
    let closed: number | undefined;
    ws.on('message', (data) => answers.push(data.toString()));
    ws.on('close', (code) => (closed = code));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    for (const text of want.inbound) ws.send(text);
    // One more node-ping: its pong proves every frame before it was read and the session is alive.
    ws.send(JSON.stringify({ emit: ['node-ping', { id: want.id, clientTime: 'end-of-replay' }] }));
    const deadline = Date.now() + 5000;
    while (!answers.some((a) => a.includes('end-of-replay')) && closed === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));

    assert.equal(closed, undefined, `session not dropped (${stats.logLines.join('')})`);
    assert.deepEqual(stats.logLines, [], 'no frame refused');
    assert.deepEqual(answers[0], JSON.stringify({ emit: ['ready'] }));
    for (const stamp of want.pings) assert.ok(answers.includes(JSON.stringify(`primus::pong::${stamp}`)), `primus ping ${stamp} answered`);
    const pongTimes = answers.flatMap((a) => {
      const emit = emitOf(a);
      return emit?.[0] === 'node-pong' ? [emit[1].clientTime] : [];
    });
    assert.deepEqual(pongTimes, [...want.nodePings, 'end-of-replay'], 'every node-ping answered, clientTime echoed as sent');

    const node = stats.collector.nodes().find((n) => n.id === want.id);
    assert.ok(node, `node ${want.id} listed`);
    assert.equal(node.connected, true);
    assert.equal(node.head?.number, want.head);
    assert.equal(node.peers, want.peers);
    assert.equal(node.pending, want.pending);
    assert.equal(node.active, true);

    // Who sealed: geth-shaped blocks name the signer; JSON-RPC-shaped ones a coinbase, never counted.
    const recent = createRecentBlocks();
    for (const r of stats.received) if (r.message.type === 'block') recent.add([r.message.block]);
    assert.equal(recent.list().length === 0, want.rpcShaped, want.rpcShaped ? 'coinbase blocks not taken as seals' : 'signer blocks kept');
  });
}
