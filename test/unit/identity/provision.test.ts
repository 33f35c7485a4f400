import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, readdir, stat, writeFile, mkdir, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { HDNodeWallet, Wallet, decryptKeystoreJson, verifyMessage } from 'ethers';
import { agentPaths } from '../../../src/paths.js';
import { nodeIdFromKey } from '../../../src/identity/keys.js';
import { AgentError } from '../../../src/errors.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { provisionForTest } from '../../helpers/identity.js';
import { snapshotTree } from '../../helpers/tree.js';
import { tempDir } from '../../helpers/tmp.js';

const MNEMONIC = 'test test test test test test test test test test test junk';
const mode = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

const rejectsWith = async (promise: Promise<unknown>, exitCode: number, pattern: RegExp): Promise<void> => {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AgentError, String(error));
    assert.equal(error.exitCode, exitCode, error.message);
    assert.match(error.message, pattern);
    return true;
  });
};

test('a new sealer gets a node key, a keystore account and a password, all private; a restart changes nothing', async (t) => {
  const dir = await tempDir(t);
  const paths = agentPaths(join(dir, 'd'));
  const { logger } = captureLogger();
  const first = await provisionForTest(paths.dataDir, logger);
  assert.equal(first.nodeKeyFile, paths.nodeKey);
  const nodeKey = await readFile(paths.nodeKey, 'utf8');
  assert.match(nodeKey, /^[0-9a-f]{64}$/);
  assert.equal(first.nodeId, nodeIdFromKey(`0x${nodeKey}`));
  assert.equal(await mode(paths.nodeKey), 0o600);
  assert.equal(await mode(paths.agentDir), 0o700);
  assert.equal(await mode(paths.keystoreDir), 0o700);
  assert.equal(await mode(paths.password), 0o600);
  const account = first.account;
  assert.ok(account);
  assert.equal(await mode(account.keystoreFile), 0o600);
  assert.equal(account.passwordFile, paths.password);
  assert.deepEqual(await readdir(paths.keystoreDir), [account.keystoreFile.split('/').pop()]);
  assert.match(account.keystoreFile, new RegExp(`UTC--.*--${account.address.slice(2).toLowerCase()}$`));
  const password = await readFile(paths.password, 'utf8');
  const decrypted = await decryptKeystoreJson(await readFile(account.keystoreFile, 'utf8'), password);
  assert.equal(decrypted.address, account.address);
  assert.equal(verifyMessage('hello', await account.signer.signMessage('hello')), account.address);
  const serialized = JSON.stringify(first);
  assert.ok(!serialized.includes(decrypted.privateKey.slice(2)), 'the identity never serializes the key');
  assert.ok(!serialized.includes(password));

  const before = await snapshotTree(dir);
  const second = await provisionForTest(paths.dataDir, logger);
  assert.equal(second.account?.address, account.address);
  assert.equal(second.nodeId, first.nodeId);
  assert.deepEqual(await snapshotTree(dir), before, 'a restart rewrites nothing');
  assert.equal(verifyMessage('x', await (second.account?.signer.signMessage('x') ?? '')), account.address);
});

test('the account comes from GETH_AGENT_PRIVATE_KEY or the mnemonic at m/44\'/60\'/0\'/0/<index>', async (t) => {
  const dir = await tempDir(t);
  const { logger } = captureLogger();
  const key = Wallet.createRandom().privateKey;
  const byKey = await provisionForTest(join(dir, 'a'), logger, { GETH_AGENT_PRIVATE_KEY: key, GETH_AGENT_PASSWORD: 'pw one' });
  assert.equal(byKey.account?.address, new Wallet(key).address);
  assert.equal(await readFile(agentPaths(join(dir, 'a')).password, 'utf8'), 'pw one');
  const byMnemonic = await provisionForTest(join(dir, 'b'), logger, { GETH_AGENT_MNEMONIC: MNEMONIC, GETH_AGENT_ACCOUNT_INDEX: '2' });
  assert.equal(byMnemonic.account?.address, HDNodeWallet.fromPhrase(MNEMONIC, undefined, "m/44'/60'/0'/0/2").address);
  const again = await provisionForTest(join(dir, 'b'), logger, { GETH_AGENT_MNEMONIC: MNEMONIC, GETH_AGENT_ACCOUNT_INDEX: '2' });
  assert.equal(again.account?.keystoreFile, byMnemonic.account?.keystoreFile);
  const keystore = await readFile(byMnemonic.account?.keystoreFile ?? '', 'utf8');
  assert.ok(!keystore.includes('x-ethers'), 'the mnemonic is never stored');
});

test('a node key from GETH_AGENT_NODE_KEY or adopted from geth/nodekey; a client without account gets none', async (t) => {
  const dir = await tempDir(t);
  const { logger } = captureLogger();
  const key = Wallet.createRandom().privateKey;
  const configured = await provisionForTest(join(dir, 'a'), logger, { GETH_AGENT_NODE_KEY: key }, false);
  assert.equal(configured.nodeId, nodeIdFromKey(key));
  assert.equal(configured.account, undefined);
  await mkdir(join(dir, 'b', 'geth'), { recursive: true });
  const gethKey = Wallet.createRandom().privateKey;
  await writeFile(join(dir, 'b', 'geth', 'nodekey'), gethKey.slice(2));
  const adopted = await provisionForTest(join(dir, 'b'), logger, {}, false);
  assert.equal(adopted.nodeId, nodeIdFromKey(gethKey));
  const other = Wallet.createRandom().privateKey;
  await rejectsWith(provisionForTest(join(dir, 'a'), logger, { GETH_AGENT_NODE_KEY: other }, false), 65, /holds another key than GETH_AGENT_NODE_KEY/);
});

test('refusals change nothing on disk: foreign keystore, wrong password, corrupted JSON, malformed node key', async (t) => {
  const dir = await tempDir(t);
  const dataDir = join(dir, 'd');
  const { logger } = captureLogger();
  const keyA = Wallet.createRandom().privateKey;
  await provisionForTest(dataDir, logger, { GETH_AGENT_PRIVATE_KEY: keyA, GETH_AGENT_PASSWORD: 'right' });
  const before = await snapshotTree(dir);

  await rejectsWith(provisionForTest(dataDir, logger, { GETH_AGENT_PRIVATE_KEY: Wallet.createRandom().privateKey }), 65, /holds 0x[0-9a-fA-F]{40}, not the account .* refusing to overwrite/);
  await rejectsWith(provisionForTest(dataDir, logger, { GETH_AGENT_PASSWORD: 'wrong' }), 78, /GETH_AGENT_PASSWORD does not decrypt the keystore/);
  assert.deepEqual(await snapshotTree(dir), before);

  // Each refusal below: the whole tree (paths, modes, sizes, mtimes, content hashes) as it was
  // right before the attempt.
  const paths = agentPaths(dataDir);
  await writeFile(paths.password, 'stale');
  const stale = await snapshotTree(dir);
  await rejectsWith(provisionForTest(dataDir, logger), 65, /stored password .* does not decrypt/);
  assert.deepEqual(await snapshotTree(dir), stale, 'a stale stored password is left as it is');
  await writeFile(paths.password, 'right');

  const [file] = await readdir(paths.keystoreDir);
  const keystoreFile = join(paths.keystoreDir, file ?? '');
  const original = await readFile(keystoreFile, 'utf8');
  await writeFile(keystoreFile, original.slice(0, 40));
  const corrupted = await snapshotTree(dir);
  await rejectsWith(provisionForTest(dataDir, logger), 65, /keystore file .* is corrupted \(not valid JSON\)/);
  assert.deepEqual(await snapshotTree(dir), corrupted, 'a corrupted keystore is neither replaced nor joined by a new one');
  const tampered = JSON.parse(original) as { Crypto: { mac: string } };
  tampered.Crypto.mac = '00'.repeat(32);
  await writeFile(keystoreFile, JSON.stringify(tampered));
  const tamperedTree = await snapshotTree(dir);
  await rejectsWith(provisionForTest(dataDir, logger, { GETH_AGENT_PASSWORD: 'right' }), 78, /does not decrypt/);
  assert.deepEqual(await snapshotTree(dir), tamperedTree, 'a keystore that does not decrypt is left as it is');
  await writeFile(keystoreFile, original);

  await writeFile(paths.nodeKey, 'not a key');
  const broken = await snapshotTree(dir);
  await rejectsWith(provisionForTest(dataDir, logger), 65, /node key file .* is not a valid node key/);
  assert.deepEqual(await snapshotTree(dir), broken);
});

test('two accounts in the keystore, or a keystore without its password, are refused', async (t) => {
  const dir = await tempDir(t);
  const { logger } = captureLogger();
  const dataDir = join(dir, 'd');
  const first = await provisionForTest(dataDir, logger);
  await rejectsWith(provisionForTest(join(dir, 'e'), logger, {}, true).then(async (other) => {
    await writeFile(join(agentPaths(dataDir).keystoreDir, 'UTC--copy'), await readFile(other.account?.keystoreFile ?? '', 'utf8'));
    return provisionForTest(dataDir, logger);
  }), 65, /holds 2 accounts/);
  await writeFile(join(agentPaths(dataDir).keystoreDir, 'UTC--copy'), '');
  await rejectsWith(provisionForTest(dataDir, logger), 65, /is corrupted/);
  const lone = join(dir, 'f');
  await mkdir(agentPaths(lone).keystoreDir, { recursive: true });
  await writeFile(join(agentPaths(lone).keystoreDir, 'k'), await readFile(first.account?.keystoreFile ?? '', 'utf8'));
  await rejectsWith(provisionForTest(lone, logger), 65, /exists but its password file .* does not/);
});

test('a stored node key or password that is not a small regular file is refused (65), never read', async (t) => {
  const dir = await tempDir(t);
  const { logger } = captureLogger();
  const fifo = agentPaths(join(dir, 'fifo'));
  await mkdir(fifo.agentDir, { recursive: true, mode: 0o700 });
  execFileSync('mkfifo', ['-m', '600', fifo.nodeKey]);
  await rejectsWith(provisionForTest(fifo.dataDir, logger), 65, /refusing to read .*nodekey: not a regular file \(a named pipe\)/);
  const big = agentPaths(join(dir, 'big'));
  await mkdir(big.agentDir, { recursive: true, mode: 0o700 });
  await writeFile(big.password, 'p'.repeat(4 * 1024 * 1024), { mode: 0o600 });
  await rejectsWith(provisionForTest(big.dataDir, logger), 65, /refusing to read .*password: larger than 65536 bytes/);
});

test('too-open key files and folders are reported by path and tightened', async (t) => {
  const dir = await tempDir(t);
  const dataDir = join(dir, 'd');
  const paths = agentPaths(dataDir);
  const { logger, lines } = captureLogger();
  const identity = await provisionForTest(dataDir, logger);
  await chmod(paths.nodeKey, 0o644);
  await chmod(paths.password, 0o640);
  await chmod(paths.agentDir, 0o755);
  await chmod(identity.account?.keystoreFile ?? '', 0o666);
  lines.length = 0;
  await provisionForTest(dataDir, logger);
  const warnings = lines.map((l) => JSON.parse(l) as { level: string; path?: string; mode?: string }).filter((l) => l.level === 'warn');
  assert.deepEqual(new Set(warnings.map((w) => w.path)), new Set([paths.nodeKey, paths.password, paths.agentDir, identity.account?.keystoreFile]));
  assert.equal(await mode(paths.nodeKey), 0o600);
  assert.equal(await mode(paths.agentDir), 0o700);
  assert.equal(await mode(identity.account?.keystoreFile ?? ''), 0o600);
});
