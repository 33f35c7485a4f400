import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { WINDOW_SLACK_MS, cliqueQuorum, decide, restartLimited } from '../../../src/watchdog/policy.js';
import { initialMemory, type Decision, type Observation, type WatchdogMemory, type WatchdogSettings } from '../../../src/watchdog/types.js';

const settings: WatchdogSettings = {
  role: 'client',
  minPeers: 1,
  graceMs: 10_000,
  peerDecayMs: 30_000,
  stallMs: 60_000,
  hungMs: 20_000,
  maxRestarts: 3,
  restartWindowMs: 600_000,
};

/** Feeds observations (time in s, peers, head) through the reducer; returns the non-ok decisions by time. */
function run(s: WatchdogSettings, steps: Array<Partial<Observation> & { t: number }>, startedAt = 0): Array<[number, Decision]> {
  let memory: WatchdogMemory = initialMemory;
  const out: Array<[number, Decision]> = [];
  for (const step of steps) {
    const now = step.t * 1000;
    const obs: Observation = { now, startedAt, rpcOkAt: now, peers: 1, head: step.t, ...step };
    const result = decide(s, memory, obs);
    memory = result.memory;
    if (result.decision.action !== 'ok') out.push([step.t, result.decision]);
    if (result.decision.action === 'restart') startedAt = now;
  }
  return out;
}

const every = (from: number, to: number, step: number, fields: Partial<Observation>): Array<Partial<Observation> & { t: number }> =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => ({ t: from + i * step, ...fields }));

test('clique quorum is floor(N/2)+1', () => {
  assert.deepEqual([1, 2, 3, 4, 5].map(cliqueQuorum), [1, 2, 2, 3, 3]);
});

test('healthy node: no decision', () => {
  assert.deepEqual(run(settings, every(0, 300, 5, {})), []);
});

test('peer decay: re-dial after one window, restart after a second, in that order', () => {
  const steps = [...every(0, 15, 5, { peers: 2 }), ...every(20, 200, 5, { peers: 0 })];
  const decisions = run({ ...settings, stallMs: 0 }, steps);
  assert.deepEqual(decisions.map(([t, d]) => [t, d.action, 'reason' in d ? d.reason : undefined]).slice(0, 2), [
    [50, 'redial', undefined],
    [80, 'restart', 'peer_decay'],
  ]);
  const [, redial] = decisions[0] as [number, Decision];
  assert.equal(redial.action === 'redial' && redial.evidence.peers, 0);
});

test('peers recovering after the re-dial cancel the restart', () => {
  const steps = [...every(0, 50, 5, { peers: 0 }), ...every(55, 200, 5, { peers: 1 })];
  const decisions = run({ ...settings, graceMs: 0, stallMs: 0 }, steps);
  assert.deepEqual(decisions.map(([t, d]) => [t, d.action]), [[30, 'redial']]);
});

test('start-up grace: no decision before it ends; decay is measured from the start', () => {
  const decisions = run({ ...settings, graceMs: 40_000, stallMs: 0 }, every(0, 45, 5, { peers: 0 }));
  assert.deepEqual(decisions.map(([t, d]) => [t, d.action]), [[40, 'redial']]);
});

test('stalled head with peers: restart stalled_head; no stall detection when disabled or without peers', () => {
  const stalled = every(0, 130, 5, { head: 7 });
  // After the restart at 60 s, the new process gets its grace (10 s) before the head is timed again.
  assert.deepEqual(run(settings, stalled).map(([t, d]) => [t, d.action, 'reason' in d ? d.reason : '']), [[60, 'restart', 'stalled_head'], [125, 'restart', 'stalled_head']]);
  assert.deepEqual(run({ ...settings, stallMs: 0 }, stalled), []);
  const lonely = run({ ...settings, minPeers: 0 }, every(0, 120, 5, { head: 7, peers: 0 }));
  assert.deepEqual(lonely, []);
});

test('a sealer with too few reachable signers reports the network condition once, never restarts', () => {
  const sealer = { ...settings, role: 'sealer' as const };
  // 4 signers need 3 online; this node + 1 peer = 2 reachable.
  const decisions = run(sealer, every(0, 300, 5, { head: 3, peers: 1, signerCount: 4, isSigner: true }));
  assert.equal(decisions.length, 1);
  const [t, d] = decisions[0] as [number, Decision];
  assert.equal(t, 60);
  assert.equal(d.action, 'report');
  assert.equal(d.action === 'report' && d.evidence.quorum, 3);
  // With enough reachable signers the stall is the node's problem: restart.
  const enough = run(sealer, every(0, 60, 5, { head: 3, peers: 2, signerCount: 4, isSigner: true }));
  assert.deepEqual(enough.map(([, x]) => x.action), ['restart']);
});

test('rpc hung: restart rpc_hung after the hung window since the last good reading', () => {
  const steps = [...every(0, 20, 5, {}), ...every(25, 60, 5, { rpcOkAt: 20_000 })];
  const decisions = run(settings, steps);
  // The replacement process is silent too: timed from its own start (40 s) plus the hung window.
  assert.deepEqual(decisions.map(([t, d]) => [t, d.action, 'reason' in d ? d.reason : '']), [[40, 'restart', 'rpc_hung'], [60, 'restart', 'rpc_hung']]);
});

test('restarts are rate-limited per window; the suppression is reported once', () => {
  const s = { ...settings, graceMs: 0, maxRestarts: 2, restartWindowMs: 1_000_000 };
  const decisions = run(s, every(0, 400, 5, { head: 1 }));
  assert.deepEqual(decisions.map(([, d]) => d.action), ['restart', 'restart', 'suppressed']);
  let memory = initialMemory;
  for (const now of [1, 2]) memory = { ...memory, restarts: [...memory.restarts, now] };
  assert.equal(restartLimited(s, memory, 3), true);
  assert.equal(restartLimited(s, memory, 2_000_000), false);
});

test('the reducer never throws and never restarts inside the grace period', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ dt: fc.integer({ min: 0, max: 60_000 }), peers: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }), head: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }), rpcOk: fc.boolean() }), { maxLength: 60 }),
      (steps) => {
        let memory = initialMemory;
        let now = 0;
        let startedAt = 0;
        let rpcOkAt: number | undefined;
        for (const step of steps) {
          now += step.dt;
          if (step.rpcOk) rpcOkAt = now;
          const { decision, memory: next } = decide(settings, memory, { now, startedAt, rpcOkAt, peers: step.peers, head: step.head });
          memory = next;
          if (decision.action === 'restart') {
            assert.ok(now - startedAt >= settings.graceMs);
            startedAt = now;
          }
        }
      },
    ),
  );
});

test('a window counts as elapsed within the timer slack of its end, not earlier', () => {
  const s = { ...settings, graceMs: 0, stallMs: 0, peerDecayMs: 3000 };
  const low = (t: number): Partial<Observation> & { t: number } => ({ t, peers: 0 });
  // Readings every 0.25 s; the one closing the window comes a few ms before its wall-clock end.
  const early = (3000 - WINDOW_SLACK_MS / 2) / 1000;
  assert.deepEqual(run(s, [low(0), low(early)]).map(([t, d]) => [t, d.action]), [[early, 'redial']]);
  const tooEarly = (3000 - WINDOW_SLACK_MS - 5) / 1000;
  assert.deepEqual(run(s, [low(0), low(tooEarly)]), []);
});
