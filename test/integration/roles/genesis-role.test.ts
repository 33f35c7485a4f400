import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { spawnTestProcess } from '../../helpers/geth-process.js';
import { captureLogger } from '../../helpers/log-capture.js';
import { tempDir } from '../../helpers/tmp.js';
import { packageRoot } from '../../../src/version.js';
import { loadConfig } from '../../../src/config/load.js';
import { provisionGenesis } from '../../../src/genesis/provision.js';
import { signerRegistrationMessage } from '../../../src/genesis/registration-message.js';

const bin = join(packageRoot(), 'bin', 'geth-agent');

async function startAgent(t: TestContext, env: Record<string, string>) {
  const agent = spawnTestProcess(bin, ['run'], { env: { PATH: process.env.PATH ?? '', GETH_AGENT_ROLE: 'genesis', GETH_AGENT_LISTEN: '127.0.0.1:0', ...env } });
  t.after(() => agent.stop(5000));
  const url = (await agent.waitForLine(/"address":"(http:\/\/127\.0\.0\.1:\d+)".*genesis server listening/, 20_000))[1] as string;
  return { agent, url };
}

async function get(url: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const res = await fetch(url);
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

test('role genesis as a real process: serves, restarts with identical bytes, keeps them when the config changes', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir(t);
  const env = { GETH_AGENT_DATA_DIR: dir, GETH_AGENT_NETWORK_ID: '4400', GETH_AGENT_SIGNERS: Wallet.createRandom().address };

  const first = await startAgent(t, env);
  const served = await get(`${first.url}/genesis.json`);
  assert.equal(served.status, 200);
  assert.match(served.headers.get('x-genesis-sha256') ?? '', /^[0-9a-f]{64}$/);
  // The block hash is computed with geth offline, shortly after start.
  let meta = { hash: null as string | null };
  for (let i = 0; i < 50 && meta.hash === null; i++) {
    meta = (await (await fetch(`${first.url}/genesis`)).json()) as { hash: string | null };
    if (meta.hash === null) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.match(meta.hash ?? '', /^0x[0-9a-f]{64}$/);
  assert.equal((await get(`${first.url}/genesis.json`)).headers.get('x-genesis-hash'), meta.hash);
  assert.equal((await get(`${first.url}/health`)).status, 200);

  // A node agent fetches it over the real socket.
  const nodeDir = await tempDir(t);
  const { config } = loadConfig({ GETH_AGENT_ROLE: 'client', GETH_AGENT_DATA_DIR: nodeDir, GETH_AGENT_GENESIS_URL: first.url, GETH_AGENT_NETWORK_ID: '4400' });
  const fetched = await provisionGenesis({ config, logger: captureLogger().logger });
  assert.equal(fetched.sha256, served.headers.get('x-genesis-sha256'));

  const exit = await first.agent.stop(10_000);
  assert.equal(exit.exitCode, 0, `${JSON.stringify(exit)}\n${first.agent.lines.slice(-5).join("\n")}`);

  const second = await startAgent(t, env);
  assert.deepEqual((await get(`${second.url}/genesis.json`)).bytes, served.bytes, 'identical bytes after a restart');
  const secondExit = await second.agent.stop(10_000);
  assert.equal(secondExit.exitCode, 0, `${JSON.stringify(secondExit)}\n${second.agent.lines.slice(-5).join('\n')}`);

  const changed = await startAgent(t, { ...env, GETH_AGENT_NETWORK_ID: '4401', GETH_AGENT_SIGNERS: Wallet.createRandom().address, GETH_AGENT_CLIQUE_PERIOD: '9' });
  assert.deepEqual((await get(`${changed.url}/genesis.json`)).bytes, served.bytes, 'a changed config does not change the served genesis');
  await changed.agent.waitForLine(/differs from the stored genesis/, 5000);
  assert.equal((await changed.agent.stop(10_000)).exitCode, 0);

  const reset = await startAgent(t, { ...env, GETH_AGENT_NETWORK_ID: '4401', GETH_AGENT_GENESIS_RESET: served.headers.get('x-genesis-sha256') ?? '' });
  const fresh = await get(`${reset.url}/genesis.json`);
  assert.notDeepEqual(fresh.bytes, served.bytes, 'an explicit reset builds a new genesis');
  assert.equal(JSON.parse(fresh.bytes.toString()).config.chainId, 4401);
});

test('role genesis collecting sealers over a real socket; the network secret never reaches the log', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir(t);
  const secret = 'e2e-secret-7f3a9c';
  const { agent, url } = await startAgent(t, { GETH_AGENT_DATA_DIR: dir, GETH_AGENT_NETWORK_ID: '4402', GETH_AGENT_SEALER_COUNT: '1', GETH_AGENT_NETWORK_SECRET: secret });
  const before = await get(`${url}/genesis.json`);
  assert.equal(before.status, 503);
  assert.ok(before.headers.get('retry-after'));
  const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  const { challenge } = (await (await fetch(`${url}/signers/challenge`, { headers })).json()) as { challenge: string };
  const wallet = Wallet.createRandom();
  const signature = await wallet.signMessage(signerRegistrationMessage(challenge, wallet.address));
  const res = await fetch(`${url}/signers`, { method: 'POST', headers, body: JSON.stringify({ address: wallet.address, challenge, signature }) });
  assert.equal(res.status, 201);
  assert.equal((await get(`${url}/genesis.json`)).status, 200);
  assert.equal((await agent.stop(10_000)).exitCode, 0);
  assert.ok(!agent.lines.join('\n').includes(secret));
});
