import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { createWatchdog } from '../../../src/watchdog/watchdog.js';
import { createStateStore, initialNodeState } from '../../../src/state/store.js';
import { stallWindowMs } from '../../../src/watchdog/stall-window.js';
import type { WatchdogSettings } from '../../../src/watchdog/types.js';
import { captureLogger } from '../../helpers/capture-log.js';

const settings: WatchdogSettings = { role: 'client', minPeers: 1, graceMs: 0, peerDecayMs: 10_000, stallMs: 0, hungMs: 60_000, maxRestarts: 2, restartWindowMs: 1_000_000 };

test('acts on decisions in order: re-dial, then restart; a new process starts a new episode', async () => {
  let t = 0;
  const store = createStateStore(initialNodeState('client', 0), () => t);
  store.update(() => ({ geth: { state: 'running', startedAt: 0, restarts: {}, crashLoop: false } }));
  const actions: string[] = [];
  const watchdog = createWatchdog({
    store,
    settings,
    logger: pino({ level: 'silent' }),
    now: () => t,
    actions: {
      redial: async () => {
        actions.push('redial');
        return ['enode://a@127.0.0.1:30301'];
      },
      restart: async (reason) => {
        actions.push(`restart:${reason}`);
        store.update((s) => ({ geth: { ...s.geth, startedAt: t } }));
      },
    },
  });
  for (t = 0; t <= 45_000; t += 1_000) {
    store.update(() => ({ rpc: { okAt: t }, peers: { value: 0, at: t } }));
    await watchdog.evaluate();
  }
  assert.deepEqual(actions, ['redial', 'restart:peer_decay', 'redial', 'restart:peer_decay']);
  // The rate limit (2 in the window) now holds further restarts back and shows in the snapshot.
  for (; t <= 80_000; t += 1_000) {
    store.update(() => ({ rpc: { okAt: t }, peers: { value: 0, at: t } }));
    await watchdog.evaluate();
  }
  assert.equal(actions.filter((a) => a.startsWith('restart')).length, 2);
  assert.equal(store.get().watchdog.restartLimited, true);
});

test('no decision while geth is not running', async () => {
  const store = createStateStore(initialNodeState('client', 0));
  let called = false;
  const watchdog = createWatchdog({ store, settings, logger: pino({ level: 'silent' }), actions: { redial: async () => ((called = true), []), restart: async () => void (called = true) } });
  assert.deepEqual(await watchdog.evaluate(), { action: 'ok' });
  assert.equal(called, false);
});

test('stall window default: 20 clique periods, at least 60 s, off for period 0', () => {
  assert.equal(stallWindowMs(undefined, 1), 60_000);
  assert.equal(stallWindowMs(undefined, 5), 100_000);
  assert.equal(stallWindowMs(undefined, 0), 0);
  assert.equal(stallWindowMs(2.5, 0), 2_500);
});

test('the network condition: one log line with the reason, /health detail in the snapshot, kept across a restart, cleared (and logged) when the head moves', async () => {
  let t = 0;
  const { logger, lines } = captureLogger('info');
  const store = createStateStore(initialNodeState('sealer', 0), () => t);
  store.update(() => ({ geth: { state: 'running', startedAt: 0, restarts: {}, crashLoop: false } }));
  const sealer: WatchdogSettings = { ...settings, role: 'sealer', stallMs: 5_000, peerDecayMs: 4_000 };
  const restarts: string[] = [];
  const watchdog = createWatchdog({
    store,
    settings: sealer,
    logger,
    now: () => t,
    actions: {
      redial: async () => [],
      restart: async (reason) => {
        restarts.push(reason);
        store.update((s) => ({ geth: { ...s.geth, startedAt: t } }));
      },
    },
  });
  const reading = (head: number, peers: number): unknown =>
    store.update(() => ({ rpc: { okAt: t }, peers: { value: peers, at: t }, head: { value: { number: head, hash: '0x1', timestamp: 0 }, at: t }, clique: { value: { signers: ['0xa', '0xb', '0xc'], isSigner: true, signedRecently: true, period: 1 }, at: t } }));
  // Cut off: no peer, the head stuck at 7 for 20 s; peer decay restarts geth on the way.
  for (t = 0; t <= 20_000; t += 1_000) {
    reading(7, 0);
    await watchdog.evaluate();
  }
  assert.ok(restarts.length >= 1 && restarts.every((r) => r === 'peer_decay'), restarts.join());
  assert.equal(store.get().watchdog.condition, 'too_few_signers');
  assert.match(store.get().watchdog.conditionDetail ?? '', /clique needs 2 of 3 signers, at most 1 reachable from here \(0 peers\)/);
  const reports = lines.filter((l) => l.includes('the network cannot seal'));
  assert.equal(reports.length, 1, 'one log line for the episode, restarts or not');
  // Reconnected: the head moves past 7.
  reading(8, 2);
  await watchdog.evaluate();
  assert.equal(store.get().watchdog.condition, undefined);
  assert.equal(store.get().watchdog.conditionDetail, undefined);
  assert.equal(lines.filter((l) => l.includes('the head moves again: the network seals')).length, 1);
});
