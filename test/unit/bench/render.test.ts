import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figure } from '../../../bench/report.js';
import { formatNumber, renderMarkdown } from '../../../bench/render.js';
import { mergeLatest, type Machine, type RunRecord } from '../../../bench/results.js';

const machine: Machine = { cpu: 'Test CPU @ 2GHz', cores: 2, ramGiB: 7.8, node: 'v20.20.2', geth: '1.13.15-stable', os: 'Linux 6.1 x64', load1: 1.25 };

test('numbers: grouped from 100 up, decimals below', () => {
  assert.equal(formatNumber(12345.6), '12,346');
  assert.equal(formatNumber(123.4), '123');
  assert.equal(formatNumber(12.34), '12.3');
  assert.equal(formatNumber(1.234), '1.23');
  assert.equal(formatNumber(Number.NaN), '–');
});

test('markdown: machine, a table per bench in run order, failed and skipped benches listed', () => {
  const latest = mergeLatest(undefined, {
    date: '2026-11-22T08:00:00.000Z',
    command: 'npm run bench',
    machine,
    benches: [
      { name: 'zeta', status: 'ok', command: 'node dist/bench/zeta.js', date: '2026-11-22T08:03:00.000Z', seconds: 3, figures: [figure({ figure: 'other', unit: 's', samples: [1] })] },
      {
        name: 'startup', status: 'ok', command: 'node dist/bench/startup.js 7', date: '2026-11-22T08:00:00.000Z', seconds: 12.5,
        figures: [figure({ figure: 'start | ready', unit: 'ms', samples: [900, 1000, 1100], baseline: { name: 'bare geth', samples: [800, 800, 900] }, paired: true, goal: { of: 'delta median', op: '<', value: 300 } })],
        notes: ['7 runs each'],
      },
      { name: 'recovery', status: 'failed', exitCode: 1, command: 'node dist/bench/recovery.js 7', date: '2026-11-22T08:01:00.000Z', seconds: 61, figures: [] },
      { name: 'idle-footprint', status: 'skipped', reason: 'dist/bench/idle-footprint.js not found', command: 'node dist/bench/idle-footprint.js', date: '2026-11-22T08:02:00.000Z', seconds: 0, figures: [] },
    ],
  });
  const md = renderMarkdown(latest, ['startup', 'idle-footprint', 'recovery']);
  assert.match(md, /^# Benchmarks\n/);
  assert.match(md, /Last updated 2026-11-22 08:03 UTC by `npm run bench`/);
  assert.match(md, /\| CPU \| Test CPU @ 2GHz \(2 cores\) \|/);
  assert.match(md, /\| RAM \| 7\.80 GiB \|/);
  assert.match(md, /\| Node \| v20\.20\.2 \|/);
  assert.match(md, /\| geth \| 1\.13\.15-stable \|/);
  const order = ['## startup', '## idle-footprint', '## recovery', '## zeta'].map((h) => md.indexOf(h));
  assert.ok(order.every((at, i) => at >= 0 && (i === 0 || at > (order[i - 1] as number))), `sections in run order: ${order.join(',')}`);
  assert.match(md, /`node dist\/bench\/startup\.js 7` · 2026-11-22 08:00 UTC · 13 s · load 1\.25 at start\n/);
  assert.ok(md.includes('| start \\| ready | 1,000 ms | 1,100 ms | bare geth: 800 ms | 1.25× · +200 ms per pair (p95 +200 ms) | delta median < 300 ms | 200 ms | yes | 3 |'), md);
  assert.match(md, /- 7 runs each/);
  assert.match(md, /## recovery\n\n.*\n\n\*\*Failed\*\* \(exit code 1\)\./);
  assert.match(md, /## idle-footprint\n\n.*\n\nSkipped: dist\/bench\/idle-footprint\.js not found\./);
  assert.ok(md.endsWith('\n') && !md.endsWith('\n\n'));
});

test('markdown: a goal not met is bold; a section from an earlier run names its machine', () => {
  const first = mergeLatest(undefined, { date: '2026-01-01T00:00:00Z', command: 'npm run bench', machine: { ...machine, load1: 4 }, benches: [
    { name: 'a', status: 'ok', command: 'node dist/bench/a.js', date: '2026-01-01T00:00:00Z', seconds: 1, figures: [figure({ figure: 'f', unit: 'ms', samples: [20], goal: { of: 'median', op: '<', value: 10 } })] },
  ] });
  const latest = mergeLatest(first, { date: '2026-01-02T00:00:00Z', command: 'npm run bench -- b', machine, benches: [
    { name: 'b', status: 'ok', command: 'node dist/bench/b.js', date: '2026-01-02T00:00:00Z', seconds: 1, figures: [] },
  ] });
  const md = renderMarkdown(latest, ['a', 'b']);
  assert.match(md, /\| median < 10 ms \| 20\.0 ms \| \*\*no\*\* \| 1 \|/);
  assert.match(md, /## a\n\n.*· load 4\.00 at start\n[\s\S]*From an earlier run, `npm run bench`: Test CPU/);
  assert.doesNotMatch(md, /## b\n[\s\S]*From an earlier run/);
  assert.match(md, /Last updated 2026-01-02 00:00 UTC by `npm run bench -- b`/);
  assert.equal(renderMarkdown({ benches: {} }, []), '# Benchmarks\n\nNo results yet: run `npm run bench`.\n');
});

test('markdown: warnings and noisy runs are shown, a held goal with a warning is not counted, earlier misses are listed', () => {
  const held = figure({ figure: 'p', unit: 'ms', samples: [1], goal: { of: 'median', op: '<', value: 5 }, warnings: ['noisy: the 1-minute load was 3 when the bench started (threshold 0.5)'] });
  const latestRun: RunRecord = { date: '2026-01-03T00:00:00Z', command: 'npm run bench', machine, benches: [{ name: 'a', status: 'ok', command: 'c', date: '2026-01-03T00:00:00Z', seconds: 1, load1: 3, figures: [held] }] };
  const missed: RunRecord = { date: '2026-01-01T00:00:00Z', command: 'npm run bench', machine, benches: [{ name: 'a', status: 'ok', command: 'c', date: '2026-01-01T00:00:00Z', seconds: 1, figures: [figure({ figure: 'p', unit: 'ms', samples: [9], goal: { of: 'median', op: '<', value: 5 } })] }] };
  const md = renderMarkdown(mergeLatest(undefined, latestRun), ['a'], [missed, latestRun], 0.5);
  assert.match(md, /· load 3\.00 at start · \*\*noisy\*\*/);
  assert.match(md, /\| median < 5 ms \| 1\.00 ms \| \*\*not counted\*\* \(warning\) \| 1 \|/);
  assert.match(md, /- \*\*Warning\*\* \(every figure\): noisy: the 1-minute load was 3/);
  assert.match(md, /Earlier runs of this bench missed a goal \(1; newest first\):\n\n- 2026-01-01 00:00 UTC \(load 1\.25\): p, median < 5 ms: 9 ms/);
  assert.match(md, /above a load of 0\.5/);
});

test('markdown: an earlier miss on another node (a comparison run) names that node', () => {
  const latestRun: RunRecord = { date: '2026-01-03T00:00:00Z', command: 'npm run bench', machine, benches: [{ name: 'a', status: 'ok', command: 'c', date: '2026-01-03T00:00:00Z', seconds: 1, figures: [] }] };
  const missed: RunRecord = { date: '2026-01-01T00:00:00Z', command: 'npm run bench -- --node x --node y', machine, benches: [{ name: 'a', status: 'failed', exitCode: 1, command: 'c', date: '2026-01-01T00:00:00Z', seconds: 1, node: 'v22.23.5', figures: [] }] };
  assert.match(renderMarkdown(mergeLatest(undefined, latestRun), ['a'], [missed, latestRun], 0.5), /- 2026-01-01 00:00 UTC \(load 1\.25, Node v22\.23\.5\): failed \(exit code 1\)/);
});
