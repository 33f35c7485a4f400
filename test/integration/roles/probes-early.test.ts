import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startAgent, waitForHttp } from '../../helpers/agents.js';
import { freePorts } from '../../helpers/ports.js';
import { nodeEnv } from '../../helpers/node-fixture.js';
import { leftoverProcesses } from '../../helpers/processes.js';
import { tempDir } from '../../helpers/tmp.js';

test('probes answer while the node still waits for its genesis: live 200, ready 503, metrics served; a stop then exits 0', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir(t);
  const [genesisPort, listen] = (await freePorts(2)) as [number, number];
  // Collected signers, none registered: the genesis server answers 503 to every fetch.
  const genesis = startAgent(t, 'genesis', {
    GETH_AGENT_ROLE: 'genesis', GETH_AGENT_DATA_DIR: join(dir, 'genesis'), GETH_AGENT_LISTEN: `127.0.0.1:${genesisPort}`,
    GETH_AGENT_NETWORK_ID: '4462', GETH_AGENT_SEALER_COUNT: '1', GETH_AGENT_NETWORK_SECRET: 'probes-early-network-secret',
  });
  await genesis.waitForLine(/genesis server listening/, 20_000);
  const clientDir = join(dir, 'client');
  const client = startAgent(t, 'client', nodeEnv('client', clientDir, {
    GETH_AGENT_LISTEN: `127.0.0.1:${listen}`, GETH_AGENT_GENESIS_URL: `http://127.0.0.1:${genesisPort}`, GETH_AGENT_GENESIS_DEADLINE_SECONDS: '120',
  }));
  const base = `http://127.0.0.1:${listen}`;
  await waitForHttp(`${base}/health/live`, (status) => status === 200, 15_000);
  const ready = JSON.parse(await waitForHttp(`${base}/health`, (status) => status === 503, 5_000)) as { status: string; checks: Record<string, { ok: boolean; value: unknown }> };
  assert.equal(ready.status, 'DOWN');
  assert.equal(ready.checks.geth?.ok, false, JSON.stringify(ready));
  await waitForHttp(`${base}/metrics`, (status, body) => status === 200 && /geth_agent_geth_up 0/.test(body), 5_000);
  assert.ok(client.lines.some((l) => l.includes('genesis not available yet')), 'still provisioning');
  assert.ok(!(await readdir(clientDir)).includes('geth'), 'geth has not started');

  const exit = await client.stop(20_000);
  assert.equal(exit.exitCode, 0, client.lines.slice(-10).join('\n'));
  assert.deepEqual(await leftoverProcesses(clientDir), []);
});
