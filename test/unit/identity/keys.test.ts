import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SigningKey, Wallet } from 'ethers';
import { normalizePrivateKey } from '../../../src/eth/private-key.js';
import { formatEnode, nodeIdFromKey } from '../../../src/identity/keys.js';
import { reachCounter } from '../../helpers/fuzz.js';

test('normalizePrivateKey accepts 64 hex with or without 0x and rejects everything else', () => {
  const key = Wallet.createRandom().privateKey;
  assert.equal(normalizePrivateKey(key), key);
  assert.equal(normalizePrivateKey(key.slice(2).toUpperCase()), key);
  assert.equal(normalizePrivateKey(` ${key}\n`), key);
  for (const bad of ['', '0x', key.slice(0, 65), `${key}00`, `0x${'0'.repeat(64)}`, `0x${'f'.repeat(64)}`, `0x${'g'.repeat(64)}`]) {
    assert.equal(normalizePrivateKey(bad), undefined, bad);
  }
});

test('normalizePrivateKey never throws and only accepts valid scalars (property)', () => {
  // Random strings are essentially never keys: hex of the right length, cased and padded, is mixed in.
  const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
  const keyLike = fc.tuple(hex64, fc.constantFrom('', '0x', '0X'), fc.boolean(), fc.constantFrom('', ' ', '\n')).map(([h, prefix, upper, pad]) => `${pad}${prefix}${upper ? h.toUpperCase() : h}${pad}`);
  const reached = reachCounter({ accepted: 50, refused: 50 });
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 80 }), keyLike), (raw) => {
      const key = normalizePrivateKey(raw);
      reached.hit(key === undefined ? 'refused' : 'accepted');
      if (key !== undefined) assert.doesNotThrow(() => new SigningKey(key));
    }),
    { numRuns: 300 },
  );
  reached.assertReached();
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
      const hex = Buffer.from(bytes).toString('hex');
      const key = normalizePrivateKey(hex);
      if (key !== undefined) assert.equal(key, `0x${hex}`);
    }),
  );
});

test('nodeIdFromKey is the uncompressed public key without 04, and formatEnode follows geth', () => {
  const key = Wallet.createRandom().privateKey;
  const id = nodeIdFromKey(key);
  assert.match(id, /^[0-9a-f]{128}$/);
  assert.equal(`0x04${id}`, new SigningKey(key).publicKey);
  assert.equal(formatEnode(id, '127.3.0.1', 30303), `enode://${id}@127.3.0.1:30303`);
  assert.equal(formatEnode(id, '127.3.0.1', 30303, 30303), `enode://${id}@127.3.0.1:30303`);
  assert.equal(formatEnode(id, '127.3.0.1', 0, 30301), `enode://${id}@127.3.0.1:0?discport=30301`);
  assert.equal(formatEnode(id, '::1', 30303), `enode://${id}@[::1]:30303`);
});
