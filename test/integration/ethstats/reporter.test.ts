import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFakeSource, startFakeServer, type Frame } from '../../helpers/ethstats-fakes.js';
import { sleep, startReporter } from './reporter-helpers.js';

const of = (event: string) => (frame: Frame) => frame.event === event;
const payload = <T = Record<string, unknown>>(frame: Frame): T => frame.payload as T;

test('logs in and sends the full report in geth order, then again every interval', { timeout: 10_000 }, async (t) => {
  const server = await startFakeServer(t);
  const source = createFakeSource(10);
  startReporter(t, server.port, source);
  const hello = payload<{ id: string; secret: string; info: Record<string, unknown> }>(await server.waitFor(of('hello')));
  assert.equal(hello.id, 'node-a');
  assert.equal(hello.secret, 's3cret');
  assert.deepEqual(Object.keys(hello.info), ['name', 'node', 'port', 'net', 'protocol', 'api', 'os', 'os_v', 'client', 'canUpdateHistory', 'role']);
  assert.equal(hello.info.net, '4242');
  assert.equal(hello.info.protocol, 'eth/68, snap/1');
  assert.equal(hello.info.role, 'sealer');
  await server.waitFor((f) => f.event === 'stats');
  assert.deepEqual(server.frames.slice(0, 6).map((f) => f.event), ['hello', 'node-ping', 'latency', 'block', 'pending', 'stats']);
  const latency = payload<{ latency: unknown }>(server.frames[2] as Frame).latency;
  assert.equal(typeof latency, 'number');
  const stats = payload<{ stats: Record<string, unknown> }>(server.frames[5] as Frame).stats;
  assert.deepEqual(stats, { active: true, syncing: false, mining: true, peers: 2, gasPrice: 1_000_000_000, hashrate: 0, uptime: 100 });
  await sleep(700);
  assert.ok(server.frames.filter(of('stats')).length >= 2, 'the full report repeats');
  assert.equal(server.connections.length, 1);
});

test('new heads: block then pending; a burst coalesces to the latest head', { timeout: 10_000 }, async (t) => {
  const server = await startFakeServer(t);
  const source = createFakeSource(10);
  startReporter(t, server.port, source, { timings: { reportIntervalMs: 60_000 } });
  await server.waitFor(of('stats'));
  const before = server.frames.length;
  for (let n = 11; n <= 40; n += 1) source.emitHead(n);
  const last = await server.waitFor((f) => f.event === 'block' && payload<{ block: { number: number } }>(f).block.number === 40);
  const blocks = server.frames.slice(before).filter(of('block'));
  assert.ok(blocks.length < 30, `bursts coalesce (${blocks.length} block reports for 30 heads)`);
  assert.equal(server.frames[server.frames.indexOf(last) + 1]?.event ?? (await server.waitFor((f) => f.at >= last.at && f.event === 'pending')).event, 'pending');
});

test('pending on new transactions at most once per throttle period', { timeout: 10_000 }, async (t) => {
  const server = await startFakeServer(t);
  const source = createFakeSource(10);
  startReporter(t, server.port, source, { timings: { reportIntervalMs: 60_000, pendingThrottleMs: 300 } });
  await server.waitFor(of('stats'));
  const before = server.frames.length;
  source.pendingCount = 7;
  for (let i = 0; i < 30; i += 1) {
    source.emitTx();
    await sleep(10);
  }
  await sleep(400);
  const pending = server.frames.slice(before).filter(of('pending'));
  assert.ok(pending.length >= 1 && pending.length <= 3, `${pending.length} pending reports`);
  assert.equal(payload<{ stats: { pending: number } }>(pending.at(-1) as Frame).stats.pending, 7, 'the last burst is never lost');
});

test('history on request: the listed blocks newest first, the latest 50 for false, cut short at a gap', { timeout: 10_000 }, async (t) => {
  const server = await startFakeServer(t);
  const source = createFakeSource(60);
  startReporter(t, server.port, source, { timings: { reportIntervalMs: 60_000 } });
  await server.waitFor(of('stats'));
  const ws = server.connections[0];
  assert.ok(ws);
  const numbers = (f: Frame) => payload<{ history: Array<{ number: number }> }>(f).history.map((b) => b.number);
  ws.send('{"emit":["history",{"max":5,"min":3,"list":[3,4,5]}]}');
  assert.deepEqual(numbers(await server.waitFor(of('history'))), [5, 4, 3]);
  ws.send('{"emit":["history",false]}');
  await server.waitFor(() => server.frames.filter(of('history')).length === 2);
  const latest = numbers(server.frames.filter(of('history'))[1] as Frame);
  assert.equal(latest.length, 50);
  assert.deepEqual([latest[0], latest.at(-1)], [60, 11]);
  ws.send('{"emit":["history",{"list":[59,60,61,62]}]}');
  await server.waitFor(() => server.frames.filter(of('history')).length === 3);
  assert.deepEqual(numbers(server.frames.filter(of('history'))[2] as Frame), [], 'a missing newest block cuts the report short');
});

test('while geth is down the reporter stays connected and reports active: false', { timeout: 10_000 }, async (t) => {
  const server = await startFakeServer(t);
  const source = createFakeSource(10);
  const reporter = startReporter(t, server.port, source);
  await server.waitFor(of('stats'));
  source.up = false;
  const down = await server.waitFor((f) => {
    const stats = f.event === 'stats' ? payload<{ stats: { active: boolean; uptime: number } }>(f).stats : undefined;
    return stats?.active === false && stats.uptime < 100;
  });
  assert.equal(reporter.status().connected, true);
  source.up = true;
  await server.waitFor((f) => f.at > down.at && f.event === 'stats' && payload<{ stats: { active: boolean } }>(f).stats.active);
  assert.equal(server.connections.length, 1, 'never disconnected');
});

test('a reporter started before geth ever answered reports active: false, then logs in again once with the node info', { timeout: 10_000 }, async (t) => {
  const server = await startFakeServer(t);
  const source = createFakeSource(10);
  source.up = false;
  startReporter(t, server.port, source);
  const first = await server.waitFor(of('hello'));
  assert.equal(payload<{ info: { node: string } }>(first).info.node, '', 'no node info yet');
  await server.waitFor((f) => f.event === 'stats' && payload<{ stats: { active: boolean } }>(f).stats.active === false);
  source.up = true;
  const second = await server.waitFor((f) => f.event === 'hello' && f !== first);
  assert.match(payload<{ info: { node: string; net: string } }>(second).info.node, /^Geth\//);
  assert.equal(payload<{ info: { net: string } }>(second).info.net, '4242');
  await server.waitFor((f) => f.at > second.at && f.event === 'stats' && payload<{ stats: { active: boolean } }>(f).stats.active);
  await sleep(1000);
  assert.equal(server.frames.filter(of('hello')).length, 2, 'one re-login, not a loop');
});

test('a host without a scheme is tried as wss:// then ws://', { timeout: 10_000 }, async (t) => {
  const server = await startFakeServer(t);
  startReporter(t, server.port, createFakeSource(), { target: { name: 'node-a', secret: 's', host: `127.0.0.1:${server.port}` } });
  await server.waitFor(of('stats'));
});

test('an explicit wss:// is never downgraded: against a plain server every attempt fails, no hello is sent', { timeout: 10_000 }, async (t) => {
  const server = await startFakeServer(t);
  const reporter = startReporter(t, server.port, createFakeSource(), { target: { name: 'node-a', secret: 's', host: `wss://127.0.0.1:${server.port}` } });
  const deadline = Date.now() + 8000;
  while (reporter.status().reconnects < 3 && Date.now() < deadline) await sleep(20);
  assert.match(reporter.status().lastError ?? '', /SSL|TLS|wrong version|EPROTO/i, 'a TLS failure');
  assert.equal(server.connections.length, 0, 'no WebSocket session at all');
  assert.equal(server.frames.length, 0, 'no hello');
});

test('stop() ends the session and the loop promptly', { timeout: 10_000 }, async (t) => {
  const server = await startFakeServer(t);
  const reporter = startReporter(t, server.port, createFakeSource());
  await server.waitFor(of('stats'));
  const started = Date.now();
  await reporter.stop();
  assert.ok(Date.now() - started < 500);
  assert.equal(reporter.status().state, 'stopped');
  const count = server.frames.length;
  await sleep(400);
  assert.equal(server.frames.length, count, 'nothing is sent after stop');
});

test('history against a flood: one answer in flight, a burst coalesces to the latest, no block read once the session ended', { timeout: 15_000 }, async (t) => {
  const server = await startFakeServer(t);
  const source = createFakeSource(60);
  // Slow reads (20 ms each): a 50-block answer takes a second, so the close lands mid-answer.
  const read = source.block.bind(source);
  source.block = async (id) => {
    await sleep(20);
    return read(id);
  };
  const reporter = startReporter(t, server.port, source, { timings: { reportIntervalMs: 60_000 } });
  await server.waitFor(of('stats'));
  const ws = server.connections[0];
  for (let i = 0; i < 2000; i++) ws?.send(`{"emit":["history",{"list":[${i % 50 + 1}]}]}`);
  ws?.send('{"emit":["history",false]}');
  // The burst: the first request in flight, then only the latest (false: 50 blocks).
  await server.waitFor(() => server.frames.filter(of('history')).length === 2);
  await sleep(300);
  assert.equal(server.frames.filter(of('history')).length, 2, 'two answers for 2001 requests');
  // A new burst ending with `false`; the session is closed while that answer is being read.
  for (let i = 0; i < 100; i++) ws?.send('{"emit":["history",false]}');
  await sleep(200);
  ws?.terminate();
  // From the moment the reporter knows the session ended.
  const deadline = Date.now() + 5000;
  while (reporter.status().reconnects === 0 && Date.now() < deadline) await sleep(1);
  const readsAtClose = source.calls.filter((c) => c.startsWith('block:')).length;
  await sleep(1500);
  const readsAfter = source.calls.filter((c) => c.startsWith('block:')).length - readsAtClose;
  assert.ok(readsAfter <= 1, `${readsAfter} block reads after the session ended (the one in flight at most)`);
});
