import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { IpcSocketProvider, Network } from 'ethers';
import { describeDuplicate, detectDuplicateSigner, signedWhileStopped, type SignedBlock } from '../../../src/identity/duplicate-guard.js';
import { loopbackFlags, startCliqueChain } from '../../helpers/clique-chain.js';
import { toolPath } from '../../helpers/geth-bin.js';
import { spawnTestProcess } from '../../helpers/geth-process.js';
import { tempDir } from '../../helpers/tmp.js';

const nowSeconds = (): number => Date.now() / 1000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The real failure: node A seals, stops; a copy of its data dir (same signer key) seals on
 * elsewhere; A comes back (as a follower, so the chain stays linear) and imports the copy's
 * blocks. A's view holds blocks signed by its own address while it was not running.
 */
test('a copy of a sealer that sealed while the original was stopped is detected from real blocks', { timeout: 60_000 }, async (t) => {
  const a = await startCliqueChain(t, { period: 1 });
  const runA = { start: nowSeconds() - 5 };
  await a.waitForBlock(3);
  await a.stop();
  const stoppedAt = nowSeconds();
  await sleep(1_500);

  const dirB = await tempDir(t);
  const datadirB = join(dirB, 'd');
  await cp(a.datadir, datadirB, { recursive: true });
  await rm(join(datadirB, 'geth', 'nodekey'), { force: true }); // a different node, the same signer key
  const address = a.signer.address;
  const b = spawnTestProcess(toolPath('geth'), [
    '--datadir', datadirB, '--ipcpath', join(dirB, 'geth.ipc'), '--networkid', String(a.networkId), '--syncmode', 'full', '--nodiscover', ...loopbackFlags(datadirB),
    '--mine', '--miner.etherbase', address, '--unlock', address, '--password', join(a.dir, 'password'),
  ]);
  t.after(() => b.stop());
  const enodeB = (await b.waitForLine(/Started P2P networking\s+self="?(enode:\/\/[^"\s]+)/))[1] as string;
  await b.waitForLine(/Successfully sealed new block.*number=6\b/, 20_000);

  const restartedAt = nowSeconds();
  const ipc = join(a.dir, 'geth2.ipc');
  const follower = spawnTestProcess(toolPath('geth'), [
    '--datadir', a.datadir, '--ipcpath', ipc, '--networkid', String(a.networkId), '--syncmode', 'full', '--nodiscover', ...loopbackFlags(a.datadir),
  ]);
  const open: { provider?: IpcSocketProvider } = {};
  t.after(async () => {
    open.provider?.destroy();
    await follower.stop();
  });
  await follower.waitForLine(/IPC endpoint opened/);
  const provider = new IpcSocketProvider(ipc, Network.from(a.networkId), { staticNetwork: Network.from(a.networkId) });
  open.provider = provider;
  await provider.send('admin_addPeer', [enodeB]);
  const deadline = Date.now() + 20_000;
  while (Number(await provider.send('eth_blockNumber', [])) < 6) {
    assert.ok(Date.now() < deadline, 'the restarted node did not import the copy\'s blocks');
    await sleep(200);
  }

  const head = Number(await provider.send('eth_blockNumber', []));
  const blocks: SignedBlock[] = [];
  for (let n = 1; n <= head; n++) {
    const block = (await provider.send('eth_getBlockByNumber', [`0x${n.toString(16)}`, false])) as { hash: string; timestamp: string };
    blocks.push({ number: n, hash: block.hash, signer: (await provider.send('clique_getSigner', [block.hash])) as string, timestamp: Number(block.timestamp) });
  }
  const running = [{ start: runA.start, end: stoppedAt }, { start: restartedAt }];
  const suspicious = signedWhileStopped({ address, blocks, running, toleranceSeconds: 0 });
  assert.ok(suspicious.length >= 1, `blocks: ${JSON.stringify(blocks)} running: ${JSON.stringify(running)}`);
  assert.ok(suspicious.every((blk) => blk.number >= 4 && blk.timestamp > stoppedAt && blk.timestamp < restartedAt));
  assert.deepEqual(signedWhileStopped({ address, blocks: blocks.slice(0, 3), running, toleranceSeconds: 0 }), [], 'A\'s own blocks are not suspicious');
  const evidence = detectDuplicateSigner({ address, blocks, running, sealed: [], sinceBlock: head + 1, toleranceSeconds: 0 });
  assert.ok(evidence.some((e) => e.kind === 'signed-while-stopped'));
  assert.match(describeDuplicate(address, evidence), new RegExp(`block ${suspicious[0]?.number} .* while this node was not running`));
});
