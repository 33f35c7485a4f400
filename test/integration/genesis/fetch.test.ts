import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Wallet } from 'ethers';
import { loadConfig } from '../../../src/config/load.js';
import { checkServedGenesis, provisionGenesis } from '../../../src/genesis/provision.js';
import { buildCliqueGenesis, serializeGenesis } from '../../../src/genesis/build.js';
import { sha256Hex } from '../../../src/genesis/validate.js';
import type { FetchLike } from '../../../src/genesis/fetch.js';
import { agentPaths } from '../../../src/paths.js';
import { RefusedDataError, UnavailableError } from '../../../src/errors.js';
import { ExitCode } from '../../../src/exit-codes.js';
import { captureLogger } from '../../helpers/log-capture.js';
import { tempDir } from '../../helpers/tmp.js';

const genesisBytes = (chainId = 4242): Buffer =>
  serializeGenesis(buildCliqueGenesis({ chainId, period: 1, epoch: 30000, gasLimit: 30_000_000, signers: [Wallet.createRandom().address], defaultBalance: '1' }));

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

/** A real HTTP server on 127.0.0.1:0 with a scripted misbehaviour; closed (sockets too) after the test. */
async function server(t: TestContext, handler: Handler): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const sockets = new Set<Socket>();
  const srv = createServer((req, res) => handler(req, res, ++hits));
  srv.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  t.after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => srv.close(resolve));
  });
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, hits: () => hits };
}

async function setup(t: TestContext, url: string, extra: Record<string, string> = {}) {
  const dir = await tempDir(t);
  const { config } = loadConfig({
    GETH_AGENT_ROLE: 'client',
    GETH_AGENT_DATA_DIR: dir,
    GETH_AGENT_GENESIS_URL: url,
    GETH_AGENT_GENESIS_DEADLINE_SECONDS: '1',
    GETH_AGENT_GENESIS_FETCH_TIMEOUT_SECONDS: '0.3',
    GETH_AGENT_GENESIS_RETRY_MIN_SECONDS: '0.02',
    GETH_AGENT_GENESIS_RETRY_MAX_SECONDS: '0.1',
    ...extra,
  });
  const log = captureLogger();
  return { config, log, dir, provision: (fetch?: FetchLike) => provisionGenesis({ config, logger: log.logger, fetch }) };
}

const unavailable = (pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof UnavailableError, String(error));
  assert.equal(error.exitCode, ExitCode.unavailable);
  assert.match(error.message, pattern);
  return true;
};

const badServers: Array<[string, Handler, RegExp, Record<string, string>?]> = [
  ['HTML', (_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Bad gateway</body></html>'), /not JSON/],
  ['truncated JSON', (_q, res) => res.writeHead(200).end(genesisBytes().subarray(0, 200)), /not JSON/],
  ['a valid JSON that is not a clique genesis', (_q, res) => res.writeHead(200).end(JSON.stringify({ config: { chainId: 4242, ethash: {} }, alloc: {} })), /not a clique genesis/],
  ['a 20 MB body (no content-length)', (_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < 20 && res.write(chunk)) sent++;
      if (sent >= 20) res.end();
      else res.once('drain', () => { sent++; pump(); });
    };
    res.on('error', () => undefined);
    pump();
  }, /larger than/, { GETH_AGENT_GENESIS_FETCH_TIMEOUT_SECONDS: '2' }],
  ['a 20 MB content-length', (_q, res) => { res.writeHead(200, { 'content-length': String(20 * 1024 * 1024) }); res.write('{'); }, /announces 20971520 bytes/, { GETH_AGENT_GENESIS_FETCH_TIMEOUT_SECONDS: '2' }],
  ['never answers', () => undefined, /no complete answer within \d+ ms/],
  ['closes mid-body', (_q, res) => { res.writeHead(200, { 'content-length': '5000' }); res.write(genesisBytes().subarray(0, 100)); setTimeout(() => res.socket?.destroy(), 20); }, /mid-body|not JSON|cannot reach/],
  ['headers, then a body that stalls', (_q, res) => { res.writeHead(200, { 'content-length': '5000' }); res.write('{"config":'); }, /no complete answer within \d+ ms/],
  ['always 500', (_q, res) => res.writeHead(500).end('oops'), /HTTP 500/],
];

for (const [name, handler, message, env = {}] of badServers) {
  test(`no cache, server returns ${name}: retried until the deadline, then exit 69 with a clear message`, { timeout: 15_000 }, async (t) => {
    const srv = await server(t, handler);
    const { provision, config } = await setup(t, srv.url, env);
    const started = Date.now();
    await assert.rejects(provision(), unavailable(message));
    const bound = (1 + config.genesisFetchTimeoutSeconds + 1) * 1000;
    assert.ok(Date.now() - started < bound, 'bounded by the deadline (+ at most one request timeout)');
    assert.ok(srv.hits() >= 2, `retried (${srv.hits()} hits)`);
    await assert.rejects(readFile(agentPaths(config.dataDir).genesis), /ENOENT/, 'nothing cached');
  });
}

test('500s (and a 503 while collecting) then success: fetched, validated and cached', { timeout: 15_000 }, async (t) => {
  const bytes = genesisBytes();
  const srv = await server(t, (_q, res, hit) => {
    if (hit <= 2) return res.writeHead(500).end();
    if (hit === 3) return res.writeHead(503, { 'retry-after': '1' }).end('{"error":"collecting"}');
    return res.writeHead(200, { 'content-type': 'application/json' }).end(bytes);
  });
  const { provision, config, log } = await setup(t, srv.url, { GETH_AGENT_GENESIS_DEADLINE_SECONDS: '5' });
  const got = await provision();
  assert.equal(srv.hits(), 4);
  assert.equal(got.sha256, sha256Hex(bytes));
  assert.equal(got.chainId, 4242);
  assert.equal(got.path, agentPaths(config.dataDir).genesis);
  assert.deepEqual(await readFile(got.path), bytes);
  assert.ok(log.lines().filter((l) => l.msg === 'genesis not available yet; retrying').length >= 3);
});

test('a genesis with a different chain id than GETH_AGENT_NETWORK_ID: refused at once (65)', { timeout: 15_000 }, async (t) => {
  const srv = await server(t, (_q, res) => res.writeHead(200).end(genesisBytes(999)));
  const { provision } = await setup(t, srv.url, { GETH_AGENT_NETWORK_ID: '4242' });
  await assert.rejects(provision(), (e: unknown) => e instanceof RefusedDataError && e.exitCode === 65 && /chainId 999/.test(e.message));
  assert.equal(srv.hits(), 1);
});

test('a pin (GETH_AGENT_GENESIS_SHA256) that does not match: refused (65)', { timeout: 15_000 }, async (t) => {
  const srv = await server(t, (_q, res) => res.writeHead(200).end(genesisBytes()));
  const { provision } = await setup(t, `${srv.url}/custom/path/g.json`, { GETH_AGENT_GENESIS_SHA256: 'ab'.repeat(32) });
  await assert.rejects(provision(), (e: unknown) => e instanceof RefusedDataError && /pins abab/.test(e.message));
});

test('a URL ending in .json is fetched as given; a base URL gets /genesis.json', { timeout: 15_000 }, async (t) => {
  const bytes = genesisBytes();
  const paths: string[] = [];
  const srv = await server(t, (req, res) => {
    paths.push(String(req.url));
    res.writeHead(200).end(bytes);
  });
  await (await setup(t, `${srv.url}/x/net.json`)).provision();
  await (await setup(t, `${srv.url}/`)).provision();
  assert.deepEqual(paths, ['/x/net.json', '/genesis.json']);
});

test('with a cache: server down -> the cache; server serving another genesis -> keep the cache, report the conflict', { timeout: 15_000 }, async (t) => {
  const cached = genesisBytes();
  const other = genesisBytes();
  let serve: Buffer | undefined;
  const srv = await server(t, (_q, res) => (serve === undefined ? res.writeHead(500).end() : res.writeHead(200).end(serve)));
  const { provision, config, log } = await setup(t, srv.url);
  const path = agentPaths(config.dataDir).genesis;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, cached);

  const down = await provision();
  assert.equal(down.sha256, sha256Hex(cached));
  assert.equal(down.conflict, undefined);
  assert.ok(log.lines().some((l) => l.msg === 'genesis server unavailable; using the cached genesis'));

  serve = other;
  const conflict = await provision();
  assert.equal(conflict.sha256, sha256Hex(cached));
  assert.deepEqual(conflict.conflict, { servedSha256: sha256Hex(other) });
  assert.deepEqual(await readFile(path), cached, 'the cache is untouched');
  const line = log.lines().find((l) => l.servedSha256 === sha256Hex(other));
  assert.equal(line?.cachedSha256, sha256Hex(cached));

  serve = cached;
  assert.equal((await provision()).conflict, undefined);
});

test('checkServedGenesis: same / different / unavailable, nothing written', { timeout: 15_000 }, async (t) => {
  const ours = genesisBytes();
  let serve: Buffer | undefined = ours;
  const srv = await server(t, (_q, res) => (serve === undefined ? res.writeHead(500).end() : res.writeHead(200).end(serve)));
  const { config, log } = await setup(t, srv.url);
  const check = () => checkServedGenesis({ config, logger: log.logger, sha256: sha256Hex(ours) });
  assert.deepEqual(await check(), { status: 'same' });
  serve = genesisBytes();
  assert.deepEqual(await check(), { status: 'different', servedSha256: sha256Hex(serve) });
  serve = undefined;
  assert.equal((await check()).status, 'unavailable');
  await assert.rejects(readFile(agentPaths(config.dataDir).genesis), /ENOENT/);
});

test('an injected fetch (the global one, web streams) gets the same size cap and validation', { timeout: 15_000 }, async (t) => {
  const bytes = genesisBytes();
  const srv = await server(t, (req, res) => {
    if (req.url === '/big/genesis.json') {
      res.writeHead(200);
      res.on('error', () => undefined);
      res.end(Buffer.alloc(6 * 1024 * 1024, 0x20));
      return;
    }
    res.writeHead(200).end(bytes);
  });
  assert.equal((await (await setup(t, srv.url)).provision(fetch)).sha256, sha256Hex(bytes));
  const big = await setup(t, `${srv.url}/big`, { GETH_AGENT_GENESIS_FETCH_TIMEOUT_SECONDS: '2' });
  await assert.rejects(big.provision(fetch), unavailable(/larger than 4194304 bytes/));
});
