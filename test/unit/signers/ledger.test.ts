import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeChange, addressState, approve, emptyLedger, observe, registerCandidate, remove, type Ledger } from '../../../src/signers/ledger.js';
import { ledgerFileBytes, parseLedgerFile } from '../../../src/signers/ledger-file.js';

const addr = (n: number): string => `0x${n.toString(16).padStart(40, '0')}`;
const AT = '2026-12-07T20:00:00.000Z';
const three = [addr(1), addr(2), addr(3)];
const allSeal = { signers: three, sealing: three };

function candidate(ledger: Ledger, address: string): Ledger {
  const outcome = registerCandidate(ledger, address, AT, 10);
  assert.equal(outcome.kind, 'new');
  return outcome.kind === 'new' ? outcome.ledger : ledger;
}

test('a sealer registering after the genesis becomes a candidate; a full list refuses one more', () => {
  const ledger = candidate(emptyLedger(three), addr(4));
  assert.equal(addressState(ledger, addr(4)), 'candidate');
  assert.deepEqual(registerCandidate(ledger, addr(4), AT, 10), { kind: 'known', state: 'candidate', ledger });
  assert.deepEqual(registerCandidate(ledger, addr(1), AT, 10), { kind: 'known', state: 'signer', ledger });
  assert.deepEqual(registerCandidate(ledger, addr(5), AT, 1), { kind: 'full' });
});

test('approve, observed in effect, done; remove, done; the removed one is told so when it registers again', () => {
  let ledger = candidate(emptyLedger(three), addr(4));
  assert.equal(approve(ledger, addr(9), { by: 'operator', view: allSeal, candidateSeals: true, at: AT }).status, 404);
  const approved = approve(ledger, addr(4), { by: 'operator', view: allSeal, candidateSeals: true, at: AT });
  assert.equal(approved.status, 201);
  ledger = approved.ledger;
  assert.equal(addressState(ledger, addr(4)), 'approved');
  assert.equal(activeChange(ledger)?.sinceBlock, 0);
  // Idempotent.
  assert.equal(approve(ledger, addr(4), { by: 'operator', view: allSeal, candidateSeals: true, at: AT }).status, 200);
  // A report that does not show it yet changes nothing but the set's block.
  ledger = observe(ledger, { block: 5, signers: three }, AT).ledger;
  assert.equal(activeChange(ledger)?.state, 'pending');
  // An older report is ignored, even one that shows the change.
  assert.equal(observe(ledger, { block: 4, signers: [...three, addr(4)] }, AT).ledger, ledger);
  const seen = observe(ledger, { block: 7, signers: [...three, addr(4)] }, AT);
  assert.equal(seen.done.length, 1);
  ledger = seen.ledger;
  assert.equal(addressState(ledger, addr(4)), 'signer');
  assert.equal(activeChange(ledger), undefined);

  const four = [...three, addr(4)];
  const removal = remove(ledger, addr(3), { view: { signers: four, sealing: four }, at: AT });
  assert.equal(removal.status, 201);
  ledger = observe(removal.ledger, { block: 9, signers: [addr(1), addr(2), addr(4)] }, AT).ledger;
  assert.equal(addressState(ledger, addr(3)), 'removed');
  const again = registerCandidate(ledger, addr(3), AT, 10);
  assert.equal(again.kind === 'known' ? again.state : again.kind, 'removed');
});

test('rails: a quorum-breaking or emptying removal records nothing; changes are voted on one at a time, in order', () => {
  const ledger = emptyLedger(three);
  const refused = remove(ledger, addr(3), { view: { signers: three, sealing: [addr(1), addr(3)] }, at: AT });
  assert.equal(refused.status, 409);
  assert.match(refused.message, /quorum/);
  assert.equal(refused.ledger, ledger);
  const single = emptyLedger([addr(1)]);
  assert.equal(remove(single, addr(1), { view: { signers: [addr(1)], sealing: [addr(1)] }, at: AT }).status, 409);

  let two = candidate(candidate(emptyLedger(three), addr(4)), addr(5));
  two = approve(two, addr(4), { by: 'operator', view: allSeal, candidateSeals: true, at: AT }).ledger;
  two = approve(two, addr(5), { by: 'auto', view: allSeal, candidateSeals: true, at: AT }).ledger;
  assert.equal(activeChange(two)?.address, addr(4));
  assert.equal(two.changes[1]?.sinceBlock, undefined, 'the second change waits its turn');
  // Removing an approved candidate withdraws its change; the next becomes active.
  const withdrawn = remove(two, addr(4), { view: allSeal, at: AT });
  assert.equal(withdrawn.status, 201);
  assert.equal(addressState(withdrawn.ledger, addr(4)), 'rejected');
  assert.equal(activeChange(withdrawn.ledger)?.address, addr(5));
});

test('the ledger file round-trips; a damaged one is refused (65), not rewritten', () => {
  let ledger = candidate(emptyLedger(three), addr(4));
  ledger = approve(ledger, addr(4), { by: 'operator', view: allSeal, candidateSeals: true, at: AT }).ledger;
  assert.deepEqual(parseLedgerFile(ledgerFileBytes(ledger), '/x/signer-changes.json'), ledger);
  assert.throws(() => parseLedgerFile(Buffer.from('{"version":1,'), '/x'), (e: Error & { exitCode?: number }) => e.exitCode === 65);
  const bad = JSON.parse(ledgerFileBytes(ledger).toString()) as { changes: Array<{ action: string }> };
  (bad.changes[0] as { action: string }).action = 'promote';
  assert.throws(() => parseLedgerFile(Buffer.from(JSON.stringify(bad)), '/x'), (e: Error & { exitCode?: number }) => e.exitCode === 65);
});
