import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Wallet } from 'ethers';
import { initChain } from '../../../src/genesis/guard.js';
import { buildCliqueGenesis, serializeGenesis } from '../../../src/genesis/build.js';
import { parseGenesisBytes } from '../../../src/genesis/validate.js';
import type { ProvisionedGenesis } from '../../../src/genesis/provision.js';
import { agentPaths } from '../../../src/paths.js';
import { RefusedDataError } from '../../../src/errors.js';
import { gethInit } from '../../helpers/clique-chain.js';
import { toolPath } from '../../helpers/geth-bin.js';
import { captureLogger } from '../../helpers/log-capture.js';
import { tempDir } from '../../helpers/tmp.js';

/** sha256 over every file's path and bytes under `dir` (what "untouched" means). */
async function checksum(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (d: string): Promise<void> => {
    for (const entry of (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(d, entry.name);
      hash.update(path);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) hash.update(await readFile(path));
    }
  };
  await walk(dir);
  return hash.digest('hex');
}

async function provisioned(dir: string, name: string): Promise<ProvisionedGenesis> {
  const bytes = serializeGenesis(buildCliqueGenesis({ chainId: 4300, period: 1, epoch: 30000, gasLimit: 30_000_000, signers: [Wallet.createRandom().address], defaultBalance: '1' }));
  const path = join(dir, name);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
  const parsed = parseGenesisBytes(bytes);
  assert.ok(parsed.ok);
  const { sha256, genesis, chainId, signers } = parsed.document;
  return { path, sha256, genesis, chainId, signers };
}

test('init guard: initializes once, then unchanged; a different genesis exits 65 with both hashes and the datadir untouched', { timeout: 30_000 }, async (t) => {
  const dir = await tempDir(t);
  const dataDir = join(dir, 'd');
  const log = captureLogger();
  const first = await provisioned(dir, 'g1.json');
  const second = await provisioned(dir, 'g2.json');
  const gethBin = toolPath('geth');

  assert.equal(await initChain({ gethBin, dataDir, genesis: first, logger: log.logger }), 'initialized');
  const marker = JSON.parse(await readFile(agentPaths(dataDir).genesisMarker, 'utf8')) as { sha256: string; hash: string };
  assert.equal(marker.sha256, first.sha256);
  assert.match(marker.hash, /^0x[0-9a-f]{64}$/);
  assert.equal(await initChain({ gethBin, dataDir, genesis: first, logger: log.logger }), 'unchanged');

  const before = await checksum(dataDir);
  await assert.rejects(initChain({ gethBin, dataDir, genesis: second, logger: log.logger }), (error: unknown) => {
    assert.ok(error instanceof RefusedDataError);
    assert.equal(error.exitCode, 65);
    assert.ok(error.message.includes(first.sha256) && error.message.includes(second.sha256), error.message);
    assert.ok(error.message.includes(marker.hash));
    assert.match(error.message, /nothing was changed or deleted/);
    return true;
  });
  assert.equal(await checksum(dataDir), before, 'the datadir is byte-for-byte unchanged');
});

test('a chain initialized outside the agent: verified read-only against the genesis (adopted if equal, refused untouched if not)', { timeout: 30_000 }, async (t) => {
  const dir = await tempDir(t);
  const log = captureLogger();
  const gethBin = toolPath('geth');
  const genesis = await provisioned(dir, 'g.json');
  const other = await provisioned(dir, 'o.json');

  const foreign = join(dir, 'foreign');
  await gethInit(foreign, JSON.parse(await readFile(other.path, 'utf8')), dir);
  const before = await checksum(foreign);
  await assert.rejects(initChain({ gethBin, dataDir: foreign, genesis, logger: log.logger }), (e: unknown) => e instanceof RefusedDataError && /not initialized by geth-agent/.test(e.message));
  assert.equal(await checksum(foreign), before);

  const same = join(dir, 'same');
  await gethInit(same, JSON.parse(await readFile(genesis.path, 'utf8')), dir);
  assert.equal(await initChain({ gethBin, dataDir: same, genesis, logger: log.logger }), 'unchanged');
  assert.equal(JSON.parse(await readFile(agentPaths(same).genesisMarker, 'utf8')).sha256, genesis.sha256);
});
