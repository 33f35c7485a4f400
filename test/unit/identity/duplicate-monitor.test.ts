import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { createDuplicateMonitor } from '../../../src/identity/duplicate-monitor.js';
import { hashOf, me, scriptedChain } from '../../helpers/scripted-chain.js';

const chain = scriptedChain;

test('a block signed with our key that our geth never sealed is reported once, with evidence', async () => {
  let head = 10;
  const found: string[] = [];
  const signers: Record<number, string> = { 12: me, 14: me };
  const monitor = createDuplicateMonitor({ address: me, rpc: () => chain(signers, () => head), logger: pino({ level: 'silent' }), onDetected: (d) => found.push(d), nowSeconds: () => 1000 });
  await monitor.started();
  monitor.sealedBlock({ number: 12, hash: hashOf(12) });
  head = 16;
  await monitor.head(16);
  assert.equal(found.length, 1);
  assert.match(found[0] as string, /14/);
  head = 20;
  await monitor.head(20);
  assert.equal(found.length, 1, 'reported once');
});

test('our own seals and blocks from before this agent started raise no alarm', async () => {
  let head = 10;
  const found: string[] = [];
  // Blocks 3 and 5 were sealed by this node under a previous agent process (before the first start).
  const signers: Record<number, string> = { 3: me, 5: me, 12: me };
  const monitor = createDuplicateMonitor({ address: me, rpc: () => chain(signers, () => head), logger: pino({ level: 'silent' }), onDetected: (d) => found.push(d), nowSeconds: () => 1010 });
  await monitor.started();
  monitor.sealedBlock({ number: 12, hash: hashOf(12) });
  head = 15;
  await monitor.head(15);
  assert.deepEqual(found, []);
});
