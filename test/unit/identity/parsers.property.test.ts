import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseKeystore } from '../../../src/identity/keystore.js';
import { classifyStatus, parseChallenge, parseRegistration } from '../../../src/identity/register.js';
import { parseSealedLine } from '../../../src/identity/duplicate-guard.js';
import { parseNodeKeyFile } from '../../../src/identity/node-key.js';
import { genesisServerBase } from '../../../src/identity/server-base.js';
import { reachCounter } from '../../helpers/fuzz.js';

test('parsers of untrusted input never throw (keystore files, server replies, geth log lines, node key files)', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
      const keystore = parseKeystore(text);
      assert.ok('address' in keystore || 'problem' in keystore);
      parseSealedLine(text);
      parseSealedLine(`Successfully sealed new block ${text}`);
      parseNodeKeyFile(text);
    }),
  );
  // fc.anything() alone essentially never builds a valid reply: replies of the right shape (any
  // extra keys, numbers of every kind) are mixed in so the accepting branch runs too.
  const number = fc.oneof({ weight: 4, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, -0, NaN, '1')) });
  const registrationLike = fc.record({ registered: number, needed: number, sealed: fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.anything() }) }, { requiredKeys: [] });
  const challengeLike = fc.record({ challenge: fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `0x${Buffer.from(b).toString('hex')}`), fc.string()) });
  const reached = reachCounter({ registration: 25, 'no registration': 100, challenge: 12 });
  fc.assert(
    fc.property(fc.oneof(fc.anything(), registrationLike, fc.tuple(registrationLike, fc.dictionary(fc.string(), fc.anything())).map(([r, extra]) => ({ ...extra, ...r })), challengeLike), (value) => {
      const challenge = parseChallenge(value);
      if (challenge !== undefined) {
        assert.match(challenge, /^0x[0-9a-fA-F]{64}$/);
        reached.hit('challenge');
      }
      const reply = parseRegistration(value);
      if (reply === undefined) return reached.hit('no registration');
      assert.equal(typeof reply.sealed, 'boolean');
      assert.ok(Number.isSafeInteger(reply.registered) && Number.isSafeInteger(reply.needed));
      reached.hit('registration');
    }),
    { numRuns: 300 },
  );
  reached.assertReached();
  fc.assert(
    fc.property(fc.integer({ min: 100, max: 599 }), fc.string(), (status, body) => {
      const verdict = classifyStatus('register', status, body, 'http://g/signers', '0x0');
      if (verdict !== undefined) assert.ok(verdict.message.length <= 400);
    }),
  );
  fc.assert(fc.property(fc.webUrl(), (url) => assert.doesNotMatch(genesisServerBase(url), /\/$/)));
});

test('parseKeystore reads geth and ethers keystores and names what is wrong with others', () => {
  const crypto = { cipher: 'aes-128-ctr' };
  assert.deepEqual(parseKeystore(JSON.stringify({ address: 'f39fd6e51aad88f6f4ce6ab8827279cfffb92266', version: 3, crypto })), { address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' });
  assert.deepEqual(parseKeystore(JSON.stringify({ address: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266', version: 3, Crypto: crypto })), { address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' });
  assert.deepEqual(parseKeystore('{"address":"zz"}'), { problem: 'no "address" field of 40 hex characters' });
  assert.deepEqual(parseKeystore('[]'), { problem: 'no "address" field of 40 hex characters' });
  assert.deepEqual(parseKeystore('null'), { problem: 'not a JSON object' });
  assert.deepEqual(parseKeystore(JSON.stringify({ address: 'f39fd6e51aad88f6f4ce6ab8827279cfffb92266', version: 1, crypto })), { problem: 'not a version 3 keystore' });
});
