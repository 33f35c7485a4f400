import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseKeystore } from '../../../src/identity/keystore.js';
import { classifyStatus, parseChallenge, parseRegistration } from '../../../src/identity/register.js';
import { parseSealedLine } from '../../../src/identity/duplicate-guard.js';
import { parseNodeKeyFile } from '../../../src/identity/node-key.js';
import { genesisServerBase } from '../../../src/identity/server-base.js';

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
  fc.assert(
    fc.property(fc.anything(), (value) => {
      parseChallenge(value);
      const reply = parseRegistration(value);
      if (reply !== undefined) assert.equal(typeof reply.sealed, 'boolean');
    }),
  );
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
