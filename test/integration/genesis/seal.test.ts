import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Wallet } from 'ethers';
import { startCliqueChain } from '../../helpers/clique-chain.js';
import { toolPath } from '../../helpers/geth-bin.js';
import { buildCliqueGenesis, serializeGenesis } from '../../../src/genesis/build.js';
import { computeGenesisHash } from '../../../src/genesis/block-hash.js';
import { childEnv } from '../../../src/geth/child-env.js';

test('real geth 1.13.15 seals a built 2-signer genesis only with listed signers; offline hash = block 0 hash', { timeout: 60_000 }, async (t) => {
  const other = Wallet.createRandom().address;
  const funded = Wallet.createRandom().address;
  let bytes: Buffer | undefined;
  const chain = await startCliqueChain(t, {
    period: 1,
    genesis: (signer) => {
      const genesis = buildCliqueGenesis({ chainId: 4711, period: 1, epoch: 30000, gasLimit: 30_000_000, signers: [other, signer], prefund: [{ address: funded, balance: '12345' }], defaultBalance: '1000000000000000000' });
      bytes = serializeGenesis(genesis);
      return JSON.parse(bytes.toString('utf8'));
    },
    networkId: 4711,
  });
  // 2 signers, 1 online: it may seal one block, then must wait for the other ("signed recently").
  await chain.waitForBlock(1, 30_000);
  const block1 = await chain.rpc<{ hash: string }>('eth_getBlockByNumber', ['0x1', false]);
  assert.equal((await chain.rpc<string>('clique_getSigner', [block1.hash])).toLowerCase(), chain.signer.address.toLowerCase());
  const signers = await chain.rpc<string[]>('clique_getSigners', ['latest']);
  assert.deepEqual(signers.map((s) => s.toLowerCase()), [other, chain.signer.address].map((s) => s.toLowerCase()).sort());
  assert.equal(await chain.rpc<string>('eth_getBalance', [funded, 'latest']), '0x3039');
  assert.equal(await chain.rpc<string>('eth_chainId'), `0x${(4711).toString(16)}`);

  const block0 = await chain.rpc<{ hash: string }>('eth_getBlockByNumber', ['0x0', false]);
  assert.ok(bytes);
  assert.equal(await computeGenesisHash(bytes, { gethBin: toolPath('geth'), env: childEnv(process.env) }), block0.hash);
});

test('a one-signer built genesis keeps sealing, every block by that signer', { timeout: 60_000 }, async (t) => {
  const chain = await startCliqueChain(t, {
    period: 1,
    networkId: 4712,
    genesis: (signer) => buildCliqueGenesis({ chainId: 4712, period: 1, epoch: 30000, gasLimit: 8_000_000, signers: [signer], defaultBalance: '1' }),
  });
  await chain.waitForBlock(3, 30_000);
  for (const n of [1, 2, 3]) {
    const block = await chain.rpc<{ hash: string }>('eth_getBlockByNumber', [`0x${n.toString(16)}`, false]);
    assert.equal((await chain.rpc<string>('clique_getSigner', [block.hash])).toLowerCase(), chain.signer.address.toLowerCase());
  }
});
