import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import WebSocket from 'ws';
import { createCollector, type Collector, type CollectorOptions } from '../../../src/ethstats/collector/collector.js';
import { registerCollector } from '../../../src/ethstats/collector/routes.js';
import { gethFrames } from '../../unit/ethstats/geth-frames.js';
import { fakeBlock } from '../../helpers/ethstats-fakes.js';
import { quiet, sleep } from './reporter-helpers.js';

interface Client {
  readonly ws: WebSocket;
  readonly received: string[];
  readonly closed: Promise<{ code: number; reason: string }>;
  next(match?: (text: string) => boolean, timeoutMs?: number): Promise<string>;
}

async function startCollector(t: TestContext, options: Partial<Omit<CollectorOptions, 'secret' | 'logger'>> = {}): Promise<{ url: string; base: string; collector: Collector }> {
  const app = Fastify();
  const collector = createCollector({ secret: 'sec', logger: quiet, ...options });
  await registerCollector(app, collector);
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.after(() => app.close());
  const { port } = app.server.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}/api`, base: `http://127.0.0.1:${port}`, collector };
}

async function connect(t: TestContext, url: string): Promise<Client> {
  const ws = new WebSocket(url);
  t.after(() => ws.terminate());
  const received: string[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    received.push(data.toString());
    for (const waiter of waiters) waiter();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('error', () => undefined);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const next = (match: (text: string) => boolean = () => true, timeoutMs = 3000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = received.find(match);
        if (found === undefined) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`nothing matching within ${timeoutMs} ms: ${received.join(' | ')}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return { ws, received, closed, next };
}

const block = (n: number) => JSON.stringify({ emit: ['block', { id: 'node-a', block: fakeBlock(n) }] });

test('accepts geth-shaped frames: ready, node-pong echo, a history request for the parent after the first block, state on /network', { timeout: 10_000 }, async (t) => {
  const { url, base, collector } = await startCollector(t);
  const client = await connect(t, url);
  client.ws.send(gethFrames.hello);
  assert.equal(await client.next(), '{"emit":["ready"]}');
  client.ws.send(gethFrames.ping);
  const pong = JSON.parse(await client.next((m) => m.includes('node-pong')));
  assert.equal(pong.emit[1].clientTime, '2026-11-22 02:34:48.166107451 +0000 UTC m=+0.248113524');
  assert.equal(typeof pong.emit[1].serverTime, 'number');
  for (const frame of [gethFrames.latency, gethFrames.genesisBlock, gethFrames.pending, gethFrames.stats, gethFrames.primusPong]) client.ws.send(frame);
  client.ws.send(block(5));
  const request = JSON.parse(await client.next((m) => m.includes('"history"')));
  assert.deepEqual(request.emit[1], { max: 4, min: 4, list: [4] });
  client.ws.send(JSON.stringify({ emit: ['history', { id: 'node-a', history: [4].map(fakeBlock) }] }));
  await sleep(100);
  const [node] = collector.nodes();
  assert.equal(node?.id, 'node-a');
  assert.equal(node?.head?.number, 5);
  assert.equal(node?.blockTime, 1);
  assert.equal(node?.latency, 0);
  const json = (await (await fetch(`${base}/network`)).json()) as { nodes: Array<{ id: string; connected: boolean; peers: number }> };
  assert.equal(json.nodes[0]?.id, 'node-a');
  assert.equal(json.nodes[0]?.peers, 0);
  const html = await (await fetch(`${base}/network`, { headers: { accept: 'text/html,application/xhtml+xml' } })).text();
  assert.match(html, /<td>node-a<\/td>/);
  assert.match(await (await fetch(`${base}/network.html`)).text(), /<table>/);
  assert.ok(!JSON.stringify(json).includes('sec"'), 'the secret never reaches the page');
  client.ws.close();
  await sleep(100);
  assert.equal(collector.nodes()[0]?.connected, false, 'kept, shown offline');
});

const refusals: Array<[string, string[], number, RegExp]> = [
  ['a wrong secret', [gethFrames.hello.replace('"secret":"sec"', '"secret":"nope"')], 1008, /wrong secret/],
  ['a hello without secret', ['{"emit":["hello",{"id":"node-a","info":{"name":"node-a"}}]}'], 1007, /without a secret/],
  ['garbage', ['this is not json'], 1007, /not JSON/],
  ['a report before hello', [gethFrames.stats], 1008, /before hello/],
  ['a block for an unknown id', [gethFrames.hello, block(3).replace('"node-a"', '"node-b"')], 1008, /unknown id/],
  ['a malformed block', [gethFrames.hello, gethFrames.genesisBlock.replace('"uncles":[]', '"uncles":null')], 1007, /uncles/],
  ['an unknown event', [gethFrames.hello, '{"emit":["bogus",{"id":"node-a"}]}'], 1007, /unknown event/],
];

for (const [name, frames, code, reason] of refusals) {
  test(`drops the connection on ${name}`, { timeout: 10_000 }, async (t) => {
    const { url, collector } = await startCollector(t);
    const client = await connect(t, url);
    for (const frame of frames) client.ws.send(frame);
    const closed = await client.closed;
    assert.equal(closed.code, code);
    assert.match(closed.reason, reason);
    await sleep(100);
    if (name !== 'a block for an unknown id') assert.equal(collector.nodes().filter((n) => n.connected).length, 0);
  });
}

test('after login, a frame over maxPayload closes with 1009; before login, more than the login budget destroys the socket; silence past the login timeout closes; each refusal is counted', { timeout: 10_000 }, async (t) => {
  const refused: string[] = [];
  const { url } = await startCollector(t, { maxPayload: 64 * 1024, loginTimeoutMs: 200, limits: { loginMaxBytes: 2048 }, onRefusal: (limit) => refused.push(limit) });
  const big = await connect(t, url);
  big.ws.send(gethFrames.hello);
  await big.next();
  big.ws.send('x'.repeat(100 * 1024));
  assert.equal((await big.closed).code, 1009);
  const early = await connect(t, url);
  // A first fragment (fin: false): the message is incomplete, only the byte count can end it.
  early.ws.send('x'.repeat(3000), { fin: false });
  assert.equal((await early.closed).code, 1006, 'destroyed, no close handshake');
  const silent = await connect(t, url);
  const started = Date.now();
  assert.equal((await silent.closed).code, 1008);
  assert.ok(Date.now() - started >= 150);
  assert.deepEqual(refused, ['collector_frame', 'collector_prelogin_bytes', 'collector_login_timeout']);
});

test('before login, a frame header over the frame limit is the pre-login refusal, counted once', { timeout: 10_000 }, async (t) => {
  const refused: string[] = [];
  const { url } = await startCollector(t, { maxPayload: 4096, limits: { loginMaxBytes: 8192 }, onRefusal: (limit) => refused.push(limit) });
  const client = await connect(t, url);
  client.ws.send('x'.repeat(5000));
  const closed = await client.closed;
  assert.ok([1006, 1009].includes(closed.code), String(closed.code));
  await sleep(100);
  assert.deepEqual(refused, ['collector_prelogin_bytes']);
});

test('a logged-in reporter sending faster than the rate is paused, not dropped: every frame is read, later', { timeout: 20_000 }, async (t) => {
  const refused: string[] = [];
  const { url, collector } = await startCollector(t, { maxPayload: 64 * 1024, limits: { bytesPerSecond: 64 * 1024 }, onRefusal: (limit) => refused.push(limit) });
  const client = await connect(t, url);
  client.ws.send(gethFrames.hello);
  await client.next();
  const started = Date.now();
  // Five ~40 KiB block frames (200 KiB): 64 KiB pass at once, the rest at 64 KiB/s.
  const padded = (n: number): string => JSON.stringify({ emit: ['block', { id: 'node-a', block: fakeBlock(n), pad: 'x'.repeat(40 * 1024) }] });
  for (let n = 1; n <= 5; n++) client.ws.send(padded(n));
  client.ws.send(gethFrames.ping);
  await client.next((m) => m.includes('node-pong'), 15_000);
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 1500, `read at the rate: ${elapsed} ms for 200 KiB at 64 KiB/s after a 64 KiB burst`);
  assert.equal(collector.nodes()[0]?.head?.number, 5, 'every frame was read');
  assert.equal(collector.nodes()[0]?.connected, true);
  assert.ok(refused.length >= 1 && refused.every((limit) => limit === 'collector_rate'), refused.join());
});

test('a second login with the same id replaces the first connection', { timeout: 10_000 }, async (t) => {
  const { url, collector } = await startCollector(t);
  const first = await connect(t, url);
  first.ws.send(gethFrames.hello);
  await first.next();
  const second = await connect(t, url);
  second.ws.send(gethFrames.hello);
  await second.next();
  await first.closed;
  await sleep(50);
  assert.equal(collector.nodes().length, 1);
  assert.equal(collector.nodes()[0]?.connected, true);
});
