import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideVotes, type ServerChange, type VoteInput } from '../../../src/signers/vote.js';
import { serverView } from '../../../src/signers/voter.js';

const addr = (n: number): string => `0x${n.toString(16).padStart(40, '0')}`;
const three = [addr(1), addr(2), addr(3)];
const add4: ServerChange = { id: 1, address: addr(4), action: 'add', state: 'pending', candidateLive: true };

const input = (over: Partial<VoteInput>): VoteInput => ({
  self: addr(1),
  signers: three,
  proposals: {},
  sealing: three,
  mining: true,
  server: { changes: [] },
  previous: 'signer',
  ...over,
});

test('a signer votes for the active change once; the vote is not cast again while geth holds it', () => {
  const first = decideVotes(input({ server: { changes: [add4] } }));
  assert.deepEqual(first.propose, { address: addr(4), authorize: true });
  assert.deepEqual(first.discard, []);
  const again = decideVotes(input({ server: { changes: [add4] }, proposals: { [addr(4)]: true } }));
  assert.equal(again.propose, undefined);
  assert.deepEqual(again.discard, []);
  // geth lost its proposals (a restart): cast again.
  assert.deepEqual(decideVotes(input({ server: { changes: [add4] }, proposals: {} })).propose, { address: addr(4), authorize: true });
});

test('a proposal is discarded once its change is in effect, withdrawn, or not the one voted on now; others are left alone', () => {
  const inEffect = decideVotes(input({ signers: [...three, addr(4)], server: { changes: [add4] }, proposals: { [addr(4)]: true } }));
  assert.deepEqual(inEffect.discard, [addr(4)]);
  assert.equal(inEffect.propose, undefined);
  const withdrawn = decideVotes(input({ server: { changes: [{ ...add4, state: 'withdrawn' }] }, proposals: { [addr(4)]: true, [addr(8)]: false } }));
  assert.deepEqual(withdrawn.discard, [addr(4)], 'a proposal cast by hand (not a managed address) is left alone');
  const second: ServerChange = { id: 2, address: addr(5), action: 'add', state: 'pending', candidateLive: true };
  const order = decideVotes(input({ server: { changes: [second, add4] }, proposals: { [addr(5)]: true } }));
  assert.deepEqual(order.propose, { address: addr(4), authorize: true }, 'the lowest id first');
  assert.deepEqual(order.discard, [addr(5)], 'one change at a time');
});

test('a signer does not vote for a change its own chain shows unsafe, and says why', () => {
  const removal: ServerChange = { id: 1, address: addr(3), action: 'remove', state: 'pending' };
  const held = decideVotes(input({ server: { changes: [removal] }, sealing: [addr(1), addr(3)] }));
  assert.equal(held.propose, undefined);
  assert.match(held.held ?? '', /quorum/);
  assert.deepEqual(decideVotes(input({ server: { changes: [removal] } })).propose, { address: addr(3), authorize: false });
});

test('membership: candidate and removed do not seal or vote; a candidate voted in starts its miner', () => {
  const cand = decideVotes(input({ self: addr(4), previous: undefined, server: { changes: [add4] } }));
  assert.equal(cand.membership, 'candidate');
  assert.equal(cand.miner, 'stop');
  assert.equal(cand.propose, undefined);
  const voted = decideVotes(input({ self: addr(4), signers: [...three, addr(4)], mining: false, previous: 'candidate' }));
  assert.equal(voted.membership, 'signer');
  assert.equal(voted.miner, 'start');
  const out = decideVotes(input({ self: addr(3), signers: [addr(1), addr(2)], previous: 'signer', server: undefined }));
  assert.equal(out.membership, 'removed');
  assert.equal(out.miner, 'stop');
  assert.match(out.reason, /voted out/);
  // The server unreadable: still removed (no flip back to candidate), no vote.
  assert.equal(decideVotes(input({ self: addr(3), signers: [addr(1), addr(2)], previous: 'removed', server: undefined, mining: false })).membership, 'removed');
  const rejected = decideVotes(input({ self: addr(7), previous: undefined, server: { changes: [], standing: 'rejected' } }));
  assert.equal(rejected.membership, 'removed');
  assert.match(rejected.reason, /rejected/);
});

test('serverView refuses a reply of another shape (no vote from a malformed list)', () => {
  assert.equal(serverView({ changes: [{ id: 1, address: 'nope', action: 'add', state: 'pending' }] }, addr(1)), undefined);
  assert.equal(serverView({ changes: [{ id: 1, address: addr(4), action: 'promote', state: 'pending' }] }, addr(1)), undefined);
  assert.equal(serverView([], addr(1)), undefined);
  assert.deepEqual(serverView({ changes: [add4], removed: [addr(1).toUpperCase().replace('0X', '0x')] }, addr(1)), { changes: [add4], standing: 'removed' });
});
