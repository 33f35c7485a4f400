import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Wallet } from 'ethers';
import { registerSigner, type FetchLike, type RegisterOptions } from '../../../src/identity/register.js';
import { genesisServerBase } from '../../../src/identity/server-base.js';
import { AgentError } from '../../../src/errors.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { startFakeGenesisServer, type FakeServerOptions } from '../../helpers/fake-genesis-server.js';

const SECRET = 'network-secret-value';
const fakeGenesisServer = (t: TestContext, options: FakeServerOptions = {}) => startFakeGenesisServer(t, SECRET, options);

const register = (base: string, wallet: { address: string; signMessage(m: string): Promise<string> }, extra: Partial<RegisterOptions> = {}) => {
  const { logger, lines } = captureLogger();
  const promise = registerSigner({
    baseUrl: base,
    networkSecret: SECRET,
    address: wallet.address,
    sign: (msg) => wallet.signMessage(msg),
    logger,
    deadlineMs: 2_000,
    retryDelayMs: 20,
    requestTimeoutMs: 500,
    ...extra,
  });
  return { promise, lines };
};

const rejectsWith = (promise: Promise<unknown>, exitCode: number, pattern: RegExp) =>
  assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AgentError, String(error));
    assert.equal(error.exitCode, exitCode, error.message);
    assert.match(error.message, pattern);
    return true;
  });

test('genesisServerBase: a .json URL names the file, anything else is the base', () => {
  assert.equal(genesisServerBase('http://g:8080'), 'http://g:8080');
  assert.equal(genesisServerBase('http://g:8080/'), 'http://g:8080');
  assert.equal(genesisServerBase('http://g:8080/genesis.json'), 'http://g:8080');
  assert.equal(genesisServerBase('https://h/a/b/genesis.json?x=1'), 'https://h/a/b');
  assert.equal(genesisServerBase('http://g/prefix/'), 'http://g/prefix');
});

test('registers with a signed challenge and returns the count; the secret never reaches the logs', { timeout: 10_000 }, async (t) => {
  const server = await fakeGenesisServer(t, { needed: 2 });
  const wallet = Wallet.createRandom();
  const { promise, lines } = register(server.base, wallet);
  assert.deepEqual(await promise, { registered: 1, needed: 2, sealed: false });
  assert.deepEqual([...server.registered], [wallet.address]);
  assert.ok(!lines.join('').includes(SECRET));
});

test('401 is a configuration error naming GETH_AGENT_NETWORK_SECRET (78)', { timeout: 10_000 }, async (t) => {
  const server = await fakeGenesisServer(t);
  await rejectsWith(register(server.base, Wallet.createRandom(), { networkSecret: 'wrong' }).promise, 78, /GETH_AGENT_NETWORK_SECRET/);
  assert.equal(server.calls.length, 1, 'no retry on 401');
});

test('409 (sealed without this address) refuses with exit 65', { timeout: 10_000 }, async (t) => {
  const server = await fakeGenesisServer(t, { sealedWith: [Wallet.createRandom().address] });
  await rejectsWith(register(server.base, Wallet.createRandom()).promise, 65, /not in the signer set/);
});

test('a rejected signature is retried once with a new challenge, then refused (65)', { timeout: 10_000 }, async (t) => {
  const once = await fakeGenesisServer(t, { script: (step, n) => (step === 'register' && n === 2 ? 403 : undefined) });
  const wallet = Wallet.createRandom();
  assert.equal((await register(once.base, wallet).promise).registered, 1);
  assert.deepEqual(once.calls.map((c) => c.split(' ')[0]), ['GET', 'POST', 'GET', 'POST']);
  const always = await fakeGenesisServer(t);
  const liar = Wallet.createRandom();
  const bad = register(always.base, liar, { sign: (msg) => Wallet.createRandom().signMessage(msg) });
  await rejectsWith(bad.promise, 65, /rejected the signature .* twice/);
  assert.equal(always.calls.length, 4);
});

test('5xx and network errors are retried until the deadline, then exit 69', { timeout: 10_000 }, async (t) => {
  const flaky = await fakeGenesisServer(t, { script: (_step, n) => (n <= 2 ? 503 : undefined) });
  const { promise, lines } = register(flaky.base, Wallet.createRandom());
  assert.equal((await promise).registered, 1);
  assert.equal(lines.filter((l) => l.includes('retrying')).length, 2);
  const started = Date.now();
  await rejectsWith(register('http://127.0.0.1:9/net', Wallet.createRandom(), { deadlineMs: 400 }).promise, 69, /cannot register .* within/);
  assert.ok(Date.now() - started < 3_000);
});

test('400 and garbage bodies are clear errors, never crashes', { timeout: 10_000 }, async (t) => {
  const malformed = await fakeGenesisServer(t, { script: (step) => (step === 'register' ? 400 : undefined) });
  await rejectsWith(register(malformed.base, Wallet.createRandom()).promise, 70, /refused the request \(HTTP 400\)/);
  const notFound = await fakeGenesisServer(t, { script: () => 404 });
  await rejectsWith(register(notFound.base, Wallet.createRandom()).promise, 78, /404.*GETH_AGENT_GENESIS_URL/);
});

test('a request that never answers is cut at requestTimeoutMs and retried, also under a stop signal', { timeout: 30_000 }, async (t) => {
  const server = await fakeGenesisServer(t);
  for (const signal of [undefined, new AbortController().signal]) {
    const cutWith: unknown[] = [];
    let calls = 0;
    // The first request hangs until its signal aborts; the rest go to the server.
    const hangOnce: FetchLike = (url, init) => {
      calls += 1;
      if (calls > 1) return fetch(url, init);
      return new Promise((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => {
          cutWith.push(init.signal?.reason);
          reject(init.signal?.reason as Error);
        }, { once: true }),
      );
    };
    const { promise, lines } = register(server.base, Wallet.createRandom(), { fetch: hangOnce, deadlineMs: 20_000, ...(signal === undefined ? {} : { signal }) });
    assert.equal((await promise).needed, 3);
    // Cut by the per-request timeout (not by the stop signal), then retried with a new challenge.
    assert.deepEqual(cutWith.map((reason) => (reason as Error).name), ['TimeoutError']);
    assert.ok(calls >= 3, `the hung challenge, a new challenge, the registration (${calls} calls)`);
    assert.match(lines.find((l) => l.includes('retrying')) ?? '', /timeout|aborted/i, lines.join('\n'));
  }
});

test('an abort signal stops retrying at once, also while waiting between attempts', { timeout: 10_000 }, async () => {
  const controller = new AbortController();
  // The next attempt is 20 s away when the signal comes: only the signal can end the wait early.
  const { promise, lines } = register('http://127.0.0.1:9/net', Wallet.createRandom(), { deadlineMs: 60_000, retryDelayMs: 20_000, signal: controller.signal });
  promise.catch(() => undefined);
  while (!lines.some((l) => l.includes('retrying'))) await new Promise((resolve) => setTimeout(resolve, 10));
  const abortedAt = performance.now();
  controller.abort();
  await assert.rejects(promise, (error: unknown) => !(error instanceof AgentError && error.exitCode === 69));
  const ms = performance.now() - abortedAt;
  // "At once": within a second of the signal (not at the next attempt, 20 s away, nor the deadline).
  assert.ok(ms < 1_000, `stopped ${Math.round(ms)} ms after the signal`);
});

test('a reply over the limit is abandoned while streaming (never buffered), retried, then exit 69 naming the limit', { timeout: 10_000 }, async (t) => {
  const sentPerReply: number[] = [];
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/announced/') === true) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(1 << 30) });
      res.write('{"challenge":"');
      return;
    }
    // An endless reply: 64 KiB chunks as fast as the agent reads them.
    const reply = sentPerReply.push(0) - 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    const pump = (): void => {
      while (!res.destroyed && res.write(Buffer.alloc(64 * 1024, 0x20))) sentPerReply[reply] = (sentPerReply[reply] as number) + 64 * 1024;
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const endless = register(`${origin}/endless`, Wallet.createRandom(), { deadlineMs: 300, maxReplyBytes: 4096 });
  await rejectsWith(endless.promise, 69, /reply over 4096 bytes/);
  assert.ok(sentPerReply.length >= 1);
  // What the server got out before the agent hung up: socket buffers, never the whole reply.
  for (const sent of sentPerReply) assert.ok(sent < 8 * 1024 * 1024, `${sent} bytes sent before the agent stopped reading`);
  const announced = register(`${origin}/announced`, Wallet.createRandom(), { deadlineMs: 200, maxReplyBytes: 4096 });
  await rejectsWith(announced.promise, 69, /1073741824 bytes announced, more than 4096/);
});
