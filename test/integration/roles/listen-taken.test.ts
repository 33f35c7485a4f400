import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { startAgent } from '../../helpers/agents.js';
import { freePorts } from '../../helpers/ports.js';
import { nodeEnv } from '../../helpers/node-fixture.js';
import { leftoverProcesses } from '../../helpers/processes.js';
import { tempDir } from '../../helpers/tmp.js';

test('a node whose HTTP port is taken exits 78 naming the address, and its geth is stopped, not orphaned', { timeout: 90_000 }, async (t) => {
  const dir = await tempDir(t);
  const [genesisPort, takenPort, p2p] = (await freePorts(3)) as [number, number, number];
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(takenPort, '127.0.0.1', resolve));
  t.after(() => blocker.close());
  const genesis = startAgent(t, 'genesis', {
    GETH_AGENT_ROLE: 'genesis', GETH_AGENT_DATA_DIR: join(dir, 'genesis'), GETH_AGENT_LISTEN: `127.0.0.1:${genesisPort}`,
    GETH_AGENT_NETWORK_ID: '4461', GETH_AGENT_SIGNERS: Wallet.createRandom().address,
  });
  await genesis.waitForLine(/genesis server listening/, 20_000);
  const clientDir = join(dir, 'client');
  const client = startAgent(t, 'client', nodeEnv('client', clientDir, {
    GETH_AGENT_LISTEN: `127.0.0.1:${takenPort}`, GETH_AGENT_GENESIS_URL: `http://127.0.0.1:${genesisPort}`, GETH_AGENT_BOOTNODE_WAIT_SECONDS: '0', GETH_AGENT_P2P_PORT: String(p2p),
  }));
  let timer: NodeJS.Timeout | undefined;
  const exit = await Promise.race([client.exited, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still running:\n${client.lines.slice(-10).join('\n')}`)), 60_000)))]);
  clearTimeout(timer);
  assert.equal(exit.exitCode, 78, client.lines.slice(-10).join('\n'));
  assert.ok(client.lines.some((line) => line.includes(`cannot listen on 127.0.0.1:${takenPort}`)), client.lines.slice(-10).join('\n'));
  assert.ok(!client.lines.some((line) => /internal error|\n\s+at /.test(line)), 'no stack trace');
  assert.deepEqual(await leftoverProcesses(clientDir), [], 'no geth left running on the client data dir');
});
