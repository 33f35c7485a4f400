import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFakeSource, startFakeServer, type Frame } from '../../helpers/ethstats-fakes.js';
import { sleep, startReporter } from './reporter-helpers.js';

const of = (event: string) => (frame: Frame) => frame.event === event;
const count = (frames: Frame[], event: string): number => frames.filter(of(event)).length;

test('server sends non-JSON and malformed emits: ignored, the session keeps reporting', { timeout: 10_000 }, async (t) => {
  const server = await startFakeServer(t);
  startReporter(t, server.port, createFakeSource());
  await server.waitFor(of('stats'));
  const ws = server.connections[0];
  for (const junk of ['not json', '{', '[1,2]', '{"emit":[]}', '{"emit":[42]}', '"hello"', '{"emit":["node-pong"]}']) ws?.send(junk);
  const before = count(server.frames, 'stats');
  await server.waitFor(() => count(server.frames, 'stats') >= before + 2);
  assert.equal(server.connections.length, 1, 'no reconnect');
});

test('a history request with non-numbers is refused; the session survives', { timeout: 10_000 }, async (t) => {
  const server = await startFakeServer(t);
  startReporter(t, server.port, createFakeSource());
  await server.waitFor(of('stats'));
  const ws = server.connections[0];
  ws?.send('{"emit":["history",{"list":[1,"2",{"x":1}]}]}');
  ws?.send('{"emit":["history",{"list":"all"}]}');
  ws?.send('{"emit":["history",{"list":[1e300]}]}');
  await sleep(400);
  assert.equal(count(server.frames, 'history'), 0, 'no history for a malformed request');
  ws?.send('{"emit":["history",{"list":[2]}]}');
  await server.waitFor(of('history'));
  assert.equal(server.connections.length, 1);
});

test('a 20 MB frame ends the session (bounded read) and the reporter reconnects', { timeout: 15_000 }, async (t) => {
  let first = true;
  const server = await startFakeServer(t, {
    onFrame: (ws, frame) => {
      if (frame.event === 'stats' && first) {
        first = false;
        ws.send(JSON.stringify({ emit: ['history', { list: [1], pad: 'x'.repeat(20 * 1024 * 1024) }] }));
      }
    },
  });
  startReporter(t, server.port, createFakeSource());
  await server.waitFor(() => count(server.frames, 'hello') >= 2, 8000);
  assert.equal(server.connections[0]?.readyState, 3, 'the oversized connection was closed');
  await server.waitFor(() => count(server.frames, 'stats') >= 2);
});

test('a server that never answers hello: login timeout, then capped backoff retries', { timeout: 10_000 }, async (t) => {
  const server = await startFakeServer(t, { onFrame: () => true });
  const reporter = startReporter(t, server.port, createFakeSource(), { timings: { loginTimeoutMs: 200 } });
  await server.waitFor(() => count(server.frames, 'hello') >= 3, 5000);
  const hellos = server.frames.filter(of('hello'));
  assert.ok((hellos[1] as Frame).at - (hellos[0] as Frame).at >= 200, 'waited the login timeout');
  assert.equal(count(server.frames, 'stats'), 0, 'nothing reported without ready');
  assert.equal(reporter.status().connected, false);
  assert.match(reporter.status().lastError ?? '', /login timeout/);
});

test('a server that closes mid-report: reconnect and report again', { timeout: 10_000 }, async (t) => {
  let closes = 0;
  const server = await startFakeServer(t, {
    onFrame: (ws, frame) => {
      if (frame.event === 'block' && closes === 0) {
        closes += 1;
        ws.close();
        return true;
      }
    },
  });
  const reporter = startReporter(t, server.port, createFakeSource());
  await server.waitFor(() => count(server.frames, 'hello') >= 2 && count(server.frames, 'stats') >= 1);
  assert.ok(reporter.status().reconnects >= 1);
});

test('primus heartbeats are answered, also before ready; primus::server::close ends the session', { timeout: 10_000 }, async (t) => {
  const server = await startFakeServer(t, {
    onFrame: (ws, frame) => {
      if (frame.event === 'hello') {
        ws.send('"primus::ping::1700000000001"');
        setTimeout(() => ws.send('{"emit":["ready"]}'), 50);
        return true;
      }
    },
  });
  startReporter(t, server.port, createFakeSource());
  await server.waitFor((f) => f.text === '"primus::pong::1700000000001"');
  await server.waitFor(of('stats'));
  server.connections[0]?.send('"primus::ping::42"');
  await server.waitFor((f) => f.text === '"primus::pong::42"');
  server.connections[0]?.send('"primus::server::close"');
  await server.waitFor(() => count(server.frames, 'hello') >= 2);
});

test('no node-pong within the pong timeout: reconnect', { timeout: 10_000 }, async (t) => {
  const server = await startFakeServer(t, { onFrame: (_ws, frame) => frame.event === 'node-ping' });
  const reporter = startReporter(t, server.port, createFakeSource(), { timings: { pongTimeoutMs: 150 } });
  await server.waitFor(() => count(server.frames, 'hello') >= 2);
  assert.equal(count(server.frames, 'latency'), 0);
  assert.match(reporter.status().lastError ?? '', /node-pong/);
});

test('a refused login (wrong secret) is retried with growing, capped, jittered delays', { timeout: 10_000 }, async (t) => {
  const server = await startFakeServer(t, {
    onFrame: (ws, frame) => {
      if (frame.event === 'hello') ws.close(1008, 'unauthorized');
      return true;
    },
  });
  const delays: number[] = [];
  startReporter(t, server.port, createFakeSource(), {
    timings: { backoff: { initialMs: 100, maxMs: 800 } },
    random: () => 0.999999,
    delay: (ms) => {
      delays.push(ms);
      return sleep(5);
    },
  });
  await server.waitFor(() => count(server.frames, 'hello') >= 6);
  // The first retry waits the initial delay (jitter at its top: random ~1), then doubles to the cap.
  assert.deepEqual(delays.slice(0, 5), [100, 200, 400, 800, 800]);
});

test('an unreachable server: endless retries, no crash, no unhandled error', { timeout: 10_000 }, async (t) => {
  const server = await startFakeServer(t);
  const port = server.port;
  await server.close();
  const reporter = startReporter(t, port, createFakeSource(), { timings: { backoff: { initialMs: 20, maxMs: 40 } } });
  await sleep(500);
  assert.ok(reporter.status().reconnects >= 5, String(reporter.status().reconnects));
  assert.equal(reporter.status().state, 'connecting');
});
