import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { startCliqueChain } from '../../helpers/clique-chain.js';
import { createObserver } from '../../../src/watchdog/observer.js';
import { createStateStore, initialNodeState } from '../../../src/state/store.js';
import { evaluateNodeHealth } from '../../../src/health/evaluate.js';

test('observer reads a real sealing geth over IPC into a healthy snapshot', { timeout: 60_000 }, async (t) => {
  const chain = await startCliqueChain(t, { period: 1 });
  await chain.waitForBlock(2);
  const store = createStateStore(initialNodeState('sealer', Date.now()));
  const observer = createObserver({
    store,
    logger: pino({ level: 'silent' }),
    intervalMs: 200,
    cliquePeriod: 1,
    address: () => chain.signer.address,
    rpc: () => ({ call: <T>(method: string, params: readonly unknown[] = []) => chain.rpc<T>(method, [...params]) }),
  });
  t.after(() => observer.stop());
  await observer.poll();
  const s = store.get();
  assert.ok((s.head?.value.number ?? 0) >= 2);
  assert.equal(s.peers?.value, 0);
  assert.equal(s.sync?.value.syncing, false);
  assert.equal(s.clique?.value.isSigner, true);
  assert.deepEqual(s.txpool?.value, { pending: 0, queued: 0 });
  const report = evaluateNodeHealth(
    { ...s, geth: { ...s.geth, state: 'running', startedAt: Date.now() - 5_000 } },
    { minPeers: 0, maxBlocksBehind: 2, maxHeadAgeSeconds: 10, maxRpcAgeSeconds: 10 },
    Date.now(),
  );
  assert.equal(report.status, 'UP', JSON.stringify(report.checks));
});
