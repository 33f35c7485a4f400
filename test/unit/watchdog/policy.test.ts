import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { WINDOW_SLACK_MS, cliqueQuorum, decide, restartHeldBack, signedRecently } from '../../../src/watchdog/policy.js';
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
});

test('a restart is held back only while its reason stands: a node that recovered after the last allowed restart is not', () => {
  const s = { ...settings, graceMs: 0, stallMs: 0, peerDecayMs: 10_000, maxRestarts: 1, restartWindowMs: 1_000_000 };
  let memory: WatchdogMemory = initialMemory;
  let startedAt = 0;
  const step = (t: number, peers: number): Decision => {
    const result = decide(s, memory, { now: t * 1000, startedAt, rpcOkAt: t * 1000, peers, head: 1 });
    memory = result.memory;
    if (result.decision.action === 'restart') startedAt = t * 1000;
    return result.decision;
  };
  // Peers lost: re-dial, the one allowed restart; peers back: nothing is held back (the window is used up).
  const actions = [0, 10, 20].map((t) => step(t, 0).action);
  assert.deepEqual(actions, ['ok', 'redial', 'restart']);
  step(25, 3);
  assert.equal(restartHeldBack(memory), false);
  // Lost again: the next restart is refused and held back while the peers stay away.
  assert.deepEqual([30, 40, 50, 55].map((t) => step(t, 0).action), ['ok', 'redial', 'suppressed', 'ok']);
  assert.equal(restartHeldBack(memory), true);
  step(60, 2);
  assert.equal(restartHeldBack(memory), false);
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

test('signed recently: clique refuses a signer that sealed one of the last floor(N/2) blocks', () => {
  const a = `0x${'aa'.repeat(20)}`;
  const b = `0x${'bb'.repeat(20)}`;
  const c = `0x${'cc'.repeat(20)}`;
  const three = (recents: Array<[number, string]>) => ({ number: 10, signers: [a, b, c], recents: new Map(recents) });
  // 3 signers: only the head's signer waits (the block before it shifts out with the next one).
  assert.equal(signedRecently(three([[9, a], [10, b]]), b), true);
  assert.equal(signedRecently(three([[9, a], [10, b]]), a.toUpperCase().replace('0X', '0x')), false);
  assert.equal(signedRecently(three([[9, a], [10, b]]), c), false);
  // 5 signers: the last two blocks' signers wait.
  const five = { number: 10, signers: [a, b, c, '0x1', '0x2'], recents: new Map([[8, c], [9, a], [10, b]]) };
  assert.deepEqual([a, b, c].map((x) => signedRecently(five, x)), [true, true, false]);
});

test('a stalled node that waits for other signers and has no peer with a newer block reports the network condition; a sealer that may seal restarts', () => {
  const sealer = { ...settings, role: 'sealer' as const };
  const waiting = { head: 3, peers: 4, signerCount: 3, isSigner: true, signedRecently: true, behind: false };
  // Reachable by count (1 + 4 peers >= 2) but the 4 peers are no signers that seal: the condition, reported once.
  const reported = run(sealer, every(0, 300, 5, waiting));
  assert.deepEqual(reported.map(([t, d]) => [t, d.action]), [[60, 'report']]);
  const [, report] = reported[0] as [number, Decision];
  assert.equal(report.action === 'report' && report.evidence.waitsForOthers, true);
  // A client: the next block always comes from others.
  assert.deepEqual(run(settings, every(0, 120, 5, { head: 3, peers: 2, signerCount: 3, behind: false })).map(([, d]) => d.action), ['report']);
  // Syncing towards a newer block a peer has: this node's problem, restart.
  assert.deepEqual(run(sealer, every(0, 60, 5, { ...waiting, behind: true })).map(([, d]) => d.action), ['restart']);
  // A sealer allowed to seal the next block that does not: restart.
  assert.deepEqual(run(sealer, every(0, 60, 5, { ...waiting, signedRecently: false })).map(([, d]) => d.action), ['restart']);
  // Without clique readings nothing is known: the stall is restarted as before.
  assert.deepEqual(run(settings, every(0, 60, 5, { head: 3, peers: 2 })).map(([, d]) => d.action), ['restart']);
});

test('a cut-off sealer (no peers) reports the network condition too; it stands across restarts until the head moves', () => {
  const sealer = { ...settings, role: 'sealer' as const, peerDecayMs: 20_000 };
  // Alone: at most 1 of 3 signers reachable, reported once when the chain has not moved for the
  // stall window (restarts do not reset that). Peer decay still re-dials and restarts, at its rate.
  const alone = run(sealer, every(0, 200, 5, { head: 3, peers: 0, signerCount: 3, isSigner: true, signedRecently: true }));
  assert.deepEqual(alone.map(([t, d]) => [t, d.action, 'reason' in d ? d.reason : '']), [
    [20, 'redial', ''], [40, 'restart', 'peer_decay'], [60, 'report', ''], [65, 'redial', ''], [85, 'restart', 'peer_decay'],
    [110, 'redial', ''], [130, 'restart', 'peer_decay'], [155, 'redial', ''], [175, 'suppressed', 'peer_decay'],
  ]);
  // The condition is remembered with its head and ends when the head moves past it.
  let memory: WatchdogMemory = initialMemory;
  const obs = (t: number, head: number): Observation => ({ now: t * 1000, startedAt: 0, rpcOkAt: t * 1000, peers: 2, head, signerCount: 3 });
  for (let t = 0; t <= 70; t += 5) memory = decide(settings, memory, obs(t, 3)).memory;
  assert.deepEqual(memory.condition, { kind: 'too_few_signers', head: 3 });
  memory = decide(settings, memory, obs(75, 3)).memory;
  assert.deepEqual(memory.condition, { kind: 'too_few_signers', head: 3 });
  memory = decide(settings, memory, obs(80, 4)).memory;
  assert.equal(memory.condition, undefined);
});
