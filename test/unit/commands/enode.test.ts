import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../../../src/cli.js';
import { nodeIdFromKey } from '../../../src/identity/keys.js';
import { resolveAdvertiseHost } from '../../../src/identity/advertise.js';
import { agentPaths } from '../../../src/paths.js';
import { tempDir } from '../../helpers/tmp.js';

async function enode(env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['enode'], { env, stdout: (s) => void (out += s), stderr: (s) => void (err += s), signal: new AbortController().signal });
  return { code, out, err };
}

test('geth-agent enode creates the node key once and prints a stable enode', { timeout: 10_000 }, async (t) => {
  const dataDir = join(await tempDir(t), 'd');
  const env = { GETH_AGENT_ROLE: 'sealer', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:9', GETH_AGENT_DATA_DIR: dataDir, GETH_AGENT_P2P_PORT: '30311', GETH_AGENT_ADVERTISE_HOST: '127.4.2.3' };
  const first = await enode(env);
  assert.equal(first.code, 0, first.err);
  const id = nodeIdFromKey(`0x${await readFile(agentPaths(dataDir).nodeKey, 'utf8')}`);
  assert.equal(first.out, `enode://${id}@127.4.2.3:30311\n`);
  assert.equal((await enode(env)).out, first.out, 'stable across runs');
  assert.equal((await enode({ ...env, GETH_AGENT_ADVERTISE_HOST: '' })).out, `enode://${id}@127.0.0.1:30311\n`);
  const boot = await enode({ ...env, GETH_AGENT_ROLE: 'boot' });
  assert.equal(boot.out, `enode://${id}@127.4.2.3:0?discport=30311\n`, 'role boot: what bootnode advertises');
  const bad = await enode({ ...env, GETH_AGENT_NODE_KEY: 'xyz' });
  assert.equal(bad.code, 78);
  assert.ok(!bad.err.includes('xyz'));
  const genesis = await enode({ GETH_AGENT_ROLE: 'genesis', GETH_AGENT_NETWORK_ID: '7', GETH_AGENT_SEALER_COUNT: '1', GETH_AGENT_NETWORK_SECRET: 'x', GETH_AGENT_DATA_DIR: dataDir });
  assert.equal(genesis.code, 64);
});

test('the advertised host: IPs as given, names resolved once, unresolvable names exit 78', async () => {
  assert.equal(await resolveAdvertiseHost(undefined), '127.0.0.1');
  assert.equal(await resolveAdvertiseHost('127.3.0.7', () => Promise.reject(new Error('not called'))), '127.3.0.7');
  assert.equal(await resolveAdvertiseHost('sealer-0.net', async (h) => ({ address: h === 'sealer-0.net' ? '127.12.8.7' : '0.0.0.0' })), '127.12.8.7');
  await assert.rejects(
    resolveAdvertiseHost('nowhere.invalid', () => Promise.reject(Object.assign(new Error('x'), { code: 'ENOTFOUND' }))),
    (error: unknown) => (error as { exitCode?: number }).exitCode === 78 && /GETH_AGENT_ADVERTISE_HOST=nowhere.invalid does not resolve \(ENOTFOUND\)/.test(String(error)),
  );
});
