import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Wallet, HDNodeWallet } from 'ethers';
import { loadConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';

const base = { GETH_AGENT_ROLE: 'sealer', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:9/' };
const MNEMONIC = 'test test test test test test test test test test test junk';

const problemsOf = (env: Record<string, string>, readFile?: (p: string) => string): { problems: readonly string[]; exitCode: number } => {
  try {
    loadConfig({ ...base, ...env }, readFile ? { readFile } : {});
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return { problems: error.problems, exitCode: error.exitCode };
  }
  assert.fail('expected a ConfigError');
};

test('identity defaults', () => {
  const { config } = loadConfig(base);
  assert.equal(config.accountIndex, 0);
  assert.equal(config.createAccount, false);
  assert.equal(config.privateKey, undefined);
});

test('a private key is normalized (0x optional) and a node key likewise', () => {
  const key = Wallet.createRandom().privateKey;
  const { config } = loadConfig({ ...base, GETH_AGENT_PRIVATE_KEY: key.slice(2).toUpperCase(), GETH_AGENT_NODE_KEY: key });
  assert.equal(config.privateKey, key);
  assert.equal(config.nodeKey, key);
});

test('a malformed private key is a config error (78) that never echoes the value', () => {
  const bad = `0x${'ab'.repeat(31)}zz`;
  const { problems, exitCode } = problemsOf({ GETH_AGENT_PRIVATE_KEY: bad });
  assert.equal(exitCode, 78);
  assert.match(problems.join('\n'), /GETH_AGENT_PRIVATE_KEY=<secret, 66 characters>: expected a secp256k1 private key/);
  assert.ok(!problems.join('\n').includes('abab'));
});

test('a mnemonic with a bad checksum is a config error (78) that never echoes the words', () => {
  const bad = 'test test test test test test test test test test test test';
  const { problems, exitCode } = problemsOf({ GETH_AGENT_MNEMONIC: bad });
  assert.equal(exitCode, 78);
  assert.match(problems.join('\n'), /GETH_AGENT_MNEMONIC=<secret, \d+ characters>: expected a BIP-39/);
  assert.ok(!problems.join('\n').includes('test test'));
  const { config } = loadConfig({ ...base, GETH_AGENT_MNEMONIC: `  ${MNEMONIC.replaceAll(' ', '   ')} `, GETH_AGENT_ACCOUNT_INDEX: '3' });
  assert.equal(config.mnemonic, MNEMONIC);
  assert.equal(config.accountIndex, 3);
  assert.equal(HDNodeWallet.fromPhrase(MNEMONIC, undefined, "m/44'/60'/0'/0/0").address, '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
});

test('private key and mnemonic are mutually exclusive', () => {
  const { problems } = problemsOf({ GETH_AGENT_PRIVATE_KEY: Wallet.createRandom().privateKey, GETH_AGENT_MNEMONIC: MNEMONIC });
  assert.match(problems.join('\n'), /GETH_AGENT_PRIVATE_KEY and GETH_AGENT_MNEMONIC are mutually exclusive/);
});

test('an unreadable _FILE is a config error naming the path, not the content', () => {
  const { problems, exitCode } = problemsOf({ GETH_AGENT_PRIVATE_KEY_FILE: '/nonexistent/key' }, () => {
    throw Object.assign(new Error('nope'), { code: 'EACCES' });
  });
  assert.equal(exitCode, 78);
  assert.match(problems.join('\n'), /GETH_AGENT_PRIVATE_KEY_FILE="\/nonexistent\/key": cannot read the file \(EACCES\)/);
  const real = problemsOf({ GETH_AGENT_MNEMONIC_FILE: '/nonexistent/mnemonic' });
  assert.match(real.problems.join('\n'), /GETH_AGENT_MNEMONIC_FILE="\/nonexistent\/mnemonic": cannot read the file \(ENOENT\)/);
});

test('a multi-line password is refused (geth reads one line)', () => {
  const { problems } = problemsOf({ GETH_AGENT_PASSWORD_FILE: '/p' }, () => 'one\ntwo\n');
  assert.match(problems.join('\n'), /GETH_AGENT_PASSWORD_FILE=<secret, 7 characters>: expected a single line/);
});
