import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { buildCliqueGenesis, serializeGenesis } from '../../../src/genesis/build.js';
import { ExitCode } from '../../../src/exit-codes.js';
import { runAgent } from '../../helpers/cli.js';
import { startFakeGenesisServer } from '../../helpers/fake-genesis-server.js';
import { tempDir } from '../../helpers/tmp.js';

const SECRET = 'wired-order-secret';

/** Answers `version` like geth 1.13.15 and records every invocation; it never runs a node. */
const fakeGeth = (callsFile: string): string => `#!/bin/sh
echo "$*" >> '${callsFile}'
if [ "$1" = "version" ]; then printf 'Geth\\nVersion: 1.13.15-stable\\nArchitecture: amd64\\nGo Version: go1.21.6\\n'; exit 0; fi
exit 3
`;

test('geth-agent run as a sealer: challenge, registration, genesis fetch in that order; not in the signer set -> exit 65 before geth runs', { timeout: 30_000 }, async (t) => {
  const dir = await tempDir(t);
  const callsFile = join(dir, 'geth-calls');
  const gethBin = join(dir, 'geth');
  await writeFile(gethBin, fakeGeth(callsFile), { mode: 0o755 });
  const key = Wallet.createRandom().privateKey;
  const address = new Wallet(key).address;
  const other = Wallet.createRandom().address;
  // Sealed with another signer only: the server accepts the registration, the genesis lacks us.
  const genesis = serializeGenesis(buildCliqueGenesis({ chainId: 4321, period: 1, epoch: 30_000, gasLimit: 8_000_000, signers: [other], defaultBalance: '1' }));
  const server = await startFakeGenesisServer(t, SECRET, { needed: 1, genesis });

  const result = await runAgent(['run'], {
    HOME: dir,
    GETH_AGENT_ROLE: 'sealer',
    GETH_AGENT_DATA_DIR: join(dir, 'd'),
    GETH_AGENT_GENESIS_URL: server.base,
    GETH_AGENT_NETWORK_SECRET: SECRET,
    GETH_AGENT_PRIVATE_KEY: key,
    GETH_AGENT_GETH_BIN: gethBin,
    GETH_AGENT_LISTEN: '127.0.0.1:0',
    GETH_AGENT_GENESIS_DEADLINE_SECONDS: '10',
    GETH_AGENT_BOOTNODE_WAIT_SECONDS: '0',
  }, 25_000);
  const output = `${result.stdout}\n${result.stderr}`;

  assert.equal(result.code, ExitCode.dataRefused, output.slice(-2000));
  assert.deepEqual(server.calls, ['GET /net/signers/challenge', 'POST /net/signers', 'GET /net/genesis.json'], 'registration before the genesis fetch, nothing after the refusal');
  assert.deepEqual([...server.registered], [address]);
  assert.match(result.stderr, new RegExp(`${address} is not in the signer set of the genesis \\(${other}\\): this sealer could never seal`));
  assert.doesNotMatch(output, /\n\s+at .*\(.*:\d+:\d+\)|^\s+at /m, 'no stack trace');
  assert.ok(!output.toLowerCase().includes(key.slice(2).toLowerCase()), 'the key is not printed');
  const calls = (await readFile(callsFile, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
  assert.ok(calls.includes('version'), `the fake geth is the one the agent resolved: ${JSON.stringify(calls)}`);
  assert.deepEqual(calls.filter((c) => c !== 'version'), [], `geth was only asked for its version (no init, no node): ${JSON.stringify(calls)}`);
});
