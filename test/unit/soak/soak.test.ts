import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSoakOptions } from '../../soak/options.js';
import { seededRandom } from '../../soak/random.js';
import { newRecord, type FaultKind } from '../../soak/record.js';
import { faultKinds, faultWeights, nextFault } from '../../soak/schedule.js';
import { summarize, summaryTable } from '../../soak/summary.js';

const names = { sealers: ['sealer-1', 'sealer-2', 'sealer-3'], clients: ['client-1', 'client-2'] };

test('soak schedule: the same seed gives the same faults; every kind comes once before any repeats', () => {
  const run = (seed: number): string[] => {
    const random = seededRandom(seed);
    const done: FaultKind[] = [];
    const out: string[] = [];
    for (let i = 0; i < 20; i++) {
      const fault = nextFault(random, done, names);
      done.push(fault.kind);
      out.push(`${fault.kind}@${fault.target}`);
    }
    return out;
  };
  assert.deepEqual(run(42), run(42));
  assert.notDeepEqual(run(42), run(43));
  const first = run(7).slice(0, 7).map((f) => f.split('@')[0]);
  assert.equal(new Set(first).size, 7, `first seven are the seven kinds: ${first.join(', ')}`);
  for (const fault of run(9)) {
    const [kind, target] = fault.split('@') as [string, string];
    if (kind === 'drop-peers') assert.match(target, /^client-/);
    if (kind === 'restart-boot') assert.equal(target, 'boot');
    if (kind === 'kill-geth' || kind === 'stop-geth' || kind === 'term-agent') assert.match(target, /^(sealer|client)-/);
  }
});

test('soak schedule with --pods: partitions, address changes (the boot node too) and container kills join the kinds, each once first', () => {
  const random = seededRandom(11);
  const done: FaultKind[] = [];
  const targets = new Map<string, Set<string>>();
  for (let i = 0; i < 200; i++) {
    const fault = nextFault(random, done, names, faultWeights(true));
    done.push(fault.kind);
    targets.set(fault.kind, (targets.get(fault.kind) ?? new Set()).add(fault.target));
  }
  assert.deepEqual(new Set(done.slice(0, 10)), new Set(faultKinds(faultWeights(true))), 'the first ten are the ten kinds');
  assert.equal(faultKinds(faultWeights(false)).length, 7, 'loopback keeps its seven kinds');
  for (const kind of ['partition', 'kill-container']) assert.ok([...(targets.get(kind) ?? [])].every((t) => /^(sealer|client)-/.test(t)), kind);
  assert.ok(targets.get('address-change')?.has('boot'), 'the boot node moves too');
  assert.ok(![...(targets.get('address-change') ?? [])].includes('genesis'));
});

test('soak summary: counts and recovery quantiles per kind; the table is aligned', () => {
  const records = [newRecord('kill-geth', 'sealer-1', 0), newRecord('kill-geth', 'client-1', 1), newRecord('malformed', 'all', 2)];
  Object.assign(records[0] as object, { detected: true, recovered: true, recoverMs: 1_000 });
  Object.assign(records[1] as object, { detected: true, recovered: false });
  const rows = summarize(records);
  assert.deepEqual(rows.find((r) => r.kind === 'kill-geth'), { kind: 'kill-geth', injected: 2, detected: 2, recovered: 1, p50Ms: 1_000, p95Ms: 1_000 });
  assert.equal(rows.find((r) => r.kind === 'malformed')?.p50Ms, undefined);
  const table = summaryTable(rows).split('\n');
  assert.match(table[0] as string, /^FAULT\s+INJECTED\s+DETECTED\s+RECOVERED/);
  assert.match(table[1] as string, /^kill-geth\s+2\s+2\s+1\s+1\.0 s\s+1\.0 s$/);
  assert.match(table[2] as string, /^malformed\s+1\s+0\s+0\s+-\s+-$/);
});

test('soak options: defaults, bounds, and a usage error for bad values', () => {
  const o = parseSoakOptions([], 123_456_789);
  assert.equal(o.minutes, 5);
  assert.equal(o.seed, 456_789);
  assert.equal(parseSoakOptions(['--minutes', '10', '--seed', '7']).minutes, 10);
  assert.throws(() => parseSoakOptions(['--minutes', 'x']), /--minutes must be a number/);
  assert.throws(() => parseSoakOptions(['--sealers', '0']), /--sealers/);
  assert.throws(() => parseSoakOptions(['--bogus']), /Unknown option/);
  assert.equal(parseSoakOptions([]).pods, false);
  assert.equal(parseSoakOptions(['--pods', '--minutes', '10']).pods, true);
  assert.throws(() => parseSoakOptions(['--pods', '--dir', '/tmp/x']), /--dir is for the loopback soak/);
});
