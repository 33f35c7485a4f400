import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figure, goalText, holds, withWarnings, writeReport } from '../../../bench/report.js';

test('figure: statistics, the baseline with its samples kept, ratio and unpaired delta', () => {
  const f = figure({ figure: 'x', unit: 'ms', samples: [5, 1, 3, 2, 4], baseline: { name: 'bare', samples: [1, 1, 2] } });
  assert.equal(f.median, 3);
  assert.equal(f.p95, 5);
  assert.equal(f.max, 5);
  assert.deepEqual(f.baseline, { name: 'bare', median: 1, p95: 2, samples: [1, 1, 2] });
  assert.equal(f.ratio, 3);
  assert.deepEqual(f.delta, { median: 2 });
  assert.equal(f.runs, 5);
  assert.equal(f.goal, undefined);
  assert.equal(f.goalMet, undefined);
  assert.equal('ratio' in figure({ figure: 'z', unit: 'ms', samples: [2], baseline: { name: 'b', samples: [0] } }), false, 'no ratio against zero');
});

test('paired figures judge the overhead per pair, not the difference of medians', () => {
  // One slow pair in twenty is the max, not the p95; two slow pairs are.
  const bare = Array.from({ length: 20 }, (_, i) => 1000 + i * 10);
  const agent = bare.map((b, i) => b + (i === 7 ? 400 : 100));
  const f = figure({ figure: 'warm', unit: 'ms', samples: agent, baseline: { name: 'geth', samples: bare }, paired: true, goal: { of: 'delta p95', op: '<', value: 150 } });
  assert.equal(f.delta?.median, 100);
  assert.equal(f.delta?.p95, 100);
  assert.equal(f.goalMet, true);
  const two = agent.map((a, i) => (i === 3 ? a + 400 : a));
  const worse = figure({ figure: 'warm', unit: 'ms', samples: two, baseline: { name: 'geth', samples: bare }, paired: true, goal: { of: 'delta p95', op: '<', value: 150 } });
  assert.equal(worse.delta?.p95, 400, 'two slow pairs in twenty reach the p95');
  assert.equal(worse.goalValue, 400);
  assert.equal(worse.goalMet, false);
  assert.equal(figure({ figure: 'm', unit: 'ms', samples: [1, 2], baseline: { name: 'g', samples: [1] }, goal: { of: 'delta median', op: '<', value: 1 } }).goalMet, true, 'unpaired: median minus baseline median');
});

test('a latency goal on pooled p99 ignores the per-round values; a missing statistic is never met', () => {
  const rounds = [2, 2, 2, 2, 15.2];
  const f = figure({ figure: 'p99', unit: 'ms', samples: rounds, pooled: { p99: 6 }, goal: { of: 'pooled p99', op: '<', value: 5 } });
  assert.equal(f.median, 2, 'the median of per-round p99s would have passed');
  assert.equal(f.goalValue, 6);
  assert.equal(f.goalMet, false);
  assert.equal(figure({ figure: 'p99', unit: 'ms', samples: rounds, goal: { of: 'pooled p99', op: '<', value: 5 } }).goalMet, false, 'no pooled value: not met');
  assert.equal(figure({ figure: 'r', unit: 'req/s', samples: [1], goal: { of: 'ratio', op: '>=', value: 0.5 } }).goalMet, false, 'no baseline: no ratio');
});

test('goal operators and text; NaN never holds', () => {
  assert.equal(holds({ of: 'median', op: '<', value: 10 }, 10), false);
  assert.equal(holds({ of: 'median', op: '<=', value: 10 }, 10), true);
  assert.equal(holds({ of: 'median', op: '>', value: 10 }, 10), false);
  assert.equal(holds({ of: 'median', op: '>=', value: 10 }, 10), true);
  assert.equal(holds({ of: 'median', op: '<', value: 10 }, Number.NaN), false);
  assert.equal(goalText({ of: 'delta p95', op: '<', value: 150 }, 'ms'), 'delta p95 < 150 ms');
  assert.equal(goalText({ of: 'ratio', op: '>=', value: 0.5 }, 'req/s'), 'ratio ≥ 0.5×');
});

test('"met" is false whenever the figure carries a warning, though the bound held', () => {
  const warned = figure({ figure: 'x', unit: 'ms', samples: [1], goal: { of: 'median', op: '<', value: 5 }, warnings: ['invalid: generator-bound'] });
  assert.equal(warned.goalHeld, true);
  assert.equal(warned.goalMet, false);
  const clean = figure({ figure: 'x', unit: 'ms', samples: [1], goal: { of: 'median', op: '<', value: 5 } });
  assert.equal(clean.goalMet, true);
  const [noisy, plain] = withWarnings([clean, figure({ figure: 'y', unit: 'ms', samples: [1] })], ['noisy: load 3']);
  assert.equal(noisy?.goalMet, false);
  assert.equal(noisy?.goalHeld, true);
  assert.deepEqual(noisy?.warnings, ['noisy: load 3']);
  assert.equal(plain?.goalMet, undefined, 'a figure without a goal gains no verdict');
  assert.deepEqual(withWarnings([clean], []), [clean]);
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
