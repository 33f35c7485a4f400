import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRecentBlocks, type SealedBlock } from '../../../src/network/recent-blocks.js';
import { signerSet } from '../../../src/network/signers.js';

const A = '0xAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAa';
const B = '0x00000000000000000000000000000000000000b2';
const C = '0x00000000000000000000000000000000000000c3';
const blocks = (from: number, to: number, miner: (n: number) => string): SealedBlock[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ number: from + i, hash: `0x${(from + i).toString(16)}`, miner: miner(from + i).toLowerCase(), timestamp: 1000 + from + i }));

test('signer set: all three sealing in turn is ok; one of three down is the bare quorum; two down is lost', () => {
  const rotate = (n: number): string => [A, B, C][n % 3] as string;
  assert.deepEqual(signerSet([A, B, C], blocks(1, 30, rotate)).quorum, { signers: 3, needed: 2, sealing: 3, window: { blocks: 6, from: 25, to: 30 }, state: 'ok' });
  const withoutC = blocks(1, 30, (n) => (n % 2 === 0 ? A : B));
  const bare = signerSet([A, B, C], withoutC);
  assert.equal(bare.quorum.state, 'at-risk');
  assert.deepEqual(bare.signers.map((s) => [s.address, s.sealedRecently, s.blocksInWindow, s.lastBlock]), [[B, true, 3, 29], [C, false, 0, null], [A, true, 3, 30]]);
  assert.equal(signerSet([A, B, C], blocks(1, 30, () => A)).quorum.state, 'lost');
});

test('signer set: old blocks outside the 2N window do not count; no block is unknown; a foreign miner is shown unauthorized', () => {
  const old = [...blocks(1, 5, () => B), ...blocks(6, 20, () => A)];
  const view = signerSet([A, B], old);
  assert.deepEqual(view.quorum.window, { blocks: 4, from: 17, to: 20 });
  assert.equal(view.signers.find((s) => s.address === B)?.sealedRecently, false, 'B sealed only before the window');
  assert.equal(view.signers.find((s) => s.address === B)?.lastBlock, 5);
  assert.equal(signerSet([A, B], []).quorum.state, 'unknown');
  const foreign = signerSet([A], blocks(1, 4, () => C));
  assert.deepEqual(foreign.signers.map((s) => [s.address, s.authorized]), [[C, false], [A, true]]);
  assert.equal(foreign.quorum.sealing, 0, 'an unauthorized miner is no signer online');
});

test('recent blocks: bounded to the newest numbers, the last report of a number wins, genesis ignored', () => {
  const recent = createRecentBlocks(10);
  recent.add(blocks(0, 25, () => A));
  assert.deepEqual(recent.list().map((b) => b.number), [25, 24, 23, 22, 21, 20, 19, 18, 17, 16]);
  recent.add([{ number: 25, hash: '0xre', miner: B, timestamp: 1 }, { number: 3, hash: '0xold', miner: B, timestamp: 1 }]);
  assert.equal(recent.list()[0]?.miner, B.toLowerCase(), 'a reorg replaces the block');
  assert.equal(recent.list().some((b) => b.number === 3), false, 'too old to keep');
  assert.equal(recent.list().length, 10);
});

test('recent blocks: a block whose miner is a coinbase (JSON-RPC shape) or the zero address never counts as a seal, nor replaces one', () => {
  const recent = createRecentBlocks(10);
  recent.add(blocks(1, 3, () => A));
  // The classic reporter and Besu send the header's coinbase: zero, or a clique vote's target.
  recent.add([{ number: 3, hash: '0x3', miner: C, timestamp: 1003, minerIsCoinbase: true }, { number: 4, hash: '0x4', miner: C, timestamp: 1004, minerIsCoinbase: true }]);
  recent.add([{ number: 5, hash: '0x5', miner: `0x${'0'.repeat(40)}`, timestamp: 1005 }]);
  assert.deepEqual(recent.list().map((b) => `${b.number}:${b.miner}`), [3, 2, 1].map((n) => `${n}:${A.toLowerCase()}`));
});
