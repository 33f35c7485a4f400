import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { pino } from 'pino';
import { loadConfig } from '../../../src/config/load.js';
import { createHttpApp } from '../../../src/http/app.js';
import { httpLimitsFromConfig, type HttpLimits } from '../../../src/http/limits.js';

const fast: HttpLimits = { headersTimeoutMs: 400, requestTimeoutMs: 800, keepAliveTimeoutMs: 300, idleTimeoutMs: 5_000, maxConnections: 3 };

async function listening(t: TestContext, limits: HttpLimits): Promise<{ port: number; refusals: string[] }> {
  const refusals: string[] = [];
  const app = createHttpApp({ logger: pino({ level: 'silent' }), role: 'test', limits, onLimit: (limit) => refusals.push(limit) });
  app.post('/echo', async (request) => ({ got: request.body }));
  t.after(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { port: (app.server.address() as { port: number }).port, refusals };
}

/** A raw connection; resolves what the server sent once it closed the connection, and when. */
function rawClient(port: number): { socket: Socket; closed: Promise<{ text: string; at: number }> } {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<{ text: string; at: number }>((resolve) => socket.once('close', () => resolve({ text, at: Date.now() })));
  return { socket, closed };
}

const trickles = [
  { what: 'headers trickled (slowloris)', start: 'GET /health HTTP/1.1\r\nHost: x\r\n', more: 'X-A: b\r\n', deadlineMs: fast.headersTimeoutMs },
  { what: 'a body trickled after complete headers', start: 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"', more: 'a', deadlineMs: fast.requestTimeoutMs },
];

for (const trickle of trickles) {
  test(`limits: ${trickle.what} gets 408 and is cut at its deadline, counted`, { timeout: 10_000 }, async (t) => {
    const { port, refusals } = await listening(t, fast);
    const { socket, closed } = rawClient(port);
    const started = Date.now();
    socket.write(trickle.start);
    const timer = setInterval(() => !socket.destroyed && socket.write(trickle.more), 50);
    t.after(() => clearInterval(timer));
    const { text, at } = await closed;
    clearInterval(timer);
    assert.match(text, /^HTTP\/1\.1 408 /);
    assert.ok(at - started < trickle.deadlineMs + 1_000, `cut after ${at - started} ms`);
    assert.deepEqual(refusals, ['http_request_timeout']);
  });
}

test('limits: connections over the cap are closed at once and counted; a freed slot serves again', { timeout: 10_000 }, async (t) => {
  const { port, refusals } = await listening(t, { ...fast, headersTimeoutMs: 5_000, requestTimeoutMs: 5_000 });
  const held = await Promise.all([1, 2, 3].map(() => new Promise<Socket>((resolve) => { const s = connect(port, '127.0.0.1', () => resolve(s)); s.on('error', () => undefined); })));
  t.after(() => held.forEach((s) => s.destroy()));
  // The server counts a connection once it accepted it: wait until all three are in.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const extra = rawClient(port);
  extra.socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
  const { text } = await extra.closed;
  assert.equal(text, '', 'closed without an answer');
  assert.deepEqual(refusals, ['http_connections']);
  held[0]?.destroy();
  await new Promise((resolve) => setTimeout(resolve, 100));
  const response = await fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(2_000) });
  assert.equal(response.status, 200);
});

test('limits: an idle kept-alive connection is closed after the keep-alive timeout', { timeout: 10_000 }, async (t) => {
  const { port } = await listening(t, fast);
  const { socket, closed } = rawClient(port);
  const started = Date.now();
  socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
  const { text, at } = await closed;
  assert.match(text, /^HTTP\/1\.1 200 /);
  // Node adds a buffer of up to 1 s (keepAliveTimeoutBuffer) to the advertised timeout.
  assert.ok(at - started >= fast.keepAliveTimeoutMs - 50 && at - started < fast.keepAliveTimeoutMs + 2_500, `closed after ${at - started} ms`);
});

test('limits: the defaults come from the configuration table; GETH_AGENT_HTTP_* set them; headers are capped at the request timeout', () => {
  const app = createHttpApp({ logger: pino({ level: 'silent' }) });
  assert.deepEqual(
    { headers: app.server.headersTimeout, request: app.server.requestTimeout, keepAlive: app.server.keepAliveTimeout, idle: app.server.timeout, max: app.server.maxConnections },
    { headers: 10_000, request: 30_000, keepAlive: 5_000, idle: 60_000, max: 1024 },
  );
  const { config } = loadConfig({
    GETH_AGENT_ROLE: 'genesis', GETH_AGENT_NETWORK_ID: '5', GETH_AGENT_SIGNERS: `0x${'11'.repeat(20)}`,
    GETH_AGENT_HTTP_HEADERS_TIMEOUT_SECONDS: '20', GETH_AGENT_HTTP_REQUEST_TIMEOUT_SECONDS: '2.5', GETH_AGENT_HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '1',
    GETH_AGENT_HTTP_IDLE_TIMEOUT_SECONDS: '9', GETH_AGENT_HTTP_MAX_CONNECTIONS: '7',
  });
  assert.deepEqual(httpLimitsFromConfig(config), { headersTimeoutMs: 2_500, requestTimeoutMs: 2_500, keepAliveTimeoutMs: 1_000, idleTimeoutMs: 9_000, maxConnections: 7 });
});
