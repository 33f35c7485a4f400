import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  conflictingBlocks,
  describeDuplicate,
  detectDuplicateSigner,
  hashMatches,
  notSealedHere,
  parseSealedLine,
  signedWhileStopped,
  type SignedBlock,
} from '../../../src/identity/duplicate-guard.js';

const ME = '0x1111111111111111111111111111111111111111';
const OTHER = '0x2222222222222222222222222222222222222222';
const h = (n: number, fork = 'a'): string => `0x${fork.repeat(2)}${n.toString(16).padStart(62, '0')}`;
const block = (number: number, signer: string, timestamp: number, fork = 'a'): SignedBlock => ({ number, hash: h(number, fork), signer, timestamp });

// Recorded from a real 1.13.15 sealer (terminal format) and its JSON-format equivalent.
const TERMINAL = 'INFO [11-22|02:32:28.706] Successfully sealed new block            number=1 sealhash=010b92..59fba1 hash=2e8d78..daa152 elapsed=5.762ms';
const JSON_LINE = '{"t":"2026-11-22T02:32:28Z","lvl":"info","msg":"Successfully sealed new block","number":1234,"sealhash":"0x01","hash":"0x2e8d78648e386ffae1cb119ee617782a9d8f8566864945fc3e6afe20e3daa152"}';

test('parses geth "Successfully sealed new block" lines in terminal and JSON format', () => {
  assert.deepEqual(parseSealedLine(TERMINAL), { number: 1, hash: '2e8d78..daa152' });
  assert.deepEqual(parseSealedLine(JSON_LINE), { number: 1234, hash: '0x2e8d78648e386ffae1cb119ee617782a9d8f8566864945fc3e6afe20e3daa152' });
  assert.equal(parseSealedLine('INFO Commit new sealing work number=1'), undefined);
  assert.ok(hashMatches('2e8d78..daa152', '0x2e8d78648e386ffae1cb119ee617782a9d8f8566864945fc3e6afe20e3daa152'));
  assert.ok(!hashMatches('2e8d78..daa153', '0x2e8d78648e386ffae1cb119ee617782a9d8f8566864945fc3e6afe20e3daa152'));
});

test('a block signed by my address while I was not running is evidence', () => {
  const blocks = [block(1, ME, 100), block(2, OTHER, 105), block(3, ME, 150), block(4, ME, 201)];
  const running = [{ start: 95, end: 120 }, { start: 200 }];
  assert.deepEqual(signedWhileStopped({ address: ME, blocks, running }).map((b) => b.number), [3]);
  assert.deepEqual(signedWhileStopped({ address: ME, blocks, running: [] }), [], 'no history, no verdict');
  assert.deepEqual(signedWhileStopped({ address: ME, blocks: [block(1, ME, 10)], running: [{ start: 95 }] }), [], 'before the first start: unknown');
});

test('blocks signed by my address that my geth did not log as sealed are evidence', () => {
  const blocks = [block(5, ME, 1), block(6, OTHER, 2), block(7, ME, 3), block(9, ME, 4)];
  const sealed = [{ number: 5, hash: h(5) }, { number: 7, hash: `${h(7).slice(2, 8)}..${h(7).slice(-6)}` }];
  assert.deepEqual(notSealedHere({ address: ME, blocks, sealed, sinceBlock: 5 }).map((b) => b.number), [9]);
  assert.deepEqual(notSealedHere({ address: ME, blocks, sealed, sinceBlock: 10 }), []);
});

test('two blocks at one height signed by my address are evidence; an honest history has none', () => {
  const forked = [block(8, ME, 1, 'a'), block(8, ME, 1, 'b'), block(8, ME, 1, 'a')];
  assert.equal(conflictingBlocks({ address: ME, blocks: forked }).length, 1);
  const honest = [block(1, ME, 100), block(2, OTHER, 101), block(3, ME, 102)];
  const evidence = detectDuplicateSigner({ address: ME, blocks: honest, running: [{ start: 90 }], sealed: [{ number: 1, hash: h(1) }, { number: 3, hash: h(3) }], sinceBlock: 1 });
  assert.deepEqual(evidence, []);
  const bad = detectDuplicateSigner({
    address: ME.toUpperCase().replace('0X', '0x'),
    blocks: [...honest, block(8, ME, 95, 'a'), block(8, ME, 95, 'b')],
    running: [{ start: 90, end: 99 }],
    sealed: [{ number: 1, hash: h(1) }, { number: 8, hash: h(8, 'a') }],
    sinceBlock: 1,
  });
  assert.deepEqual(
    bad.map((e) => `${e.kind}:${'block' in e ? e.block.number : e.blocks.length}`),
    ['signed-while-stopped:3', 'not-sealed-here:8', 'conflicting-blocks:2'],
  );
  assert.match(describeDuplicate(ME, bad), /^DUPLICATE SIGNER: 0x1111.* also seals on another node/);
});
