import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envName } from '../../../src/config/spec.js';
import { tableEntries } from '../../../src/config/table.js';
import { docFiles, readDoc } from '../../helpers/markdown.js';
import { exposedFamilies } from '../../helpers/metric-families.js';

/** Names Kubernetes injects for a Service named geth-agent: documented as ignored, not variables. */
const serviceLink = /^GETH_AGENT_(SERVICE_HOST|SERVICE_PORT|PORT)$/;

test('every GETH_AGENT_* name in the README and docs/ is a variable of the config table (or its _FILE form)', () => {
  const known = new Set<string>();
  for (const [key, spec] of tableEntries()) {
    known.add(envName(key));
    if (spec.secret) known.add(`${envName(key)}_FILE`);
  }
  const unknown: string[] = [];
  let seen = 0;
  for (const file of docFiles()) {
    readDoc(file).split('\n').forEach((line, index) => {
      // `GETH_AGENT_<NAME>_FILE`, `GETH_AGENT_*`: patterns, not names.
      for (const match of line.matchAll(/\bGETH_AGENT_[A-Z0-9_]*[A-Z0-9](?![A-Za-z0-9_<*])/g)) {
        seen += 1;
        if (!known.has(match[0]) && !serviceLink.test(match[0])) unknown.push(`${file}:${index + 1}: ${match[0]}`);
      }
    });
  }
  assert.deepEqual(unknown, []);
  assert.ok(seen > 100, `only ${seen} names found`);
});

test('every geth_agent_* metric named in the README and docs/ is exposed by the agent', () => {
  const families = exposedFamilies();
  const exists = (name: string): boolean => {
    if (families.has(name)) return true;
    const base = /^(.*)_(bucket|sum|count)$/.exec(name)?.[1];
    return base !== undefined && families.get(base)?.type === 'histogram';
  };
  const unknown: string[] = [];
  let seen = 0;
  for (const file of docFiles()) {
    readDoc(file).split('\n').forEach((line, index) => {
      for (const match of line.matchAll(/\bgeth_agent_[a-z0-9_]*[a-z0-9](?![a-z0-9_:])/g)) {
        seen += 1;
        if (!exists(match[0])) unknown.push(`${file}:${index + 1}: ${match[0]}`);
      }
    });
  }
  assert.deepEqual(unknown, []);
  assert.ok(seen > 30, `only ${seen} metric names found`);
});
