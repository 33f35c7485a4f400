import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkChange, inEffect, quorum } from '../../../src/signers/policy.js';

const addr = (n: number): string => `0x${n.toString(16).padStart(40, '0')}`;
const set = (n: number): string[] => Array.from({ length: n }, (_, i) => addr(i + 1));

test('quorum is floor(N/2)+1', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(quorum), [1, 2, 2, 3, 3, 4]);
});

test('removal: refused when the signers left that seal now are fewer than the new quorum, or the set would be empty', () => {
  // 3 signers, all sealing: removing one leaves 2 (quorum 2), both seal.
  assert.deepEqual(checkChange({ action: 'remove', address: addr(3) }, { signers: set(3), sealing: set(3) }), { ok: true });
  // 3 signers, one of the two left is silent: 1 < 2.
  const silent = checkChange({ action: 'remove', address: addr(3) }, { signers: set(3), sealing: [addr(1), addr(3)] });
  assert.equal(silent.ok, false);
  assert.match(silent.ok ? '' : silent.reason, /quorum is 2, and only 1/);
  // The last signer.
  const last = checkChange({ action: 'remove', address: addr(1) }, { signers: set(1), sealing: set(1) });
  assert.match(last.ok ? '' : last.reason, /empty/);
  assert.equal(checkChange({ action: 'remove', address: addr(9) }, { signers: set(3), sealing: set(3) }).ok, false);
  // Addresses compare case-insensitively.
  assert.equal(checkChange({ action: 'remove', address: addr(3).toUpperCase().replace('0X', '0x') }, { signers: set(3), sealing: set(3) }).ok, true);
});

test('addition: counts the candidate as sealing only when it runs synced', () => {
  assert.equal(checkChange({ action: 'add', address: addr(9) }, { signers: set(3), sealing: set(3) }).ok, true);
  // 1 -> 2 signers: quorum 2, the candidate must seal.
  assert.equal(checkChange({ action: 'add', address: addr(9) }, { signers: set(1), sealing: set(1) }).ok, false);
  assert.equal(checkChange({ action: 'add', address: addr(9) }, { signers: set(1), sealing: set(1) }, true).ok, true);
  // 3 -> 4 with one silent: quorum 3, two seal, plus the candidate.
  const silent = checkChange({ action: 'add', address: addr(9) }, { signers: set(3), sealing: set(2) });
  assert.match(silent.ok ? '' : silent.reason, /quorum is 3, and only 2 would seal/);
  assert.equal(checkChange({ action: 'add', address: addr(9) }, { signers: set(3), sealing: set(2) }, true).ok, true);
  assert.equal(checkChange({ action: 'add', address: addr(1) }, { signers: set(2), sealing: set(2) }, true).ok, false);
});

test('property: an accepted change always leaves a non-empty set whose sealing signers reach its quorum', () => {
  let accepted = 0;
  let refused = 0;
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 9 }), fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }), fc.integer({ min: 1, max: 10 }), fc.boolean(), fc.boolean(), (n, sealsMask, target, add, candidateSeals) => {
      const signers = set(n);
      const sealing = signers.filter((_, i) => sealsMask[i]);
      const address = addr(target);
      const verdict = checkChange({ action: add ? 'add' : 'remove', address }, { signers, sealing }, candidateSeals);
      if (!verdict.ok) {
        refused++;
        return;
      }
      accepted++;
      const after = add ? [...signers, address] : signers.filter((s) => s !== address);
      const sealingAfter = after.filter((s) => sealing.includes(s) || (add && candidateSeals && s === address));
      assert.ok(after.length > 0);
      assert.ok(sealingAfter.length >= quorum(after.length));
      assert.ok(!inEffect({ action: add ? 'add' : 'remove', address }, signers));
    }),
    { numRuns: 500, examples: [[3, Array(9).fill(true), 2, false, false], [1, Array(9).fill(true), 1, false, false], [2, Array(9).fill(true), 5, true, true]] },
  );
  assert.ok(accepted > 0 && refused > 0);
});
