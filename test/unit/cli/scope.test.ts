import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runAgent } from '../../helpers/cli.js';
import { agentVersion, packageRoot } from '../../../src/version.js';
import { tempDir } from '../../helpers/tmp.js';

const sealer = { GETH_AGENT_ROLE: 'sealer', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:9' };
const signer = `0x${'ab'.repeat(20)}`;

test('check shows the variables the role reads; --all shows every one; a set variable the role ignores is named', async () => {
  const shown = await runAgent(['check'], { ...sealer, GETH_AGENT_CLIQUE_PERIOD: '3' });
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /^GETH_AGENT_P2P_PORT\s+30303\s+\(default\)$/m);
  for (const hidden of ['GETH_AGENT_GAS_LIMIT', 'GETH_AGENT_SIGNER_CHALLENGE_TTL_SECONDS', 'GETH_AGENT_CLIQUE_PERIOD ', 'GETH_AGENT_ETHSTATS_COLLECTOR_MAX_NODES']) {
    assert.ok(!shown.stdout.includes(`\n${hidden}`), `${hidden} is not shown to a sealer`);
  }
  assert.match(shown.stdout, /^note: set but not read in role sealer: GETH_AGENT_CLIQUE_PERIOD$/m);
  const all = await runAgent(['check', '--all'], sealer);
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stdout, /^GETH_AGENT_GAS_LIMIT\s+30000000\s+\(default\)$/m);
  assert.ok(all.stdout.split('\n').length > shown.stdout.split('\n').length + 10);
  const json = JSON.parse((await runAgent(['check', '--json'], sealer)).stdout) as Record<string, unknown>;
  const jsonAll = JSON.parse((await runAgent(['check', '--json', '--all'], sealer)).stdout) as Record<string, unknown>;
  assert.ok('GETH_AGENT_P2P_PORT' in json && !('GETH_AGENT_GAS_LIMIT' in json) && 'GETH_AGENT_GAS_LIMIT' in jsonAll);
  const genesis = await runAgent(['check'], { GETH_AGENT_ROLE: 'genesis', GETH_AGENT_NETWORK_ID: '7', GETH_AGENT_SIGNERS: signer });
  assert.match(genesis.stdout, /^GETH_AGENT_GAS_LIMIT\s/m);
  assert.ok(!genesis.stdout.includes('GETH_AGENT_P2P_PORT'), 'the genesis server has no P2P port');
});

test('check verifies the geth the role runs: missing or another version exit 78 before anything is printed', async () => {
  const ok = await runAgent(['check'], sealer);
  assert.match(ok.stdout, /^geth 1\.13\.15-stable: \S+\/geth$/m);
  const missing = await runAgent(['check'], { ...sealer, GETH_AGENT_GETH_BIN: '/nonexistent/geth' });
  assert.equal(missing.code, 78);
  assert.equal(missing.stderr, 'geth-agent: GETH_AGENT_GETH_BIN=/nonexistent/geth: no such file');
  assert.equal(missing.stdout, '');
  const wrong = await runAgent(['check'], { GETH_AGENT_ROLE: 'client', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:9', GETH_AGENT_GETH_BIN: join(packageRoot(), 'test', 'fixtures', 'fake-geth-1.14.sh') });
  assert.equal(wrong.code, 78);
  assert.match(wrong.stderr, /is geth 1\.14\.0-stable, but geth-agent needs geth 1\.13\.x/);
  // The genesis server runs no geth: a missing one is no reason to fail its check.
  const genesis = await runAgent(['check'], { GETH_AGENT_ROLE: 'genesis', GETH_AGENT_NETWORK_ID: '7', GETH_AGENT_SIGNERS: signer, GETH_AGENT_GETH_BIN: '/nonexistent/geth' });
  assert.equal(genesis.code, 0, genesis.stderr);
});

test('genesis and enode need only the variables they use (no role, no genesis URL)', async (t) => {
  const genesis = await runAgent(['genesis'], { GETH_AGENT_NETWORK_ID: '4711', GETH_AGENT_SIGNERS: signer });
  assert.equal(genesis.code, 0, genesis.stderr);
  assert.equal((JSON.parse(genesis.stdout) as { config: { chainId: number } }).config.chainId, 4711);
  const empty = await runAgent(['genesis']);
  assert.equal(empty.code, 78);
  assert.match(empty.stderr, /2 problems[\s\S]*GETH_AGENT_NETWORK_ID is required[\s\S]*signer set/);
  assert.ok(!empty.stderr.includes('GETH_AGENT_ROLE'));
  const enode = await runAgent(['enode'], { GETH_AGENT_DATA_DIR: join(await tempDir(t), 'd'), GETH_AGENT_P2P_PORT: '30399' });
  assert.equal(enode.code, 0, enode.stderr);
  assert.match(enode.stdout, /^enode:\/\/[0-9a-f]{128}@127\.0\.0\.1:30399$/);
});

test('--version prints the agent version and the geth found, or why none is usable', async () => {
  const found = await runAgent(['--version']);
  assert.equal(found.code, 0);
  assert.match(found.stdout, new RegExp(`^geth-agent ${agentVersion().replaceAll('.', '\\.')}\\ngeth 1\\.13\\.15-stable \\(/\\S+/geth\\)$`));
  const missing = await runAgent(['-V'], { GETH_AGENT_GETH_BIN: '/nonexistent/geth' });
  assert.equal(missing.code, 0);
  assert.equal(missing.stdout, `geth-agent ${agentVersion()}\ngeth: GETH_AGENT_GETH_BIN=/nonexistent/geth: no such file`);
});
