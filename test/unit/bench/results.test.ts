import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figure } from '../../../bench/report.js';
import { earlierMisses, isNoisy, mergeLatest, parseLatest, parseRun, type BenchEntry, type Machine, type RunRecord } from '../../../bench/results.js';

const machine: Machine = { cpu: 'cpu', cores: 2, ramGiB: 4, node: 'v20', geth: '1.13.15-stable', os: 'Linux', load1: 0.5 };
const entry = (name: string, date: string, status: BenchEntry['status'] = 'ok', figures: BenchEntry['figures'] = []): BenchEntry => ({ name, status, command: `node dist/bench/${name}.js`, date, seconds: 1, figures });
const run = (command: string, benches: BenchEntry[]): RunRecord => ({ date: benches[0]?.date ?? '', command, machine, benches });

test('a subset run replaces its benches in latest and keeps the others', () => {
  const full = mergeLatest(undefined, run('npm run bench', [entry('a', '2026-01-01T00:00:00Z'), entry('b', '2026-01-01T00:01:00Z')]));
  const merged = mergeLatest(full, run('npm run bench -- b', [entry('b', '2026-01-02T00:00:00Z', 'failed')]));
  assert.deepEqual(Object.keys(merged.benches).sort(), ['a', 'b']);
  assert.equal(merged.benches.a?.date, '2026-01-01T00:00:00Z');
  assert.equal(merged.benches.b?.status, 'failed');
  assert.equal(full.benches.b?.status, 'ok', 'the earlier object is not mutated');
});

test('parsers: missing, corrupt or foreign files are skipped', () => {
  for (const text of [undefined, '{not json', '[]', '{"benches": null}']) assert.equal(parseLatest(text), undefined);
  for (const text of [undefined, '{', '{"date": 1}', '{"date":"d","benches":[]}']) assert.equal(parseRun(text), undefined, String(text));
  const r = run('c', [entry('a', 'd')]);
  assert.deepEqual(parseRun(JSON.stringify(r)), r);
});

test('a run started above the load threshold is noisy', () => {
  assert.equal(isNoisy(0.4, 0.5), false);
  assert.equal(isNoisy(0.5, 0.5), false);
  assert.equal(isNoisy(1.3, 0.5), true);
});

test('earlier misses of the same bench survive a good rerun, newest first; a held goal with warnings is not a miss', () => {
  const slow = figure({ figure: 'detection', unit: 's', samples: [3.3, 3.48], goal: { of: 'p95', op: '<=', value: 3.25 } });
  const fast = figure({ figure: 'detection', unit: 's', samples: [3.1], goal: { of: 'p95', op: '<=', value: 3.25 } });
  const warned = figure({ figure: 'detection', unit: 's', samples: [3.1], goal: { of: 'p95', op: '<=', value: 3.25 }, warnings: ['noisy'] });
  const history = [
    run('r1', [entry('recovery', '2026-01-01T00:00:00Z', 'ok', [slow])]),
    run('r2', [entry('recovery', '2026-01-02T00:00:00Z', 'failed'), entry('other', '2026-01-02T00:01:00Z', 'ok', [slow])]),
    run('r3', [entry('recovery', '2026-01-03T00:00:00Z', 'ok', [warned])]),
    run('r4', [entry('recovery', '2026-01-04T00:00:00Z', 'ok', [fast])]),
  ];
  const misses = earlierMisses(history, 'recovery', '2026-01-04T00:00:00Z');
  assert.deepEqual(misses.map((m) => [m.date.slice(0, 10), m.what]), [
    ['2026-01-02', 'failed (exit code unknown)'],
    ['2026-01-01', 'detection, p95 ≤ 3.25 s: 3.48 s'],
  ]);
  assert.deepEqual(earlierMisses(history, 'recovery', '2026-01-01T00:00:00Z'), [], 'only runs before the latest');
});

test('a miss in a comparison run (--node twice) names the node it ran on', () => {
  const slow = figure({ figure: 'detection', unit: 's', samples: [3.48], goal: { of: 'p95', op: '<=', value: 3.25 } });
  const history = [run('npm run bench -- --node a --node b recovery', [{ ...entry('recovery', '2026-01-01T00:00:00Z', 'ok', [slow]), node: 'v22.23.5' }, { ...entry('recovery', '2026-01-01T00:10:00Z'), node: 'v24.22.3' }])];
  assert.deepEqual(earlierMisses(history, 'recovery', '2026-01-02T00:00:00Z').map((m) => [m.node, m.what]), [['v22.23.5', 'detection, p95 ≤ 3.25 s: 3.48 s']]);
});
