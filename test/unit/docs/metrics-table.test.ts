import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readRepoFile } from '../../helpers/deploy-files.js';
import { exposedFamilies as exposed } from '../../helpers/metric-families.js';

interface Row {
  readonly type: string;
  readonly labels: readonly string[];
  readonly roles: string;
}

/** The metrics table of docs/metrics.md: name -> type, labels, roles. */
function readmeTable(): Map<string, Row> {
  const readme = readRepoFile('docs', 'metrics.md');
  const section = /<!-- metrics-table:start -->\n([\s\S]*?)<!-- metrics-table:end -->/.exec(readme)?.[1];
  assert.ok(section !== undefined, 'docs/metrics.md has the metrics table markers');
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

test('the docs/metrics.md table lists every metric the registries expose, and only those, with type, labels and roles', () => {
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
