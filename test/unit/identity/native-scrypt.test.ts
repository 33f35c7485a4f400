import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scrypt as nobleScrypt } from '@noble/hashes/scrypt.js';
import { Wallet, decryptKeystoreJson, encryptKeystoreJson, scrypt } from 'ethers';
import { useNativeScrypt } from '../../../src/identity/native-scrypt.js';

test('native scrypt derives the same keys as the JavaScript scrypt ethers ships', async () => {
  useNativeScrypt();
  for (const [N, r, p] of [[16, 8, 1], [1024, 8, 1], [256, 4, 2]] as const) {
    const password = new TextEncoder().encode('pässword');
    const salt = Uint8Array.from({ length: 32 }, (_, i) => i);
    const ours = await scrypt(password, salt, N, r, p, 32);
    assert.equal(ours, `0x${Buffer.from(nobleScrypt(password, salt, { N, r, p, dkLen: 32 })).toString('hex')}`, `N=${N} r=${r} p=${p}`);
  }
});

test('keystores round-trip through ethers with native scrypt, and a wrong password is still refused', async () => {
  useNativeScrypt();
  const wallet = Wallet.createRandom();
  const json = await encryptKeystoreJson({ address: wallet.address, privateKey: wallet.privateKey }, 'secret', { scrypt: { N: 1024 } });
  assert.equal((await decryptKeystoreJson(json, 'secret')).privateKey, wallet.privateKey);
  await assert.rejects(decryptKeystoreJson(json, 'wrong'), /incorrect password/);
});
