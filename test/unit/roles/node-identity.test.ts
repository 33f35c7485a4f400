import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { nodeIdentity } from '../../../src/roles/node-identity.js';
import { tempDir } from '../../helpers/tmp.js';

test('node identity: name, chain and versions; the genesis hash from geth init\'s marker once it exists and matches', async (t) => {
  const dir = await tempDir(t);
  const markerFile = join(dir, 'genesis.init.json');
  const running = { geth: undefined as string | undefined };
  const identity = nodeIdentity({ name: undefined, networkId: undefined, agentVersion: '9.9.9', gethVersion: () => running.geth, markerFile });
  assert.deepEqual(identity.view(), { name: hostname(), address: null, chainId: null, networkId: null, genesisHash: null, genesisSha256: null, versions: { agent: '9.9.9', geth: null, node: process.version } });

  identity.provisioned({ chainId: 4242, sha256: 'a'.repeat(64), address: '0x00000000000000000000000000000000000000a7' });
  running.geth = '1.13.15-stable';
  // A marker of another genesis (a stale file) is not this chain's hash.
  await writeFile(markerFile, JSON.stringify({ sha256: 'b'.repeat(64), hash: `0x${'11'.repeat(32)}` }));
  identity.view();
  await sleep(200);
  assert.equal(identity.view().genesisHash, null);
  await writeFile(markerFile, JSON.stringify({ sha256: 'a'.repeat(64), hash: `0x${'22'.repeat(32)}` }));
  for (let i = 0; i < 100 && identity.view().genesisHash === null; i++) await sleep(20);
  assert.deepEqual(identity.view(), {
    name: hostname(),
    address: '0x00000000000000000000000000000000000000a7',
    chainId: 4242,
    networkId: 4242,
    genesisHash: `0x${'22'.repeat(32)}`,
    genesisSha256: 'a'.repeat(64),
    versions: { agent: '9.9.9', geth: '1.13.15-stable', node: process.version },
  });
  assert.equal(nodeIdentity({ name: 'sealer-3', networkId: 7, agentVersion: '1', gethVersion: () => undefined, markerFile }).view().name, 'sealer-3');
});
