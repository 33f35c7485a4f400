import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describeGeth, verifyRoleBinary } from '../../../src/geth/verify.js';
import { AgentError } from '../../../src/errors.js';
import { packageRoot } from '../../../src/version.js';

const tools = join(packageRoot(), '.tools', 'bin');
const fake114 = join(packageRoot(), 'test', 'fixtures', 'fake-geth-1.14.sh');
const exit78 = (pattern: RegExp) => (error: unknown): boolean => {
  assert.ok(error instanceof AgentError, String(error));
  assert.equal(error.exitCode, 78);
  assert.match(error.message, pattern);
  return true;
};

test('verifyRoleBinary: the real geth 1.13 passes; missing, not runnable or another version exit 78', async () => {
  const ok = await verifyRoleBinary({ role: 'sealer', bootMode: 'bootnode', gethBin: undefined }, { toolsDir: tools, pathEnv: '' });
  assert.deepEqual(ok, { name: 'geth', bin: join(tools, 'geth'), version: '1.13.15-stable' });
  await assert.rejects(verifyRoleBinary({ role: 'client', bootMode: 'bootnode', gethBin: '/nonexistent/geth' }), exit78(/GETH_AGENT_GETH_BIN=\/nonexistent\/geth: no such file/));
  await assert.rejects(verifyRoleBinary({ role: 'client', bootMode: 'bootnode', gethBin: join(packageRoot(), 'package.json') }), exit78(/not an executable file/));
  await assert.rejects(verifyRoleBinary({ role: 'client', bootMode: 'bootnode', gethBin: '/bin/false' }), exit78(/cannot run \/bin\/false version/));
  await assert.rejects(verifyRoleBinary({ role: 'sealer', bootMode: 'bootnode', gethBin: fake114 }), exit78(/is geth 1\.14\.0-stable, but geth-agent needs geth 1\.13\.x/));
  await assert.rejects(verifyRoleBinary({ role: 'client', bootMode: 'bootnode', gethBin: undefined }, { toolsDir: '/nonexistent', pathEnv: '' }), exit78(/geth not found/));
});

test('verifyRoleBinary: role genesis runs nothing; a boot node in bootnode mode needs bootnode, in geth mode geth', async () => {
  assert.equal(await verifyRoleBinary({ role: 'genesis', bootMode: 'bootnode', gethBin: '/nonexistent' }), undefined);
  assert.deepEqual(await verifyRoleBinary({ role: 'boot', bootMode: 'bootnode', gethBin: '/nonexistent' }, { toolsDir: tools, pathEnv: '' }), { name: 'bootnode', bin: join(tools, 'bootnode') });
  await assert.rejects(verifyRoleBinary({ role: 'boot', bootMode: 'bootnode', gethBin: undefined }, { toolsDir: '/nonexistent', pathEnv: '' }), exit78(/bootnode not found/));
  await assert.rejects(verifyRoleBinary({ role: 'boot', bootMode: 'geth', gethBin: '/nonexistent' }), exit78(/no such file/));
});

test('describeGeth: the geth found with its version and path, or why there is none', async () => {
  assert.equal(await describeGeth({ toolsDir: tools, pathEnv: '' }), `geth 1.13.15-stable (${join(tools, 'geth')})`);
  assert.match(await describeGeth({ toolsDir: '/nonexistent', pathEnv: '' }), /^geth: none found \(set GETH_AGENT_GETH_BIN/);
  assert.match(await describeGeth({ configured: fake114 }), /^geth: .* is geth 1\.14\.0-stable, but geth-agent needs geth 1\.13\.x/);
  assert.equal(await describeGeth({ configured: '/nonexistent' }), 'geth: GETH_AGENT_GETH_BIN=/nonexistent: no such file');
});
