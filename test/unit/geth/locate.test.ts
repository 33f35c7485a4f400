import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkSupportedGeth, locateExecutable, parseGethVersion, resolveGeth } from '../../../src/geth/locate.js';
import { childEnv } from '../../../src/geth/child-env.js';
import { AgentError } from '../../../src/errors.js';
import { packageRoot } from '../../../src/version.js';

test('parses `geth version` output and accepts only 1.13.x', () => {
  const v = parseGethVersion('Geth\nVersion: 1.13.15-stable\nArchitecture: amd64\n');
  assert.deepEqual(v, { version: '1.13.15-stable', major: 1, minor: 13, patch: 15 });
  assert.equal(checkSupportedGeth(v, 'geth'), undefined);
  assert.match(checkSupportedGeth(parseGethVersion('Version: 1.14.0-stable'), 'geth') as string, /needs geth 1\.13\.x.*cannot run a Clique chain/);
  assert.match(checkSupportedGeth(undefined, '/bin/true') as string, /does not look like geth/);
});

test('locates geth: configured path, then the tools folder, then PATH', () => {
  assert.equal(locateExecutable('geth', { configured: '/opt/geth' }), '/opt/geth');
  const tools = join(packageRoot(), '.tools', 'bin');
  assert.equal(locateExecutable('geth', { toolsDir: tools, pathEnv: '' }), join(tools, 'geth'));
  assert.equal(locateExecutable('geth', { toolsDir: '/nonexistent', pathEnv: `/nonexistent2:${tools}` }), join(tools, 'geth'));
  assert.equal(locateExecutable('geth', { toolsDir: '/nonexistent', pathEnv: '' }), undefined);
});

test('a geth that is not 1.13 is refused with a clear error (exit 78)', async () => {
  const fake = join(packageRoot(), 'test', 'fixtures', 'fake-geth-1.14.sh');
  await assert.rejects(resolveGeth({ configured: fake }), (error: unknown) => {
    assert.ok(error instanceof AgentError);
    assert.equal(error.exitCode, 78);
    assert.match(error.message, /is geth 1\.14\.0-stable, but geth-agent needs geth 1\.13\.x/);
    return true;
  });
  await assert.rejects(resolveGeth({ toolsDir: '/nonexistent', pathEnv: '' }), /geth not found/);
});

test('child processes get the environment without any GETH_AGENT_* variable', () => {
  const env = childEnv({ PATH: '/bin', GETH_AGENT_PASSWORD: 'x', GETH_AGENT_NETWORK_SECRET_FILE: '/s', GETH_VERBOSITY: '4', HOME: '/root', UNSET: undefined });
  assert.deepEqual(env, { PATH: '/bin', GETH_VERBOSITY: '4', HOME: '/root' });
});
