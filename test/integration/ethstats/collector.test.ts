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

/** Each drop: its frames, close code, reason, and the login refusal it counts (none once logged in). */
const refusals: Array<[string, string[], number, RegExp, string | undefined]> = [
  ['a wrong secret', [gethFrames.hello.replace('"secret":"sec"', '"secret":"nope"')], 1008, /wrong secret/, 'wrong_secret'],
  ['a hello without secret', ['{"emit":["hello",{"id":"node-a","info":{"name":"node-a"}}]}'], 1007, /without a secret/, 'bad_hello'],
  ['garbage', ['this is not json'], 1007, /not JSON/, 'bad_hello'],
  ['a report before hello', [gethFrames.stats], 1008, /before hello/, 'before_hello'],
  ['an unknown event before hello', ['"primus::ping::1"', '{"emit":["bogus",{"id":"node-a"}]}'], 1008, /bogus before hello/, 'before_hello'],
  ['a block for an unknown id', [gethFrames.hello, block(3).replace('"node-a"', '"node-b"')], 1008, /unknown id/, undefined],
  ['a malformed block', [gethFrames.hello, gethFrames.genesisBlock.replace('"uncles":[]', '"uncles":null')], 1007, /uncles/, undefined],
  ['a second hello', [gethFrames.hello, gethFrames.hello], 1007, /second hello/, undefined],
];

for (const [name, frames, code, reason, refusal] of refusals) {
  test(`drops the connection on ${name}`, { timeout: 10_000 }, async (t) => {
    const refused: string[] = [];
    const { url, collector } = await startCollector(t, { onLoginRefused: (why) => refused.push(why) });
    const client = await connect(t, url);
    for (const frame of frames) client.ws.send(frame);
    const closed = await client.closed;
    assert.equal(closed.code, code);
    assert.match(closed.reason, reason);
    await sleep(100);
    if (!/unknown id|second hello/.test(name)) assert.equal(collector.nodes().filter((n) => n.connected).length, 0);
    assert.deepEqual(refused, refusal === undefined ? [] : [refusal], 'one login refusal, by its reason; none after an accepted login');
  });
}

test('after login, unknown events are ignored and primus heartbeats answered, as eth-netstats does; the session goes on', { timeout: 10_000 }, async (t) => {
  const refused: string[] = [];
  const { url, collector } = await startCollector(t, { onLoginRefused: (why) => refused.push(why) });
  const client = await connect(t, url);
  // A heartbeat before the hello is answered too (primus pings from the moment it is open).
  client.ws.send(JSON.stringify('primus::ping::1796679219391'));
  assert.equal(await client.next(), JSON.stringify('primus::pong::1796679219391'));
  client.ws.send(gethFrames.hello);
  await client.next((m) => m.includes('ready'));
  for (const frame of ['{"emit":["bogus",{"id":"node-a"}]}', '{"emit":["update"]}', '{"_latency":11}', JSON.stringify('primus::ping::42'), block(2)]) client.ws.send(frame);
  await client.next((m) => m === JSON.stringify('primus::pong::42'));
  client.ws.send(gethFrames.ping);
  await client.next((m) => m.includes('node-pong'));
  assert.equal(collector.nodes()[0]?.connected, true);
  assert.equal(collector.nodes()[0]?.head?.number, 2);
  assert.deepEqual(refused, []);
});

test('the WebSocket path: /api, /api/ and either with a query string (primus\' cache-buster); no other path', { timeout: 10_000 }, async (t) => {
  const { url } = await startCollector(t);
  for (const suffix of ['', '/', '/?_primuscb=Q9IQui3', '?x=1']) {
    const client = await connect(t, `${url}${suffix}`);
    client.ws.send(gethFrames.hello);
    assert.equal(await client.next(), '{"emit":["ready"]}', suffix);
    client.ws.close();
    await client.closed;
  }
  for (const other of ['/apix', '/api//', '/api/x', '/']) {
    const ws = new WebSocket(url.replace(/\/api$/, other));
    t.after(() => ws.terminate());
    const failed = await new Promise<boolean>((resolve) => ws.once('open', () => resolve(false)).once('error', () => resolve(true)));
    assert.ok(failed, `${other} refused`);
  }
});

test('after login, a frame over maxPayload closes with 1009; before login, more than the login budget destroys the socket; silence past the login timeout closes; each refusal is counted', { timeout: 10_000 }, async (t) => {
  const refused: string[] = [];
  const logins: string[] = [];
  const { url } = await startCollector(t, { maxPayload: 64 * 1024, loginTimeoutMs: 200, limits: { loginMaxBytes: 2048 }, onRefusal: (limit) => refused.push(limit), onLoginRefused: (why) => logins.push(why) });
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
  assert.deepEqual(logins, ['too_large', 'timeout'], 'login refusals: the frame over the limit came after an accepted login');
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

test('login refusals for capacity: too many connections logging in (busy, HTTP 503) and every record connected (full, 1013)', { timeout: 10_000 }, async (t) => {
  const refused: string[] = [];
  const { url } = await startCollector(t, { limits: { maxLogins: 1, maxNodes: 1 }, onLoginRefused: (why) => refused.push(why) });
  const waiting = await connect(t, url);
  const second = new WebSocket(url);
  t.after(() => second.terminate());
  const status = await new Promise<number | undefined>((resolve) => {
    second.once('unexpected-response', (_req, res) => resolve(res.statusCode));
    second.once('open', () => resolve(undefined));
    second.once('error', () => resolve(undefined));
  });
  assert.equal(status, 503);
  assert.deepEqual(refused, ['busy']);
  waiting.ws.send(gethFrames.hello);
  await waiting.next();
  const other = await connect(t, url);
  other.ws.send(gethFrames.hello.replaceAll('"node-a"', '"node-b"'));
  assert.equal((await other.closed).code, 1013);
  assert.deepEqual(refused, ['busy', 'full']);
});
