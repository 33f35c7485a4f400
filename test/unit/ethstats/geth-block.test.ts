import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockStatsFromRpc } from '../../../src/ethstats/geth-block.js';
import { ethstatsForGeth, gethEthstatsToml } from '../../../src/geth/args/v1_13.js';

const rpcBlock = {
  number: '0x7', hash: '0x' + 'AB'.repeat(32), parentHash: '0x' + 'cd'.repeat(32), timestamp: '0x691f5c00',
  miner: '0x0000000000000000000000000000000000000000', gasUsed: '0x5208', gasLimit: '0x1c9c380', difficulty: '0x2',
  totalDifficulty: '0xf', transactions: ['0x' + '11'.repeat(32)], transactionsRoot: '0x' + '22'.repeat(32), stateRoot: '0x' + '33'.repeat(32),
  uncles: [],
};

test('an eth_getBlockByHash reply becomes geth-shaped blockStats with the clique signer as miner', () => {
  const stats = blockStatsFromRpc(rpcBlock, '0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
  assert.deepEqual(stats, {
    number: 7, hash: '0x' + 'ab'.repeat(32), parentHash: '0x' + 'cd'.repeat(32), timestamp: 0x691f5c00,
    miner: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266', gasUsed: 21000, gasLimit: 30_000_000, difficulty: '2', totalDifficulty: '15',
    transactions: [{ hash: '0x' + '11'.repeat(32) }], transactionsRoot: '0x' + '22'.repeat(32), stateRoot: '0x' + '33'.repeat(32), uncles: [],
  });
  assert.equal(blockStatsFromRpc(rpcBlock, undefined).miner, rpcBlock.miner, 'falls back to the coinbase');
});

test('a malformed block reply gets a clear error', () => {
  assert.throws(() => blockStatsFromRpc(null, undefined), /not an object/);
  assert.throws(() => blockStatsFromRpc({ ...rpcBlock, number: 7 }, undefined), /number is not a hex quantity/);
  assert.throws(() => blockStatsFromRpc({ ...rpcBlock, hash: '0x12' }, undefined), /hash is not a 32-byte hash/);
  assert.throws(() => blockStatsFromRpc({ ...rpcBlock, timestamp: '0xffffffffffffffffff' }, undefined), /out of range/);
  assert.throws(() => blockStatsFromRpc({ ...rpcBlock, transactions: 'x' }, undefined), /transactions/);
});

test('mode geth hands the URL to geth as a TOML section, never as an argument', () => {
  const target = { name: 'n:1', secret: 's"e\\c', host: 'stats:3000' };
  assert.equal(ethstatsForGeth({ ethstats: target, ethstatsMode: 'agent' }), undefined);
  assert.equal(ethstatsForGeth({ ethstats: undefined, ethstatsMode: 'geth' }), undefined);
  assert.deepEqual(ethstatsForGeth({ ethstats: target, ethstatsMode: 'geth' }), target);
  assert.equal(gethEthstatsToml(target), '[Ethstats]\nURL = "n:1:s\\"e\\\\c@stats:3000"\n');
  assert.equal(gethEthstatsToml({ ...target, secret: 'a\nb' }), '[Ethstats]\nURL = "n:1:a\\nb@stats:3000"\n');
});
