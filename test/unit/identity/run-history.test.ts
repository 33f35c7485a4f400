import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { createDuplicateMonitor } from '../../../src/identity/duplicate-monitor.js';
import { createRunHistory, parseRunHistory, recordedIntervals, withRun, type RecordedRun } from '../../../src/identity/run-history.js';
import type { RpcCaller } from '../../../src/watchdog/observer.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { me, scriptedChain } from '../../helpers/scripted-chain.js';
import { tempDir } from '../../helpers/tmp.js';

const chain = (signers: Record<number, string>, head: number): RpcCaller => scriptedChain(signers, () => head);
const silent = pino({ level: 'silent' });

test('run history: parsing refuses anything but a list of runs; the last N are kept; an unrecorded end gets one heartbeat', () => {
  assert.equal(parseRunHistory('not json'), undefined);
  assert.equal(parseRunHistory('{"runs":[{"start":5,"end":4,"clean":true}]}'), undefined, 'end before start');
  assert.equal(parseRunHistory('{"runs":[{"start":"5","end":6,"clean":true}]}'), undefined);
  assert.deepEqual(parseRunHistory('{"runs":[{"start":9,"end":10,"clean":false},{"start":1,"end":2,"clean":true}]}'), [
    { start: 1, end: 2, clean: true },
    { start: 9, end: 10, clean: false },
  ]);
  let runs: RecordedRun[] = [];
  for (let i = 0; i < 10; i++) runs = withRun(runs, { start: i * 10, end: i * 10 + 5, clean: true }, 4);
  assert.deepEqual(runs.map((r) => r.start), [60, 70, 80, 90]);
  assert.deepEqual(withRun(runs, { start: 90, end: 99, clean: true }, 4).at(-1), { start: 90, end: 99, clean: true }, 'the open run is updated in place');
  assert.deepEqual(recordedIntervals([{ start: 1, end: 2, clean: true }, { start: 5, end: 6, clean: false }], 30), [{ start: 1, end: 2 }, { start: 5, end: 36 }]);
});

test('run history file: 0600, atomic, reloaded by the next agent process, bounded; an invalid file is reported and replaced', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'agent', 'runs.json');
  const first = createRunHistory({ file, logger: silent, heartbeatSeconds: 10, max: 3 });
  assert.deepEqual(await first.load(), []);
  await first.started(100);
  await first.heartbeat(105);
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { runs: [{ start: 100, end: 100, clean: false }] }, 'a heartbeat is saved only every heartbeatSeconds');
  await first.heartbeat(111);
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { runs: [{ start: 100, end: 111, clean: false }] });
  await first.stopped(120);
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  for (const start of [200, 300, 400]) {
    await first.started(start);
    await first.stopped(start + 50);
  }
  const next = createRunHistory({ file, logger: silent, heartbeatSeconds: 10, max: 3 });
  assert.deepEqual(await next.load(), [{ start: 200, end: 250 }, { start: 300, end: 350 }, { start: 400, end: 450 }]);

  await writeFile(file, '{"runs": [');
  const { logger, lines } = captureLogger();
  const broken = createRunHistory({ file, logger });
  assert.deepEqual(await broken.load(), []);
  assert.ok(lines.some((l) => l.includes('the run history is not valid')));
  await broken.started(500);
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { runs: [{ start: 500, end: 500, clean: false }] });
});

/** A monitor on a chain with head 100 (block n at 1000 + n), started at 1100, with `runs` persisted before. */
async function judge(t: { after: (fn: () => Promise<void>) => void }, runs: RecordedRun[] | undefined, signers: Record<number, string>): Promise<string[]> {
  const dir = await tempDir(t);
  const file = join(dir, 'runs.json');
  if (runs !== undefined) await writeFile(file, JSON.stringify({ runs }), { mode: 0o600 });
  const found: string[] = [];
  const monitor = createDuplicateMonitor({
    address: me,
    rpc: () => chain(signers, 100),
    logger: silent,
    onDetected: (d) => found.push(d),
    nowSeconds: () => 1100,
    lookback: 5,
    history: runs === undefined ? undefined : createRunHistory({ file, logger: silent, heartbeatSeconds: 30 }),
  });
  await monitor.started();
  monitor.stopped();
  await monitor.flush();
  return found;
}

test('a block signed with our key between two recorded runs (agent down) is reported, though older than the lookback', async (t) => {
  // Previous run 1000..1040 ended cleanly; block 60 (t=1060) was signed with our key while we were down.
  const found = await judge(t, [{ start: 1000, end: 1040, clean: true }], { 20: me, 60: me });
  assert.equal(found.length, 1);
  assert.match(found[0] as string, /block 60 .* while this node was not running/);
  assert.doesNotMatch(found[0] as string, /block 20 /, 'our own block of the recorded run is fine');
});

test('no alarm without history, for blocks inside a recorded run, or one heartbeat after an unrecorded end', async (t) => {
  assert.deepEqual(await judge(t, undefined, { 60: me }), [], 'no history: blocks before this start are not judged');
  assert.deepEqual(await judge(t, [{ start: 1000, end: 1070, clean: true }], { 60: me }), []);
  // Killed agent: last heartbeat at 1040, so its geth may have sealed until 1040 + 30.
  assert.deepEqual(await judge(t, [{ start: 1000, end: 1040, clean: false }], { 60: me }), []);
  assert.equal((await judge(t, [{ start: 1000, end: 1040, clean: false }], { 80: me })).length, 1, 'beyond the heartbeat margin it is judged');
});

test('a read-back that fails (IPC timeout) falls back to the lookback: later heads never rescan from block 1', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'runs.json');
  await writeFile(file, JSON.stringify({ runs: [{ start: 1000, end: 1040, clean: true }] }), { mode: 0o600 });
  const base = chain({}, 100);
  let failing = true;
  const read: number[] = [];
  const rpc: RpcCaller = {
    call: async <T>(method: string, params: readonly unknown[] = []): Promise<T> => {
      if (method === 'eth_getBlockByNumber') {
        if (failing) throw new Error('timeout');
        read.push(Number.parseInt(String(params[0]).slice(2), 16));
      }
      return base.call<T>(method, params);
    },
  };
  const { logger, lines } = captureLogger();
  const monitor = createDuplicateMonitor({
    address: me, rpc: () => rpc, logger, onDetected: () => undefined, nowSeconds: () => 1100, lookback: 5,
    history: createRunHistory({ file, logger: silent, heartbeatSeconds: 30 }),
  });
  await monitor.started();
  assert.ok(lines.some((l) => l.includes('cannot read back to the end of the previous run')));
  failing = false;
  await monitor.head(103);
  assert.deepEqual(read, [101]);
  monitor.stopped();
  await monitor.flush();
});
