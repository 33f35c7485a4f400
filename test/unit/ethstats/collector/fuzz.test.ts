import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { createConnection, type AddressInfo } from 'node:net';
import fc from 'fast-check';
import type WebSocket from 'ws';
import { closeCodes, serveConnection } from '../../../../src/ethstats/collector/connection.js';
import { createCollector } from '../../../../src/ethstats/collector/collector.js';
import { registerCollector } from '../../../../src/ethstats/collector/routes.js';
import { applyReport, newRecord, viewOf, type NodeRecord } from '../../../../src/ethstats/collector/state.js';
import { renderNetworkPage } from '../../../../src/ethstats/collector/page.js';
import { createHttpApp } from '../../../../src/http/app.js';
import { captureLogger } from '../../../helpers/capture-log.js';
import { deepArray, nastyJson, nearValid, protoObject } from '../../../helpers/fuzz.js';
import { gethFrames, sealedBlock } from '../geth-frames.js';

const SECRET = 'collector-fuzz-secret-51d2';
const hello = gethFrames.hello.replace('"secret":"sec"', `"secret":"${SECRET}"`).replace('"name":"node-a"', '"name":"<img src=x onerror=alert(1)>"');
const reports = [gethFrames.ping, gethFrames.latency, gethFrames.pending, gethFrames.stats, gethFrames.emptyHistory, JSON.stringify({ emit: ['block', { id: 'node-a', block: sealedBlock }] })];

/** A stand-in for a ws socket: records what the connection handler sends and how it closes. */
function fakeSocket(): WebSocket & { sent: string[]; closedWith?: number } {
  const ws = Object.assign(new EventEmitter(), { readyState: 1, sent: [] as string[], closedWith: undefined as number | undefined });
  return Object.assign(ws, {
    send: (text: string) => void ws.sent.push(text),
    close: (code: number) => {
      ws.closedWith = code;
      ws.readyState = 2;
    },
    terminate: () => void (ws.readyState = 3),
  }) as unknown as WebSocket & { sent: string[]; closedWith?: number };
}

test('collector connection: any frame sequence is answered, stored and rendered, or the connection is closed (1007/1008)', () => {
  const frames = fc.oneof(fc.constantFrom(...reports), fc.constantFrom(...reports).chain((r) => nearValid(JSON.parse(r))), nastyJson, fc.string({ maxLength: 100 }));
  fc.assert(
    fc.property(fc.oneof(fc.constant(hello), nearValid(JSON.parse(hello)), fc.constant(undefined)), fc.array(frames, { minLength: 1, maxLength: 6 }), fc.boolean(), (login, sequence, binary) => {
      const { logger, lines } = captureLogger('debug');
      const ws = fakeSocket();
      let record: NodeRecord | undefined;
      serveConnection(ws, {
        secret: SECRET, logger, now: () => 1_700_000_000_000, loginTimeoutMs: 60_000, idleTimeoutMs: 60_000,
        login: (message) => ((record = newRecord(message.id, message.info, 1)), true),
        report: (_id, message) => void (record = applyReport(record as NodeRecord, message, 2)),
        gone: () => undefined,
      });
      for (const text of login === undefined ? sequence : [login, ...sequence]) {
        if (ws.readyState !== 1) break;
        ws.emit('message', Buffer.from(text), binary && text !== login);
        if (record === undefined) continue;
        JSON.stringify({ nodes: [viewOf(record)] });
        assert.doesNotMatch(renderNetworkPage([viewOf(record)], 3), /<img/, 'reported text reached the page unescaped');
      }
      ws.emit('close');
      if (ws.closedWith !== undefined) assert.ok(([closeCodes.malformed, closeCodes.unauthorized] as number[]).includes(ws.closedWith));
      assert.ok(!lines.join('\n').includes(SECRET), 'the secret was logged');
    }),
    { numRuns: 500 },
  );
});

test('collector over a real socket: bad upgrade requests and nasty frames leave it answering', { timeout: 20_000 }, async (t) => {
  const { logger } = captureLogger('info');
  const app = createHttpApp({ logger });
  const collector = createCollector({ secret: SECRET, logger, loginTimeoutMs: 200 });
  await registerCollector(app, collector);
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.after(() => app.close());
  const { port } = app.server.address() as AddressInfo;
  const raw = (text: string): Promise<string> =>
    new Promise((resolve) => {
      const socket = createConnection(port, '127.0.0.1');
      let got = '';
      socket.on('data', (d) => (got += d.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(got));
      socket.setTimeout(2000, () => socket.destroy());
      socket.end(text);
    });
  const upgrade = (target: string, headers = 'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'): string =>
    `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n${headers}\r\n`;
  // `//`, `//a:b`: request targets `new URL(target, base)` cannot parse (crashed the process).
  for (const target of ['//', '//a:b', '///api', '/api?x=%zz', '/%', '*', 'http://[', '/api/../api', '/other']) await raw(upgrade(target));
  for (const headers of ['', 'Sec-WebSocket-Version: 99\r\n', 'Sec-WebSocket-Key: x\r\nSec-WebSocket-Version: 13\r\n']) await raw(upgrade('/api', headers));

  const { default: WebSocketClient } = await import('ws');
  const deep = deepArray();
  const nasty = [`{"emit":["latency",{"id":"node-a","latency":${deep}}]}`, `{"emit":["node-ping",{"id":"node-a","clientTime":${protoObject}}]}`, `{"emit":["history",{"id":"node-a","history":[${deep}]}]}`];
  for (const frame of nasty) {
    const ws = new WebSocketClient(`ws://127.0.0.1:${port}/api`);
    ws.on('error', () => undefined);
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(hello);
    ws.send(frame);
    ws.send(gethFrames.ping);
    await new Promise((resolve) => {
      ws.on('message', (data) => String(data).includes('node-pong') && resolve(undefined));
      ws.on('close', resolve);
    });
    ws.terminate();
  }
  for (const accept of ['text/html', '*/*', 'text/html;q=0.1, application/json', ',,;', `${'a,'.repeat(5000)}text/html`]) {
    const res = await app.inject({ method: 'GET', url: '/network', headers: { accept } });
    assert.equal(res.statusCode, 200);
  }
  const network = await app.inject({ method: 'GET', url: '/network' });
  assert.equal(network.statusCode, 200, 'the server still answers');
  assert.equal(network.json<{ nodes: Array<{ id: string }> }>().nodes[0]?.id, 'node-a');
});
