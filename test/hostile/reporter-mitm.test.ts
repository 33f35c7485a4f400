import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Wallet } from 'ethers';
import { dataDirOf, startAgent } from '../helpers/agents.js';
import { fastNodeEnv, nodePorts, portEnv, startStaticGenesis } from '../helpers/network.js';
import { freePorts } from '../helpers/ports.js';
import { tempDir } from '../helpers/tmp.js';
import { startPlainMitm, startTlsMitm, type MitmServer } from './attacks/reporter-mitm.js';

/** A client node (agent + geth) reporting to `target` with the given ethstats mode. */
async function startReportingClient(t: TestContext, root: string, genesisUrl: string, name: string, target: string, mode: 'agent' | 'geth'): Promise<void> {
  const ports = await nodePorts();
  const [rpc, ws] = (await freePorts(2)) as [number, number];
  startAgent(t, name, {
    ...fastNodeEnv(genesisUrl, portEnv(ports)),
    GETH_AGENT_ROLE: 'client',
    GETH_AGENT_DATA_DIR: dataDirOf(root, name),
    GETH_AGENT_MIN_PEERS: '0',
    // A client serves JSON-RPC: on free loopback ports (the defaults, 8545/8546, may be taken).
    GETH_AGENT_HTTP_ADDR: '127.0.0.1',
    GETH_AGENT_HTTP_PORT: String(rpc),
    GETH_AGENT_WS_PORT: String(ws),
    GETH_AGENT_ETHSTATS: target,
    GETH_AGENT_ETHSTATS_MODE: mode,
    GETH_AGENT_ETHSTATS_BACKOFF_INITIAL_SECONDS: '0.2',
    GETH_AGENT_ETHSTATS_BACKOFF_MAX_SECONDS: '0.5',
    GETH_AGENT_LOG_LEVEL: 'info',
  });
}

async function waitUntil(what: string, condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const secretIn = (server: MitmServer, secret: string): boolean => server.raw().includes(Buffer.from(secret));

test('explicit wss://: a plain server or an untrusted certificate in the middle never gets a hello or the secret (no fall back to ws://)', { timeout: 180_000 }, async (t) => {
  const root = await tempDir(t, 'ga-hm-');
  const genesisUrl = await startStaticGenesis(t, root, [Wallet.createRandom().address]);
  const plain = await startPlainMitm();
  const tls = await startTlsMitm(root);
  t.after(() => Promise.all([plain.close(), tls.close()]));
  const secret = 'mitm-explicit-wss-secret';
  await startReportingClient(t, root, genesisUrl, 'c-plain', `c-plain:${secret}@wss://127.0.0.1:${plain.port}`, 'agent');
  await startReportingClient(t, root, genesisUrl, 'c-tls', `c-tls:${secret}@wss://127.0.0.1:${tls.port}`, 'agent');

  // Several dial attempts each (the reporter retries every 0.2-0.5 s), so a fallback after a
  // failed attempt would have shown.
  await waitUntil('dial attempts at both servers', () => plain.connections() >= 4 && tls.handshakeFailures() >= 4);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  t.diagnostic(`plain: ${plain.connections()} connections, ${plain.hellos()} hellos; tls: ${tls.connections()} connections, ${tls.handshakes()} handshakes, ${tls.handshakeFailures()} refused certificates, ${tls.hellos()} hellos`);
  assert.equal(plain.hellos(), 0, 'no hello reached the plain server');
  assert.ok(plain.raw().subarray(0, 3).equals(Buffer.from([0x16, 0x03, 0x01])), 'the plain server saw TLS ClientHellos, not HTTP');
  assert.equal(tls.handshakes(), 0, 'the untrusted certificate was refused');
  assert.equal(tls.hellos(), 0, 'no hello reached the TLS server');
  assert.equal(secretIn(plain, secret) || secretIn(tls, secret), false, 'the secret never crossed the wire');
});

test('scheme-less target: wss:// first, then ws:// (as geth 1.13.15 does), for the agent reporter and geth\'s own', { timeout: 180_000 }, async (t) => {
  const root = await tempDir(t, 'ga-hm-');
  const genesisUrl = await startStaticGenesis(t, root, [Wallet.createRandom().address]);
  const agentSide = await startPlainMitm();
  const gethSide = await startPlainMitm();
  t.after(() => Promise.all([agentSide.close(), gethSide.close()]));
  await startReportingClient(t, root, genesisUrl, 'c-agent', `c-agent:s@127.0.0.1:${agentSide.port}`, 'agent');
  await startReportingClient(t, root, genesisUrl, 'c-geth', `c-geth:s@127.0.0.1:${gethSide.port}`, 'geth');
  await waitUntil('both reporters logged in over ws://', () => agentSide.hellos() >= 1 && gethSide.hellos() >= 1, 90_000);
  for (const [who, server] of [['agent', agentSide], ['geth', gethSide]] as const) {
    // The first bytes of the first connection are a TLS ClientHello: wss:// was tried first.
    assert.ok(server.raw().subarray(0, 3).equals(Buffer.from([0x16, 0x03, 0x01])), `${who}: wss:// tried first`);
    assert.ok(server.raw().includes(Buffer.from('GET /api HTTP/1.1')), `${who}: then ws://`);
  }
});
