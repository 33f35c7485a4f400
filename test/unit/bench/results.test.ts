import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeLatest, parseLatest, type BenchEntry, type Machine, type RunRecord } from '../../../bench/results.js';

const machine: Machine = { cpu: 'cpu', cores: 2, ramGiB: 4, node: 'v20', geth: '1.13.15-stable', os: 'Linux', load1: 0.5 };
const entry = (name: string, date: string, status: BenchEntry['status'] = 'ok'): BenchEntry => ({ name, status, command: `node dist/bench/${name}.js`, date, seconds: 1, figures: [] });
const run = (command: string, benches: BenchEntry[]): RunRecord => ({ date: benches[0]?.date ?? '', command, machine, benches });

test('a subset run replaces its benches and keeps the others', () => {
  const full = mergeLatest(undefined, run('npm run bench', [entry('a', '2026-01-01T00:00:00Z'), entry('b', '2026-01-01T00:01:00Z')]));
  const merged = mergeLatest(full, run('npm run bench -- b', [entry('b', '2026-01-02T00:00:00Z', 'failed')]));
  assert.deepEqual(Object.keys(merged.benches).sort(), ['a', 'b']);
  assert.equal(merged.benches.a?.date, '2026-01-01T00:00:00Z');
  assert.equal(merged.benches.a?.run.command, 'npm run bench');
  assert.equal(merged.benches.b?.status, 'failed');
  assert.equal(merged.benches.b?.run.command, 'npm run bench -- b');
  assert.equal(full.benches.b?.status, 'ok', 'the earlier object is not mutated');
});

test('parseLatest: missing, corrupt or foreign files start afresh', () => {
  assert.equal(parseLatest(undefined), undefined);
  assert.equal(parseLatest('{not json'), undefined);
  assert.equal(parseLatest('[]'), undefined);
  assert.equal(parseLatest('{"benches": null}'), undefined);
  const latest = mergeLatest(undefined, run('c', [entry('a', 'd')]));
  assert.deepEqual(parseLatest(JSON.stringify(latest)), latest);
});
