import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Wallet, verifyMessage } from 'ethers';
import { signerRegistrationMessage } from '../../../src/genesis/registration-message.js';

test('the registration message names the checksummed address and the challenge', () => {
  const challenge = `0x${'ab'.repeat(32)}`;
  const address = '0x52908400098527886e0f7030069857d2e4169ee7';
  assert.equal(
    signerRegistrationMessage(challenge, address),
    `geth-agent signer registration\naddress: 0x52908400098527886E0F7030069857D2E4169EE7\nchallenge: ${challenge}`,
  );
  assert.throws(() => signerRegistrationMessage(challenge, '0x1234'));
});

test('an EIP-191 signature of the message recovers the signer', async () => {
  const wallet = Wallet.createRandom();
  const message = signerRegistrationMessage(`0x${'01'.repeat(32)}`, wallet.address.toLowerCase());
  assert.equal(verifyMessage(message, await wallet.signMessage(message)), wallet.address);
});
