import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { createMetrics } from '../../../src/metrics.js';
import { createGenesisMetrics } from '../../../src/metrics/genesis.js';
import { readRepoFile } from '../../helpers/deploy-files.js';

interface Row {
  readonly type: string;
  readonly labels: readonly string[];
  readonly roles: string;
}

/** The README's metrics table: name -> type, labels, roles. */
function readmeTable(): Map<string, Row> {
  const readme = readRepoFile('README.md');
  const section = /<!-- metrics-table:start -->\n([\s\S]*?)<!-- metrics-table:end -->/.exec(readme)?.[1];
  assert.ok(section !== undefined, 'README has the metrics table markers');
  const rows = new Map<string, Row>();
  for (const line of section.split('\n').filter((l) => l.startsWith('| `'))) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const name = /^`([a-z_:0-9]+)`$/.exec(cells[0] ?? '')?.[1];
    assert.ok(name !== undefined, `bad row: ${line}`);
    assert.equal(rows.has(name), false, `${name} listed twice`);
    assert.ok((cells[4] ?? '') !== '', `${name} has a meaning`);
    rows.set(name, { type: cells[1] ?? '', labels: [...(cells[2] ?? '').matchAll(/`([a-z_]+)`/g)].map((m) => m[1] as string), roles: cells[3] ?? '' });
  }
  return rows;
}

/** Every family both registries expose (process metrics and the collector on), with its label names. */
function exposed(): Map<string, { type: string; labels: string[]; roles: Set<string> }> {
  const node = createMetrics({ registry: new Registry() });
  const genesis = createGenesisMetrics({ registry: new Registry(), read: { genesis: () => ({ sealed: true, registered: 1, needed: 1 }), bootnodes: () => 0, collector: () => ({ connected: 0, disconnected: 0 }) } });
  const families = new Map<string, { type: string; labels: string[]; roles: Set<string> }>();
  try {
    for (const [role, registry] of [['node', node.registry], ['genesis', genesis.registry]] as const) {
      // prom-client's metric objects carry their name, type and label names.
      for (const metric of registry.getMetricsAsArray() as unknown as Array<{ name: string; type: string; labelNames?: string[] }>) {
        const entry = families.get(metric.name) ?? { type: metric.type, labels: [...(metric.labelNames ?? [])], roles: new Set<string>() };
        entry.roles.add(role);
        families.set(metric.name, entry);
      }
    }
  } finally {
    node.close();
    genesis.close();
  }
  return families;
}

test('the README metrics table lists every metric the registries expose, and only those, with type, labels and roles', () => {
  const table = readmeTable();
  const families = exposed();
  assert.ok(families.size > 60, `${families.size} families`);
  const missing = [...families.keys()].filter((name) => !table.has(name));
  const extra = [...table.keys()].filter((name) => !families.has(name));
  assert.deepEqual(missing, [], 'exposed but not documented');
  assert.deepEqual(extra, [], 'documented but not exposed');
  for (const [name, family] of families) {
    const row = table.get(name) as Row;
    assert.equal(row.type, family.type, `${name} type`);
    assert.deepEqual([...row.labels].sort(), [...family.labels].sort(), `${name} labels`);
    for (const role of family.roles) assert.ok(row.roles.includes(role), `${name} documented for ${role}`);
  }
});
