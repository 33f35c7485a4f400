import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startGenesisAgent, scrape } from '../helpers/network.js';
import { memoryMiB } from '../helpers/processes.js';
import { tempDir } from '../helpers/tmp.js';

const HEADERS_TIMEOUT_S = 1;
const SLOW_CLIENTS = 60;

/** A client sending one header byte every 200 ms, forever; resolves when the server closed it, with what it got. */
function slowloris(port: number, path: string): { socket: Socket; closed: Promise<{ text: string; afterMs: number }> } {
  const socket = connect(port, '127.0.0.1');
  const started = Date.now();
  let text = '';
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  socket.once('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: genesis\r\nX-Slow: `));
  const timer = setInterval(() => !socket.destroyed && socket.write('a'), 200);
  const closed = new Promise<{ text: string; afterMs: number }>((resolve) =>
    socket.once('close', () => {
      clearInterval(timer);
      resolve({ text, afterMs: Date.now() - started });
    }),
  );
  return { socket, closed };
}

test('slowloris against a real agent\'s listener: every slow client cut within the headers timeout, /health answers throughout, refusals counted, RSS bounded', { timeout: 90_000 }, async (t) => {
  const root = await tempDir(t);
  const { port, agent } = await startGenesisAgent(t, root, {
    GETH_AGENT_SIGNERS: `0x${'11'.repeat(20)}`,
    GETH_AGENT_HTTP_HEADERS_TIMEOUT_SECONDS: String(HEADERS_TIMEOUT_S),
    GETH_AGENT_HTTP_REQUEST_TIMEOUT_SECONDS: '2',
    GETH_AGENT_HTTP_MAX_CONNECTIONS: '200',
  });
  const before = await memoryMiB(agent.pid);
  assert.ok(before !== undefined);

  // Headers trickled, and a body trickled after complete headers: both hold a socket forever without limits.
  const slow = Array.from({ length: SLOW_CLIENTS }, (_, i) => slowloris(port, i % 2 === 0 ? '/genesis.json' : '/health'));
  const body = connect(port, '127.0.0.1');
  body.on('error', () => undefined);
  body.write('POST /signers HTTP/1.1\r\nHost: genesis\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{');
  const bodyTimer = setInterval(() => !body.destroyed && body.write(' '), 200);
  const bodyClosed = new Promise<number>((resolve) => body.once('close', () => resolve(Date.now())));
  const bodyStart = Date.now();
  t.after(() => {
    clearInterval(bodyTimer);
    body.destroy();
    for (const s of slow) s.socket.destroy();
  });

  let answered = 0;
  const probes: number[] = [];
  const probing = (async () => {
    for (let i = 0; i < 20; i++) {
      const started = Date.now();
      const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      probes.push(Date.now() - started);
      if (response.status === 200) answered++;
      await sleep(100);
    }
  })();
  const results = await Promise.all(slow.map((s) => s.closed));
  const bodyCut = (await bodyClosed) - bodyStart;
  clearInterval(bodyTimer);
  await probing;

  for (const { text, afterMs } of results) {
    assert.match(text, /^HTTP\/1\.1 408 /);
    assert.ok(afterMs < HEADERS_TIMEOUT_S * 1000 + 1_500, `a slow client was cut after ${afterMs} ms`);
  }
  assert.ok(bodyCut < 2_000 + 1_500, `the slow body was cut after ${bodyCut} ms`);
  assert.equal(answered, 20, '/health answered every probe during the attack');
  const metrics = await scrape(port);
  assert.ok((metrics.get('geth_agent_limit_refusals_total{limit="http_request_timeout"}') ?? 0) >= SLOW_CLIENTS + 1, 'every cut counted');
  const after = await memoryMiB(agent.pid);
  assert.ok(after !== undefined && after.rss - before.rss < 50, `RSS ${before.rss.toFixed(1)} -> ${after?.rss.toFixed(1)} MiB`);
  t.diagnostic(`slow clients cut after ${Math.min(...results.map((r) => r.afterMs))}-${Math.max(...results.map((r) => r.afterMs))} ms, slow body after ${bodyCut} ms; /health probes ${Math.max(...probes)} ms at most; RSS ${before.rss.toFixed(1)} -> ${after?.rss.toFixed(1)} MiB`);
});

test('a connection flood against a real agent: connections over GETH_AGENT_HTTP_MAX_CONNECTIONS closed at once and counted; service resumes when they go', { timeout: 60_000 }, async (t) => {
  const root = await tempDir(t);
  const max = 20;
  const { port } = await startGenesisAgent(t, root, { GETH_AGENT_SIGNERS: `0x${'11'.repeat(20)}`, GETH_AGENT_HTTP_MAX_CONNECTIONS: String(max), GETH_AGENT_HTTP_HEADERS_TIMEOUT_SECONDS: '20', GETH_AGENT_HTTP_REQUEST_TIMEOUT_SECONDS: '20' });
  const open = async (): Promise<Socket> =>
    new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket));
      socket.on('error', () => undefined);
    });
  const flood = await Promise.all(Array.from({ length: max + 10 }, open));
  t.after(() => flood.forEach((s) => s.destroy()));
  await sleep(300);
  const dropped = flood.filter((s) => s.destroyed || s.readyState !== 'open').length;
  assert.ok(dropped >= 10, `${dropped} of ${flood.length} connections closed by the agent`);
  for (const s of flood) s.destroy();
  await sleep(300);
  const metrics = await scrape(port);
  assert.ok((metrics.get('geth_agent_limit_refusals_total{limit="http_connections"}') ?? 0) >= 10);
  assert.equal((await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) })).status, 200);
});
