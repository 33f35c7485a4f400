import assert from 'node:assert/strict';
import { pino } from 'pino';
import { cellOf, chromiumSkip as missing, renderDom } from '../../helpers/chromium.js';
import { toolTest } from '../../helpers/tools.js';
import { createHttpApp } from '../../../src/http/app.js';
import { createLiveness, nodeRoutes } from '../../../src/http/node-routes.js';
import { createMetrics } from '../../../src/metrics.js';
import { createStateStore } from '../../../src/state/store.js';
import type { NodeState } from '../../../src/state/node-state.js';


toolTest('the status page renders in headless Chromium with the snapshot values', { timeout: 60_000 }, missing, async (t) => {
  const now = Date.now();
  const state: NodeState = {
    role: 'sealer',
    at: now,
    geth: { state: 'running', pid: 4242, startedAt: now - 60_000, restarts: { peer_decay: 2, crash: 1 }, crashLoop: false },
    rpc: { okAt: now },
    peers: { value: 3, at: now },
    head: { value: { number: 98765, hash: `0x${'12'.repeat(32)}`, timestamp: Math.floor(now / 1000) - 7 }, at: now },
    sync: { value: { syncing: false, current: 98765, highest: 98765 }, at: now },
    clique: { value: { signers: ['0x1', '0x2'], isSigner: true, period: 5 }, at: now },
    lastSealedAt: now - 3_000,
    watchdog: { restartLimited: false },
  };
  const store = createStateStore(state);
  const enode = `enode://${'e'.repeat(128)}@127.3.0.7:30303`;
  const app = createHttpApp({ logger: pino({ level: 'silent' }), health: false });
  await app.register(
    nodeRoutes({
      store,
      metrics: createMetrics({ getState: store.get, processMetrics: false }),
      thresholds: { minPeers: 1, maxBlocksBehind: 2, maxHeadAgeSeconds: 50, maxRpcAgeSeconds: 30 },
      liveness: createLiveness({ stallMs: 1000 }).check,
      status: () => ({
        enode,
        decisions: [{ at: now - 5_000, action: 'redial', reason: 'peer_decay <b>x</b>' }],
        name: 'sealer-7',
        address: '0x00000000000000000000000000000000000000a7',
        chainId: 4242,
        networkId: 4242,
        genesisHash: `0x${'9a'.repeat(32)}`,
        genesisSha256: 'f'.repeat(64),
        versions: { agent: '0.1.0', geth: '1.13.15-stable', node: 'v24.0.0' },
      }),
    }),
  );
  t.after(() => app.close());
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const stdout = await renderDom(t, `${base}/`);
  const cell = (id: string): string | undefined => cellOf(stdout, id);
  assert.equal(cell('role'), 'sealer');
  assert.equal(cell('status'), 'UP');
  assert.equal(cell('enode'), enode);
  assert.equal(cell('peers'), '3 (min 1)');
  assert.equal(cell('head'), `#98765 0x${'12'.repeat(32)}`);
  const age = Number(/^([0-9]+) s$/.exec(cell('head-age') ?? '')?.[1]);
  assert.ok(age >= 7 && age <= 30, `head age ${age} s`);
  assert.equal(cell('restarts'), '3 (peer_decay: 2, crash: 1)');
  assert.equal(cell('geth'), 'running (pid 4242)');
  assert.equal(cell('name'), 'sealer-7');
  assert.equal(cell('address'), '0x00000000000000000000000000000000000000a7', 'the sealer address clique.propose takes');
  assert.equal(cell('chain-id'), '4242');
  assert.equal(cell('genesis-hash'), `0x${'9a'.repeat(32)}`);
  assert.equal(cell('versions'), 'geth 1.13.15-stable, geth-agent 0.1.0, node v24.0.0');
  assert.match(stdout, /<td>redial<\/td><td>peer_decay &lt;b&gt;x&lt;\/b&gt;<\/td>/, 'the decision is shown, its text escaped (not markup)');
  assert.equal(stdout.includes('<b>x</b>'), false);
});
