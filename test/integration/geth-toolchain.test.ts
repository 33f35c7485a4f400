import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { startCliqueChain } from '../helpers/clique-chain.js';
import { toolPath } from '../helpers/geth-bin.js';
import { checkSupportedGeth, parseGethVersion, resolveGeth } from '../../src/geth/locate.js';

test('the installed geth is 1.13.15 and the agent accepts it', async () => {
  const { stdout } = await execa(toolPath('geth'), ['version']);
  const version = parseGethVersion(stdout);
  assert.equal(version?.version, '1.13.15-stable');
  assert.equal(checkSupportedGeth(version, 'geth'), undefined);
  const resolved = await resolveGeth({ configured: toolPath('geth') });
  assert.equal(resolved.version.minor, 13);
});

test('bootnode 1.13.15 is installed', async () => {
  const result = await execa(toolPath('bootnode'), ['-h'], { reject: false });
  assert.match(result.stderr, /-nodekey/);
});

test('real geth seals clique blocks on loopback and stops cleanly', { timeout: 90_000 }, async (t) => {
  const chain = await startCliqueChain(t, { period: 1 });
  assert.match(chain.enode, /^enode:\/\/[0-9a-f]{128}@127\.0\.0\.1:\d+/);
  const head = await chain.waitForBlock(2, 30_000);
  assert.ok(head >= 2);
  const block = await chain.rpc<{ hash: string }>('eth_getBlockByNumber', ['0x1', false]);
  const sealer = await chain.rpc<string>('clique_getSigner', [block.hash]);
  assert.equal(sealer.toLowerCase(), chain.signer.address.toLowerCase());

  await chain.stop();
  const exit = await chain.geth.exited;
  assert.equal(exit.exitCode, 0, 'geth exits 0 after one SIGINT');
  assert.ok(chain.geth.lines.some((line) => line.includes('Got interrupt, shutting down')));
  assert.ok(!chain.geth.isRunning());
});
