import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { buildCliqueGenesis, serializeGenesis } from '../../../src/genesis/build.js';
import { runAgent } from '../../helpers/cli.js';
import { startFakeGenesisServer } from '../../helpers/fake-genesis-server.js';
import { tempDir } from '../../helpers/tmp.js';

const SECRET = 'restart-registration-secret';
/** Answers `version` like geth 1.13.15; anything else (init) fails, ending the start after provisioning. */
const fakeGeth = `#!/bin/sh
if [ "$1" = "version" ]; then printf 'Geth\\nVersion: 1.13.15-stable\\nArchitecture: amd64\\nGo Version: go1.21.6\\n'; exit 0; fi
exit 3
`;

// Registering signs, and signing decrypts the keystore (scrypt): a sealer already in the signer set
// of its cached genesis (which never changes) has nothing to register on a restart.
test('a restarted sealer already in its cached genesis does not register again; a new one does', { timeout: 40_000 }, async (t) => {
  const dir = await tempDir(t);
  const gethBin = join(dir, 'geth');
  await writeFile(gethBin, fakeGeth, { mode: 0o755 });
  const key = Wallet.createRandom().privateKey;
  const address = new Wallet(key).address;
  const genesis = serializeGenesis(buildCliqueGenesis({ chainId: 4322, period: 1, epoch: 30_000, gasLimit: 8_000_000, signers: [address], defaultBalance: '1' }));
  const server = await startFakeGenesisServer(t, SECRET, { needed: 1, genesis });
  const env = {
    HOME: dir, GETH_AGENT_ROLE: 'sealer', GETH_AGENT_DATA_DIR: join(dir, 'd'), GETH_AGENT_GENESIS_URL: server.base, GETH_AGENT_NETWORK_SECRET: SECRET,
    GETH_AGENT_PRIVATE_KEY: key, GETH_AGENT_GETH_BIN: gethBin, GETH_AGENT_LISTEN: '127.0.0.1:0', GETH_AGENT_GENESIS_DEADLINE_SECONDS: '10', GETH_AGENT_BOOTNODE_WAIT_SECONDS: '0',
  };
  const first = await runAgent(['run'], env, 25_000);
  assert.notEqual(first.code, 0, 'the fake geth fails its init');
  assert.deepEqual(server.calls.slice(0, 3), ['GET /net/signers/challenge', 'POST /net/signers', 'GET /net/genesis.json'], `${first.stdout}\n${first.stderr}`.slice(-2000));
  const seen = server.calls.length;
  await runAgent(['run'], env, 25_000);
  const again = server.calls.slice(seen);
  assert.ok(again.includes('GET /net/genesis.json'), `the restart compares the genesis: ${JSON.stringify(again)}`);
  assert.deepEqual(again.filter((c) => c.includes('/signers')), [], 'and registers nothing');
});
