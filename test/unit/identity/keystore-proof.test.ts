import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyMessage } from 'ethers';
import { agentPaths } from '../../../src/paths.js';
import { makeProof, parseProof, proofMatches } from '../../../src/identity/keystore-proof.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { provisionForTest } from '../../helpers/identity.js';
import { snapshotTree } from '../../helpers/tree.js';
import { tempDir } from '../../helpers/tmp.js';

test('a proof matches exactly the keystore text and password it was made for', () => {
  const proof = makeProof('{"keystore":1}', 'pw', 'ab'.repeat(16));
  assert.equal(proofMatches(proof, '{"keystore":1}', 'pw'), true);
  assert.equal(proofMatches(proof, '{"keystore":1} ', 'pw'), false, 'a changed keystore');
  assert.equal(proofMatches(proof, '{"keystore":1}', 'pw2'), false, 'another password');
  assert.equal(proofMatches(undefined, '{"keystore":1}', 'pw'), false);
  assert.notEqual(makeProof('k', 'pw').check, makeProof('k', 'pw').check, 'salted: two proofs of one pair differ');
  assert.ok(!JSON.stringify(proof).includes('pw'), 'the proof never holds the password');
  assert.deepEqual(parseProof(`${JSON.stringify(proof)}\n`), proof);
  for (const text of [undefined, '', 'null', '{', '[]', '{"version":2,"salt":"ab","check":"cd"}', JSON.stringify({ ...proof, check: 'zz'.repeat(32) })]) {
    assert.equal(parseProof(text), undefined, String(text));
  }
});

const decrypted = (lines: string[]): number => lines.filter((l) => l.includes('"keystore decrypted"')).length;
const skipped = (lines: string[]): number => lines.filter((l) => l.includes('not decrypting')).length;

test('a restart with the proven keystore and password decrypts nothing; a lost proof costs one decryption', async (t) => {
  const dir = await tempDir(t);
  const paths = agentPaths(join(dir, 'd'));
  const first = captureLogger();
  const created = await provisionForTest(paths.dataDir, first.logger);
  assert.equal((await stat(paths.keystoreProof)).mode & 0o777, 0o600);
  assert.ok(!(await readFile(paths.keystoreProof, 'utf8')).includes(await readFile(paths.password, 'utf8')));

  const before = await snapshotTree(dir);
  const warm = captureLogger();
  const again = await provisionForTest(paths.dataDir, warm.logger);
  assert.equal(decrypted(warm.lines), 0, 'no scrypt before geth on a warm start');
  assert.equal(skipped(warm.lines), 1);
  assert.deepEqual(await snapshotTree(dir), before, 'a warm start rewrites nothing');
  // Signing (registration) still works: it decrypts then, once.
  assert.equal(verifyMessage('m', await (again.account?.signer.signMessage('m') ?? '')), created.account?.address);

  await rm(paths.keystoreProof);
  const lost = captureLogger();
  await provisionForTest(paths.dataDir, lost.logger);
  assert.equal(decrypted(lost.lines), 1, 'no proof: the agent verifies the pair itself');
  assert.ok(parseProof(await readFile(paths.keystoreProof, 'utf8')) !== undefined, 'and records the proof again');
});
