import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { planDevnet, portCount } from '../../../src/devnet/plan.js';
import { prometheusCommand, prometheusConfig, prometheusFiles, prometheusTargets } from '../../../src/devnet/prometheus.js';

const options = { sealers: 2, clients: 1, period: 1, networkId: 4321, dir: '/tmp/dn', devAccount: '0x00000000000000000000000000000000000000aa' };
const ports = Array.from({ length: portCount(options) }, (_, i) => 40_000 + i);
const SECRET = 'ethstats-secret-9a8b';

test('devnet prometheus: one loopback target per agent, genesis and boot included, labelled with the node, no secret', () => {
  const plans = planDevnet(options, ports, SECRET);
  const targets = prometheusTargets(plans);
  assert.deepEqual(targets.map((t) => t.labels.node), ['genesis', 'boot', 'sealer-1', 'sealer-2', 'client-1']);
  for (const [i, target] of targets.entries()) assert.deepEqual(target.targets, [`127.0.0.1:${plans[i]?.ports.agent}`]);
  assert.equal(JSON.stringify(targets).includes(SECRET), false);
});

test('devnet prometheus: the config scrapes the targets file with job geth-agent and loads the rules given', () => {
  const files = prometheusFiles('/tmp/dn');
  const config = parse(prometheusConfig({ targetsFile: files.targets, ruleFiles: ['/repo/deploy/observability/alerting-rules.yml'], scrapeIntervalSeconds: 2 })) as {
    global: Record<string, string>;
    rule_files: string[];
    scrape_configs: Array<{ job_name: string; file_sd_configs: Array<{ files: string[] }> }>;
  };
  assert.deepEqual(config.global, { scrape_interval: '2s', evaluation_interval: '2s' });
  assert.deepEqual(config.rule_files, ['/repo/deploy/observability/alerting-rules.yml']);
  assert.equal(config.scrape_configs[0]?.job_name, 'geth-agent', 'the job name the alerting rules select');
  assert.deepEqual(config.scrape_configs[0]?.file_sd_configs, [{ files: ['/tmp/dn/prometheus-targets.json'] }]);
  const without = parse(prometheusConfig({ targetsFile: files.targets, ruleFiles: [] })) as Record<string, unknown>;
  assert.equal('rule_files' in without, false);
});

test('devnet prometheus: the printed command listens on loopback; odd paths are shell-quoted', () => {
  assert.equal(prometheusCommand('/tmp/dn'), 'prometheus --config.file=/tmp/dn/prometheus.yml --storage.tsdb.path=/tmp/dn/prometheus --web.listen-address=127.0.0.1:9090');
  assert.equal(prometheusCommand("/tmp/my net's"), "prometheus '--config.file=/tmp/my net'\\''s/prometheus.yml' '--storage.tsdb.path=/tmp/my net'\\''s/prometheus' --web.listen-address=127.0.0.1:9090");
});
