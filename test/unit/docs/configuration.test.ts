import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { configurationPage } from '../../../scripts/gen-docs.js';
import { envName } from '../../../src/config/spec.js';
import { groups, tableEntries } from '../../../src/config/table.js';
import { packageRoot } from '../../../src/version.js';

test('docs/configuration.md is generated from the config table (run `npm run build && npm run docs`)', () => {
  const page = readFileSync(`${packageRoot()}docs/configuration.md`, 'utf8');
  assert.equal(page, configurationPage(), 'docs/configuration.md is stale: run `npm run build && npm run docs`');
  for (const [key] of tableEntries()) assert.ok(page.includes(`| \`${envName(key)}\``), `${envName(key)} missing from docs/configuration.md`);
});

test('no variable is declared twice across concern files, and names round-trip', () => {
  const count = groups.reduce<number>((n, group) => n + Object.keys(group).length, 0);
  assert.equal(tableEntries().length, count);
  for (const [key, spec] of tableEntries()) {
    assert.match(envName(key), /^GETH_AGENT_[A-Z0-9]+(_[A-Z0-9]+)*$/);
    assert.ok(spec.doc.length > 10, `${key} needs a description`);
    assert.ok(!(spec.required && spec.default !== undefined), `${key}: required with a default`);
  }
});

test('example env files under config/ only use known variables and pass validation', async () => {
  const { loadConfig } = await import('../../../src/config/load.js');
  for (const role of ['genesis', 'boot', 'sealer', 'client']) {
    const env: Record<string, string> = {};
    for (const line of readFileSync(`${packageRoot()}config/${role}.env`, 'utf8').split('\n')) {
      const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
      if (match) env[match[1] as string] = match[2] as string;
    }
    assert.equal(env.GETH_AGENT_ROLE, role);
    assert.doesNotThrow(() => loadConfig(env, { readFile: () => 'example-secret' }), `config/${role}.env`);
  }
});
