import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Wallet, decryptKeystoreJson } from 'ethers';
import { loadConfig } from '../../../src/config/load.js';
import { buildCliqueGenesis, serializeGenesis } from '../../../src/genesis/build.js';
import { agentPaths } from '../../../src/paths.js';
import { provisionNode } from '../../../src/roles/node-provision.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { startFakeGenesisServer } from '../../helpers/fake-genesis-server.js';
import { tempDir } from '../../helpers/tmp.js';
import { snapshotTree } from '../../helpers/tree.js';

const mode = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

test('a client with GETH_AGENT_CREATE_ACCOUNT gets a keystore account through the node provisioning path; a restart rewrites nothing', { timeout: 30_000 }, async (t) => {
  const dir = await tempDir(t);
  const genesis = serializeGenesis(buildCliqueGenesis({ chainId: 4322, period: 1, epoch: 30_000, gasLimit: 8_000_000, signers: [Wallet.createRandom().address], defaultBalance: '1' }));
  const server = await startFakeGenesisServer(t, 'client-secret', { genesis });
  const { logger, lines } = captureLogger('trace');
  const provision = (dataDir: string, extra: Record<string, string> = {}) =>
    provisionNode({
      config: loadConfig({ GETH_AGENT_ROLE: 'client', GETH_AGENT_DATA_DIR: dataDir, GETH_AGENT_GENESIS_URL: server.base, GETH_AGENT_BOOTNODE_WAIT_SECONDS: '0', ...extra }).config,
      logger,
      signal: new AbortController().signal,
    });

  const dataDir = join(dir, 'c');
  const paths = agentPaths(dataDir);
  const first = await provision(dataDir, { GETH_AGENT_CREATE_ACCOUNT: 'true' });
  const account = first.fullIdentity.account;
  assert.ok(account, 'the client has an account');
  assert.equal(first.identity.account?.address, account.address, 'what geth is started with');
  assert.equal(account.passwordFile, paths.password);
  assert.equal(await mode(paths.password), 0o600, 'generated password stored 0600');
  assert.equal(await mode(paths.keystoreDir), 0o700);
  assert.equal(await mode(paths.agentDir), 0o700);
  const files = await readdir(paths.keystoreDir);
  assert.equal(files.length, 1);
  assert.equal(join(paths.keystoreDir, files[0] ?? ''), account.keystoreFile);
  assert.equal(await mode(account.keystoreFile), 0o600);
  const password = await readFile(paths.password, 'utf8');
  assert.equal((await decryptKeystoreJson(await readFile(account.keystoreFile, 'utf8'), password)).address, account.address);
  assert.deepEqual(server.calls.filter((c) => c.includes('/signers')), [], 'a client never registers as a signer');
  assert.ok(!lines.join('\n').includes(password), 'the generated password is not logged');

  const before = await snapshotTree(dir);
  const again = await provision(dataDir, { GETH_AGENT_CREATE_ACCOUNT: 'true' });
  assert.equal(again.fullIdentity.account?.address, account.address);
  assert.equal(again.fullIdentity.account?.keystoreFile, account.keystoreFile);
  assert.deepEqual(await snapshotTree(dir), before, 'a restart neither re-encrypts nor rewrites the password');

  // Without the flag a client gets a node key and no account at all.
  const plain = await provision(join(dir, 'p'));
  assert.equal(plain.identity.account, undefined);
  assert.deepEqual(await readdir(agentPaths(join(dir, 'p')).keystoreDir).catch(() => []), []);
});
