import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseComparison, renderComparison, type NodeComparison } from '../../../bench/compare.js';
import { figure } from '../../../bench/report.js';
import type { Machine } from '../../../bench/results.js';

const machine: Machine = { cpu: 'Test CPU', cores: 2, ramGiB: 7.8, node: 'v20.20.2 / v24.22.3', geth: '1.13.15-stable', os: 'Linux 6.1 x64', load1: 0.1 };
const entry = (name: string, node: string, samples: number[]) => ({
  name, node, status: 'ok' as const, command: `${node} dist/bench/${name}.js`, date: '2026-12-07T18:00:00.000Z', seconds: 10,
  figures: [figure({ figure: 'start | ready', unit: 'ms', samples, baseline: { name: 'bare geth', samples: samples.map((x) => x / 2) } })],
});
const comparison: NodeComparison = {
  date: '2026-12-07T18:00:00.000Z',
  command: 'npm run bench -- --node /usr/bin/node --node .tools/node-24/bin/node startup idle-footprint',
  revision: '770b900-dirty',
  machine,
  nodes: [{ path: '/usr/bin/node', version: 'v20.20.2' }, { path: '.tools/node-24/bin/node', version: 'v24.22.3' }],
  benches: [
    entry('startup', 'v20.20.2', [400, 400, 400]),
    entry('startup', 'v24.22.3', [360, 360, 360]),
    entry('idle-footprint', 'v20.20.2', [50]),
    { ...entry('idle-footprint', 'v24.22.3', []), status: 'failed', exitCode: 1, figures: [] },
  ],
};

test('node comparison: one row per figure, each node a column, change against the first', () => {
  const md = renderComparison(comparison);
  assert.match(md, /^## Node 20 vs Node 24\n/);
  assert.match(md, /\| bench \| figure \| Node v20\.20\.2 \| Node v24\.22\.3 \| change 24 \|/);
  assert.match(md, /\| startup \| start \\\| ready \| 400 ms \| 360 ms \| −10% \|/);
  assert.match(md, /\| startup \| start \\\| ready \| 400 ms \| 360 ms \| −10% \|\n\| startup \| baseline: bare geth \| 200 ms \| 180 ms \| −10% \|\n\| idle-footprint \|/);
  assert.match(md, /\| idle-footprint \| start \\\| ready \| 50\.0 ms \| failed \| {2}\|\n\| idle-footprint \| baseline: bare geth \| 25\.0 ms \| failed \| {2}\|\n$/);
  assert.match(md, /same build and dependencies \(revision `770b900-dirty`\): v20\.20\.2 is `\/usr\/bin\/node`, v24\.22\.3 is `\.tools\/node-24\/bin\/node`\./);
  assert.doesNotMatch(md, /Preliminary/, 'a quiet machine');
  assert.match(renderComparison({ ...comparison, machine: { ...machine, load1: 2.5 } }), /\*\*Preliminary\*\*: the machine was loaded by other work \(load average 2\.50 at start\)/);
});

test('node comparison file: read back; missing or foreign files give undefined', () => {
  assert.deepEqual(parseComparison(JSON.stringify(comparison)), comparison);
  assert.equal(parseComparison(undefined), undefined);
  assert.equal(parseComparison('{"benches": {}}'), undefined);
  assert.equal(parseComparison('not json'), undefined);
});
