import { checksummed } from '../eth/address.js';

/**
 * The exact text a sealer signs (EIP-191 personal_sign, ethers `wallet.signMessage`) to prove it
 * holds the key of the address it registers with the genesis server. Shared by the server
 * (verification) and the sealer's identity code (signing). Throws on an invalid address.
 */
export function signerRegistrationMessage(challenge: string, address: string): string {
  return `geth-agent signer registration\naddress: ${checksummed(address)}\nchallenge: ${challenge}`;
}
