import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figure, goalHolds, goalText, writeReport } from '../../../bench/report.js';

test('figure: median, p95, baseline median and ratio from samples', () => {
  const f = figure({ figure: 'x', unit: 'ms', samples: [5, 1, 3, 2, 4], baseline: { name: 'bare', samples: [1, 1, 2] } });
  assert.equal(f.median, 3);
  assert.equal(f.p95, 5);
  assert.deepEqual(f.baseline, { name: 'bare', median: 1 });
  assert.equal(f.ratio, 3);
  assert.equal(f.runs, 5);
  assert.deepEqual(f.samples, [5, 1, 3, 2, 4]);
  assert.equal(f.goal, undefined);
  assert.equal(f.goalMet, undefined);
});

test('figure: a baseline given as a median, no ratio against zero', () => {
  assert.equal(figure({ figure: 'x', unit: 'ms', samples: [2], baseline: { name: 'b', median: 4 } }).ratio, 0.5);
  const zero = figure({ figure: 'x', unit: 'ms', samples: [2], baseline: { name: 'b', median: 0 } });
  assert.equal(zero.ratio, undefined);
  assert.equal('ratio' in zero, false);
});

test('goals: every statistic and operator, all of several must hold', () => {
  const s = { median: 10, p95: 20, ratio: 0.6, baseline: 4 };
  assert.equal(goalHolds({ of: 'median', op: '<', value: 10 }, s), false);
  assert.equal(goalHolds({ of: 'median', op: '<=', value: 10 }, s), true);
  assert.equal(goalHolds({ of: 'p95', op: '>', value: 19 }, s), true);
  assert.equal(goalHolds({ of: 'ratio', op: '>=', value: 0.5 }, s), true);
  assert.equal(goalHolds({ of: 'delta', op: '<', value: 6 }, s), false);
  assert.equal(goalHolds({ of: 'delta', op: '=', value: 6 }, s), true);
  assert.equal(goalHolds({ of: 'ratio', op: '>', value: 0 }, { median: 1, p95: 1 }), false, 'no baseline: a ratio goal is not met');
  assert.equal(goalHolds({ of: 'median', op: '<', value: 1 }, { median: Number.NaN, p95: Number.NaN }), false, 'no samples: not met');

  const f = figure({ figure: 'm', unit: 'req/s', samples: [1200], baseline: { name: 'geth', median: 1000 }, goal: [{ of: 'median', op: '>=', value: 1000 }, { of: 'ratio', op: '>', value: 1 }] });
  assert.equal(f.goal, 'median ≥ 1000 req/s and ratio > 1×');
  assert.equal(f.goalMet, true);
  const slow = figure({ figure: 'm', unit: 'req/s', samples: [900], baseline: { name: 'geth', median: 800 }, goal: [{ of: 'median', op: '>=', value: 1000 }, { of: 'ratio', op: '>', value: 1 }] });
  assert.equal(slow.goalMet, false);
  assert.equal(goalText({ of: 'delta', op: '<', value: 300 }, 'ms'), 'median − baseline < 300 ms');
});

test('writeReport writes JSON to GA_BENCH_JSON and nothing without it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ga-report-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'r.json');
  const report = { bench: 'b', figures: [figure({ figure: 'x', unit: 's', samples: [1] })] };
  await writeReport(report, {});
  await assert.rejects(readFile(file), { code: 'ENOENT' });
  await writeReport(report, { GA_BENCH_JSON: file });
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), JSON.parse(JSON.stringify(report)));
});
