import { test } from 'node:test';
import assert from 'node:assert/strict';
import { change, parseComparison, renderComparison, type NodeComparison } from '../../../bench/compare.js';
import { figure, withWarnings } from '../../../bench/report.js';
import type { Machine } from '../../../bench/results.js';

const machine: Machine = { cpu: 'Test CPU', cores: 2, ramGiB: 7.8, node: 'v22.23.5 / v24.22.3', geth: '1.13.15-stable', os: 'Linux 6.1 x64', load1: 0.1 };
const entry = (name: string, node: string, figures: ReturnType<typeof figure>[]) => ({
  name, node, status: 'ok' as const, command: `node dist/bench/${name}.js`, date: '2026-12-07T18:00:00.000Z', seconds: 10, load1: 0.1, figures,
});
// A paired start-up figure judged on the p95 of the per-pair overhead, and a peak judged on its max.
const warm = (agent: number[], geth: number[]) => figure({ figure: 'sealer warm | ready', unit: 'ms', samples: agent, baseline: { name: 'bare geth', samples: geth }, paired: true, goal: { of: 'delta p95', op: '<', value: 150 } });
const peak = (samples: number[]) => figure({ figure: 'sealer agent: peak RSS', unit: 'MiB', samples, goal: { of: 'max', op: '<', value: 100 } });
const rss = (samples: number[]) => figure({ figure: 'sealer agent: RSS, idle', unit: 'MiB', samples, goal: { of: 'median', op: '<', value: 80 } });
const comparison: NodeComparison = {
  date: '2026-12-07T18:00:00.000Z',
  command: 'npm run bench -- --node .tools/node-22/bin/node --node .tools/node-24/bin/node startup idle-footprint',
  revision: '770b900-dirty',
  machine,
  loadThreshold: 0.5,
  runner: 'v24.22.3',
  nodes: [{ path: '.tools/node-22/bin/node', version: 'v22.23.5' }, { path: '.tools/node-24/bin/node', version: 'v24.22.3' }],
  benches: [
    entry('startup', 'v22.23.5', [warm([400, 410, 420], [300, 300, 300])]),
    entry('startup', 'v24.22.3', [warm([360, 370, 500], [300, 300, 300])]),
    entry('idle-footprint', 'v22.23.5', [peak([90, 95]), rss([60, 62])]),
    { ...entry('idle-footprint', 'v24.22.3', []), status: 'failed', exitCode: 1 },
  ],
};

test('node comparison: medians per node, the goal statistic with its verdict, the baseline once, change against the first', () => {
  const md = renderComparison(comparison);
  assert.match(md, /^## Node 22 vs Node 24\n/);
  assert.match(md, /\| bench \| figure \| statistic \| Node v22\.23\.5 \| Node v24\.22\.3 \| change 24 \|/);
  const rows = md.split('\n').filter((l) => l.startsWith('| startup') || l.startsWith('| idle-footprint'));
  assert.deepEqual(rows, [
    '| startup | sealer warm \\| ready | median | 410 ms | 370 ms | −10% |',
    '| startup | sealer warm \\| ready | delta p95 (goal delta p95 < 150 ms) | 120 ms, met | 200 ms, **missed** | +67% |',
    '| startup | baseline: bare geth | median | 300 ms | 300 ms | ±0% |',
    '| idle-footprint | sealer agent: peak RSS | median | 92.5 MiB | failed |  |',
    '| idle-footprint | sealer agent: peak RSS | max (goal max < 100 MiB) | 95.0 MiB, met | failed |  |',
    '| idle-footprint | sealer agent: RSS, idle | median (goal median < 80 MiB) | 61.0 MiB, met | failed |  |',
  ]);
  assert.match(md, /same build and dependencies \(revision `770b900-dirty`\): v22\.23\.5 is `\.tools\/node-22\/bin\/node`, v24\.22\.3 is `\.tools\/node-24\/bin\/node`\./);
  assert.match(md, /the benches and the load generator ran on v24\.22\.3 for every column/);
  assert.doesNotMatch(md, /Preliminary|Warnings/, 'a quiet machine, no warnings');
});

test('node comparison: a warned measurement is marked and listed; a noisy bench makes the section preliminary', () => {
  const noisy = withWarnings([warm([360, 370, 380], [300, 300, 300])], ['noisy: the 1-minute load was 3 when the bench started (threshold 0.5)']);
  const md = renderComparison({ ...comparison, benches: [...comparison.benches.slice(0, 1), entry('startup', 'v24.22.3', noisy)] });
  assert.match(md, /\| startup \| sealer warm \\\| ready \| median \| 410 ms \| 370 ms \* \| −10% \|/);
  assert.match(md, /\| 120 ms, met \| 80\.0 ms, not counted \* \|/, 'held, but not counted with a warning');
  assert.match(md, /\*\*Preliminary\*\*: the machine was loaded by other work \(a bench started above a load of 0\.50\)/);
  assert.match(md, /Warnings \(`\*`\):\n\n- startup, Node v24\.22\.3: noisy: the 1-minute load was 3 when the bench started \(threshold 0\.5\)\n/);
  assert.match(renderComparison({ ...comparison, machine: { ...machine, load1: 2.5 } }), /\*\*Preliminary\*\*/, 'loaded at the start of the run');
});

test('node comparison: measured against another build (GA_BENCH_AGENT_BIN) says so', () => {
  const md = renderComparison({ ...comparison, agents: { bin: '/tmp/pre-move/bin/geth-agent', revision: '69636e6' } });
  assert.match(md, /with the agents of `\/tmp\/pre-move\/bin\/geth-agent` \(revision `69636e6`\) \(GA_BENCH_AGENT_BIN\)/);
});

test('change: signed percent against the first; nothing against zero or a missing value', () => {
  assert.equal(change(400, 360), '−10%');
  assert.equal(change(100, 112), '+12%');
  assert.equal(change(100, 100.2), '±0%');
  assert.equal(change(0, 5), '');
  assert.equal(change(undefined, 5), '');
  assert.equal(change(5, Number.NaN), '');
});

test('node comparison file: read back; missing or foreign files give undefined', () => {
  assert.deepEqual(parseComparison(JSON.stringify(comparison)), comparison);
  assert.equal(parseComparison(undefined), undefined);
  assert.equal(parseComparison('{"benches": {}}'), undefined);
  assert.equal(parseComparison('null'), undefined);
  assert.equal(parseComparison('not json'), undefined);
});
