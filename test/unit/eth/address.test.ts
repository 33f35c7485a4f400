import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeAddress, getAddress } from 'ethers';
import { addressOfPrivateKey, checksummed, isHexBytes, toChecksumAddress } from '../../../src/eth/address.js';

const hex40 = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => `0x${Buffer.from(b).toString('hex')}`);

test('toChecksumAddress agrees with ethers getAddress on every address (property)', () => {
  fc.assert(
    fc.property(hex40, (address) => {
      assert.equal(toChecksumAddress(address), getAddress(address));
      assert.equal(toChecksumAddress(address.toUpperCase().replace('0X', '0x')), getAddress(address));
    }),
  );
});

test('EIP-55 reference vectors', () => {
  for (const address of ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359', '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB', '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb']) {
    assert.equal(checksummed(address), address);
    assert.equal(checksummed(address.toLowerCase()), address);
  }
});

test('checksummed refuses a wrong mixed-case checksum and non-addresses, as ethers does', () => {
  assert.throws(() => checksummed('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD'), /checksum/);
  for (const bad of ['', '0x', '5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae', '0xZaaeb6053f3e94c9b9a09f33669435e7ef1beaed']) {
    assert.throws(() => checksummed(bad), TypeError, bad);
  }
  fc.assert(
    fc.property(fc.string({ maxLength: 50 }), (raw) => {
      let ours: string | undefined;
      let theirs: string | undefined;
      try {
        ours = checksummed(raw);
      } catch {
        ours = undefined;
      }
      try {
        theirs = /^0x/.test(raw) ? getAddress(raw) : undefined;
      } catch {
        theirs = undefined;
      }
      assert.equal(ours, theirs);
    }),
  );
});

test('isHexBytes checks 0x-prefixed whole bytes and an optional length', () => {
  assert.equal(isHexBytes('0x'), true);
  assert.equal(isHexBytes('0xab'), true);
  assert.equal(isHexBytes('0xabc'), false);
  assert.equal(isHexBytes(`0x${'ab'.repeat(20)}`, 20), true);
  assert.equal(isHexBytes(`0x${'ab'.repeat(19)}`, 20), false);
  assert.equal(isHexBytes(12), false);
});

test('addressOfPrivateKey is ethers\' computeAddress (property, with the curve\'s edge keys)', () => {
  const edge = [`0x${'0'.repeat(63)}1`, '0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140', '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'];
  const key = fc.bigInt({ min: 1n, max: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140n }).map((n) => `0x${n.toString(16).padStart(64, '0')}`);
  fc.assert(
    fc.property(key, (k) => assert.equal(addressOfPrivateKey(k), computeAddress(k))),
    { numRuns: 200, examples: edge.map((k) => [k]) },
  );
});
