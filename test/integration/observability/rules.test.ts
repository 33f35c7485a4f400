import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { createMetrics } from '../../../src/metrics.js';
import { createGenesisMetrics } from '../../../src/metrics/genesis.js';
import type { NodeState } from '../../../src/state/node-state.js';
import { readRepoFile, repoPath } from '../../helpers/deploy-files.js';
import { havePrometheus, promtool } from '../../helpers/prometheus.js';
import { parse } from 'yaml';

const dir = repoPath('deploy', 'observability');
const ruleFiles = [`${dir}/recording-rules.yml`, `${dir}/alerting-rules.yml`];

interface RuleGroup {
  readonly rules: ReadonlyArray<{ readonly alert?: string; readonly record?: string; readonly expr: string }>;
}
const rulesOf = (file: string) => (parse(readRepoFile('deploy', 'observability', file)) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules);

test('promtool check rules passes on the alerting and recording rules', { timeout: 60_000 }, async (t) => {
  if (!havePrometheus(t)) return;
  const { code, output } = await promtool(['check', 'rules', ...ruleFiles]);
  assert.equal(code, 0, output);
  assert.match(output, /SUCCESS: 7 rules found[\s\S]*SUCCESS: 12 rules found/);
});

test('promtool test rules: every alert has a test that fires it and one where it stays silent', { timeout: 60_000 }, async (t) => {
  if (!havePrometheus(t)) return;
  const { code, output } = await promtool(['test', 'rules', `${dir}/tests/rules.test.yml`]);
  assert.equal(code, 0, output);
  // Each alert appears in the tests with an expected firing (exp_alerts non-empty) and a silent evaluation.
  const tests = (parse(readRepoFile('deploy', 'observability', 'tests', 'rules.test.yml')) as { tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }>; promql_expr_test?: Array<{ expr: string }> }> }).tests;
  const evaluations = tests.flatMap((x) => x.alert_rule_test ?? []);
  for (const rule of rulesOf('alerting-rules.yml')) {
    const mine = evaluations.filter((e) => e.alertname === rule.alert);
    assert.ok(mine.some((e) => e.exp_alerts.length > 0), `${rule.alert} is shown firing`);
    assert.ok(mine.some((e) => e.exp_alerts.length === 0), `${rule.alert} is shown silent`);
  }
  const checked = tests.flatMap((x) => x.promql_expr_test ?? []).map((e) => e.expr);
  for (const rule of rulesOf('recording-rules.yml')) assert.ok(checked.some((expr) => expr.startsWith(rule.record as string)), `${rule.record} has a value test`);
});

test('the Grafana dashboard is importable as is: a datasource input, every panel with a query', () => {
  const dashboard = JSON.parse(readRepoFile('deploy', 'observability', 'grafana-dashboard.json')) as {
    __inputs: Array<{ name: string; type: string; pluginId: string }>;
    uid: string;
    panels: Array<{ id: number; title: string; datasource: { uid: string }; targets: Array<{ expr: string; refId: string }> }>;
  };
  assert.deepEqual(dashboard.__inputs.map((i) => [i.name, i.type, i.pluginId]), [['DS_PROMETHEUS', 'datasource', 'prometheus']]);
  assert.equal(dashboard.uid, 'geth-agent-network');
  assert.equal(new Set(dashboard.panels.map((p) => p.id)).size, dashboard.panels.length, 'unique panel ids');
  for (const title of ['Head block per node', 'Block time', 'Peers', 'Readiness', 'Restarts by reason (15 min)', 'Sealers: time since last seal', 'Transaction pool', 'Memory: agent and geth', 'CPU: agent and geth']) {
    assert.ok(dashboard.panels.some((p) => p.title === title), title);
  }
  for (const panel of dashboard.panels) {
    assert.equal(panel.datasource.uid, '${DS_PROMETHEUS}', panel.title);
    assert.ok(panel.targets.length > 0 && panel.targets.every((target) => target.expr.trim() !== ''), panel.title);
  }
  // Every recording rule the dashboard uses exists.
  const recorded = new Set(rulesOf('recording-rules.yml').map((r) => r.record));
  for (const expr of dashboard.panels.flatMap((p) => p.targets.map((x) => x.expr))) {
    for (const [name] of expr.matchAll(/geth_agent:[a-z_0-9:]+/g)) assert.ok(recorded.has(name), `${name} is a recording rule`);
  }
});

test('promtool check metrics is clean on a node agent\'s and the genesis server\'s registries', { timeout: 60_000 }, async (t) => {
  if (!havePrometheus(t)) return;
  const now = Date.now();
  const state: NodeState = {
    role: 'sealer', at: now, geth: { state: 'running', pid: process.pid, restarts: { crash: 1 }, crashLoop: false }, rpc: { okAt: now },
    peers: { value: 2, at: now }, head: { value: { number: 5, hash: '0x1', timestamp: now / 1000 - 1 }, at: now },
    clique: { value: { signers: ['0xa'], isSigner: true, period: 1 }, at: now }, lastSealedAt: now, watchdog: { restartLimited: false },
  };
  const node = createMetrics({ registry: new Registry(), getState: () => state, health: () => ({ status: 'UP', role: 'sealer', checks: { peers: { ok: true } } }) });
  node.rpcDuration.observe({ method: 'admin_peers' }, 0.002);
  node.info.set({ role: 'sealer', network_id: '1', geth_version: '1.13.15-stable', enode: 'enode://x@127.0.0.1:1' }, 1);
  const genesis = createGenesisMetrics({ registry: new Registry(), read: { genesis: () => ({ sealed: true, registered: 1, needed: 1 }), bootnodes: () => 1, collector: () => ({ connected: 1, disconnected: 0 }) } });
  try {
    for (const [role, registry] of [['node', node.registry], ['genesis', genesis.registry]] as const) {
      const { code, output } = await promtool(['check', 'metrics'], await registry.metrics());
      assert.equal(code, 0, `${role}: ${output}`);
      assert.equal(output.trim(), '', `${role}: promtool has no remark`);
    }
  } finally {
    node.close();
    genesis.close();
  }
});
