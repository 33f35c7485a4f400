import { createRequire } from 'node:module';
import { flag, integer } from '../kinds.js';
import { accept, defineVar, reject, type Kind } from '../spec.js';
import { normalizePrivateKey } from '../../eth/private-key.js';

const group = 'Keys and identity';

/** A secp256k1 private key (64 hex, `0x` optional), normalized to `0x` + lower case. Never echoed. */
const privateKey = (): Kind<string> => ({
  kind: 'private key (64 hex)',
  parse: (raw) => {
    const key = normalizePrivateKey(raw);
    return key === undefined ? reject('a secp256k1 private key: 64 hex characters (0x optional), not zero, below the curve order') : accept(key);
  },
});

/** A BIP-39 English mnemonic with a valid checksum, whitespace normalized. Never echoed. */
const mnemonic = (): Kind<string> => ({
  kind: 'BIP-39 mnemonic',
  parse: (raw) => {
    const phrase = raw.trim().split(/\s+/).join(' ');
    let valid: boolean;
    try {
      // Loaded only when a mnemonic is configured: the wallet module costs ~120 ms at start-up.
      const { Mnemonic } = createRequire(import.meta.url)('ethers/wallet') as typeof import('ethers/wallet');
      valid = Mnemonic.isValidMnemonic(phrase);
    } catch {
      valid = false;
    }
    return valid ? accept(phrase) : reject('a BIP-39 English mnemonic (12-24 known words with a valid checksum)');
  },
});

/** geth reads only the first line of its password file: a password is one line. */
const oneLine = (): Kind<string> => ({
  kind: 'string (one line)',
  parse: (raw) => (/[\r\n]/.test(raw) ? reject('a single line (geth reads only the first line of its password file)') : accept(raw)),
});

export const identityVars = {
  nodeKey: defineVar(privateKey(), {
    group,
    secret: true,
    doc: 'P2P node key (64 hex). Unset: generated once into `<datadir>/agent/nodekey` and kept, so the enode stays stable.',
  }),
  privateKey: defineVar(privateKey(), {
    group,
    secret: true,
    doc: 'Account (signer) private key (64 hex). Usually given as `GETH_AGENT_PRIVATE_KEY_FILE`. Unset: derived from the mnemonic, or generated once and kept in the keystore. Mutually exclusive with `GETH_AGENT_MNEMONIC`.',
  }),
  mnemonic: defineVar(mnemonic(), {
    group,
    secret: true,
    doc: "BIP-39 mnemonic; the account is derived at `m/44'/60'/0'/0/<GETH_AGENT_ACCOUNT_INDEX>`. The mnemonic itself is never written to disk.",
  }),
  accountIndex: defineVar(integer(0, 2_147_483_647), {
    group,
    default: 0,
    doc: 'Address index of the BIP-44 path used with `GETH_AGENT_MNEMONIC` (one index per sealer).',
  }),
  password: defineVar(oneLine(), {
    group,
    secret: true,
    doc: 'Keystore password. Unset: generated once into `<datadir>/agent/password` (0600) and kept.',
  }),
  createAccount: defineVar(flag(), {
    group,
    default: false,
    doc: 'Role client: provision an account (keystore) too. Sealers always have one.',
  }),
};
