import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { AgentError } from '../../../src/errors.js';
import type { ChildProcess, ExitInfo } from '../../../src/geth/process.js';
import { createSupervisor, type Launched } from '../../../src/supervise/supervisor.js';
import { isCrashLooping } from '../../../src/supervise/snapshot.js';

interface FakeChild extends ChildProcess {
  exit(info: ExitInfo): void;
  stops: number[];
}

function fakeChild(pid: number, { ignoreStop = false } = {}): FakeChild {
  let running = true;
  const { promise: exited, resolve: resolveExit } = Promise.withResolvers<ExitInfo>();
  const stops: number[] = [];
  const exit = (info: ExitInfo): void => {
    running = false;
    resolveExit(info);
  };
  return {
    pid, exited, stops, exit,
    isRunning: () => running,
    stop: async (graceMs) => {
      stops.push(graceMs);
      if (!ignoreStop) exit({ exitCode: 0, signal: undefined });
      return exited;
    },
  };
}

const silent = pino({ level: 'silent' });
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await tick();
  assert.ok(check());
}

function harness(launchPlan: Array<() => Launched>) {
  const sleeps: number[] = [];
  let t = 0;
  const launches: FakeChild[] = [];
  const supervisor = createSupervisor({
    launch: async () => {
      const next = launchPlan.shift() ?? (() => ({ child: fakeChild(999), ready: Promise.resolve() }));
      const launched = next();
      launches.push(launched.child as FakeChild);
      return launched;
    },
    backoff: { initialMs: 1000, maxMs: 8000, resetAfterMs: 60_000, jitter: 0 },
    graceMs: 1234,
    logger: silent,
    now: () => t,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
  });
  return { supervisor, sleeps, launches, advance: (ms: number) => (t += ms) };
}

test('supervisor: a crash restarts with backoff and is counted as crash; abort stops with one stop()', async () => {
  const a = fakeChild(1);
  const b = fakeChild(2);
  const h = harness([() => ({ child: a, ready: Promise.resolve() }), () => ({ child: b, ready: Promise.resolve() })]);
  const controller = new AbortController();
  const done = h.supervisor.run(controller.signal);
  await until(() => h.supervisor.snapshot().state === 'running');
  assert.equal(h.supervisor.snapshot().pid, 1);
  a.exit({ exitCode: undefined, signal: 'SIGKILL' });
  await until(() => h.supervisor.snapshot().pid === 2 && h.supervisor.snapshot().ready);
  assert.deepEqual(h.supervisor.snapshot().restarts, { crash: 1 });
  assert.deepEqual(h.sleeps, [1000]);
  assert.deepEqual(h.supervisor.snapshot().lastExit, { exitCode: undefined, signal: 'SIGKILL' });
  controller.abort();
  assert.deepEqual(await done, { exitCode: 0, signal: undefined });
  assert.deepEqual(b.stops, [1234]);
  assert.equal(h.supervisor.snapshot().state, 'stopped');
});

test('supervisor: restart(reason) stops with the grace period and counts the reason; a second request while stopping is merged', async () => {
  const a = fakeChild(1);
  const h = harness([() => ({ child: a, ready: Promise.resolve() })]);
  const controller = new AbortController();
  const done = h.supervisor.run(controller.signal);
  await until(() => h.supervisor.snapshot().ready);
  h.supervisor.restart('peer-decay');
  h.supervisor.restart('stalled-head');
  await until(() => h.launches.length === 2 && h.supervisor.snapshot().ready);
  assert.deepEqual(a.stops, [1234]);
  assert.deepEqual(h.supervisor.snapshot().restarts, { 'peer-decay': 1 });
  controller.abort();
  await done;
});

test('supervisor: crash loop doubles the delay, reports crash looping, resets after a long healthy run', async () => {
  const children = [1, 2, 3, 4, 5].map((pid) => fakeChild(pid));
  const h = harness(children.map((child) => () => ({ child, ready: Promise.resolve() })));
  const controller = new AbortController();
  const done = h.supervisor.run(controller.signal);
  for (const child of children.slice(0, 3)) {
    await until(() => h.supervisor.snapshot().pid === child.pid);
    child.exit({ exitCode: 1, signal: undefined });
  }
  await until(() => h.supervisor.snapshot().pid === 4);
  assert.deepEqual(h.sleeps, [1000, 2000, 4000]);
  assert.equal(h.supervisor.snapshot().consecutiveFailures, 3);
  children[3]?.exit({ exitCode: 1, signal: undefined });
  await until(() => h.supervisor.snapshot().pid === 5);
  assert.ok(isCrashLooping({ ...h.supervisor.snapshot(), ready: false }));
  h.advance(60_000);
  children[4]?.exit({ exitCode: 1, signal: undefined });
  await until(() => h.launches.length === 6);
  assert.deepEqual(h.sleeps, [1000, 2000, 4000, 8000, 1000]);
  controller.abort();
  await done;
});

test('supervisor: not ready in time -> stopped and restarted as not-ready; a failed launch is start-failed; AgentError ends run', async () => {
  const slow = fakeChild(1);
  const h = harness([
    () => ({ child: slow, ready: Promise.reject(new Error('IPC not ready')) }),
    () => {
      throw new Error('cannot resolve boot.example');
    },
    () => {
      throw new AgentError('refused', 78);
    },
  ]);
  const controller = new AbortController();
  await assert.rejects(h.supervisor.run(controller.signal), /refused/);
  assert.deepEqual(slow.stops, [1234]);
  assert.deepEqual(h.supervisor.snapshot().restarts, { 'not-ready': 1, 'start-failed': 1 });
});

test('supervisor: abort while a child ignores its stop waits for the stop (the child owns the deadline)', async () => {
  const stubborn = fakeChild(7, { ignoreStop: true });
  const h = harness([() => ({ child: stubborn, ready: Promise.resolve() })]);
  const controller = new AbortController();
  const done = h.supervisor.run(controller.signal);
  await until(() => h.supervisor.snapshot().ready);
  controller.abort();
  await until(() => h.supervisor.snapshot().state === 'stopping');
  stubborn.exit({ exitCode: undefined, signal: 'SIGKILL' });
  assert.deepEqual(await done, { exitCode: undefined, signal: 'SIGKILL' });
  assert.deepEqual(stubborn.stops, [1234]);
});
