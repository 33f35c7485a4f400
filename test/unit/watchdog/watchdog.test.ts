import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { createWatchdog } from '../../../src/watchdog/watchdog.js';
import { createStateStore, initialNodeState } from '../../../src/state/store.js';
import { stallWindowMs } from '../../../src/watchdog/stall-window.js';
import type { WatchdogSettings } from '../../../src/watchdog/types.js';

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
