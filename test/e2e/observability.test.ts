import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { agentBin } from '../helpers/cli.js';
import { repoPath } from '../helpers/deploy-files.js';
import { toolPath } from '../helpers/geth-bin.js';
import { spawnTestProcess } from '../helpers/geth-process.js';
import { havePrometheus, promtool, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.js';
import { tempDir } from '../helpers/tmp.js';

interface Endpoints {
  nodes: Array<{ name: string; role: string; metrics: string }>;
}

/** Polls `check` until it returns undefined (done) or the deadline passes; the last problem otherwise. */
async function until(what: string, timeoutMs: number, check: () => Promise<string | undefined>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let problem: string | undefined;
  while (Date.now() < deadline) {
    problem = await check();
    if (problem === undefined) return;
    await sleep(1_000);
  }
  assert.fail(`${what} after ${timeoutMs / 1000} s: ${problem ?? ''}`);
}

const emptyQueries = async (prometheus: RunningPrometheus, exprs: readonly string[]): Promise<string[]> => {
  const empty: string[] = [];
  for (const expr of exprs) if ((await prometheus.query(expr)).length === 0) empty.push(expr);
  return empty;
};

test('a real Prometheus on the devnet\'s prometheus.yml: every agent up, every panel and recording rule has data, promtool passes, no alert fires', { timeout: 420_000 }, async (t) => {
  if (!havePrometheus(t)) return;
  const started = Date.now();
  const root = await tempDir(t, 'ga-obs-');
  const dir = join(root, 'n');
  const devnet = spawnTestProcess(process.execPath, [agentBin(), 'devnet', '--sealers', '2', '--clients', '1', '--period', '1', '--data', dir], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', GETH_AGENT_GETH_BIN: toolPath('geth') },
  });
  t.after(() => devnet.stop(120_000));
  await devnet.waitForLine(/devnet: up in/, 180_000);
  // The one command the devnet prints: its config file is what Prometheus runs on (on a free port here).
  const command = (await devnet.waitForLine(/^prometheus: (prometheus .*)$/, 10_000))[1] as string;
  const configFile = /--config\.file=(\S+)/.exec(command)?.[1] as string;
  assert.equal(configFile, join(dir, 'prometheus.yml'));
  assert.match(command, /--web\.listen-address=127\.0\.0\.1:\d+/);
  const config = parse(await readFile(configFile, 'utf8')) as { rule_files: string[] };
  assert.equal(config.rule_files.length, 2, 'the repository\'s rules are loaded');

  const { code: rulesCode, output: rulesOutput } = await promtool(['check', 'rules', ...config.rule_files]);
  assert.equal(rulesCode, 0, rulesOutput);

  const endpoints = JSON.parse(await readFile(join(dir, 'endpoints.json'), 'utf8')) as Endpoints;
  assert.deepEqual(endpoints.nodes.map((n) => n.role).sort(), ['boot', 'client', 'genesis', 'sealer', 'sealer']);
  for (const node of endpoints.nodes) {
    const text = await (await fetch(node.metrics)).text();
    const { code, output } = await promtool(['check', 'metrics'], text);
    assert.equal(code, 0, `${node.name}: ${output}`);
    assert.equal(output.trim(), '', `${node.name}: promtool check metrics has no remark`);
  }

  const prometheus = await startPrometheus(t, configFile);
  await until('every agent target up', 90_000, async () => {
    const targets = await prometheus.targets();
    const down = targets.filter((x) => x.health !== 'up').map((x) => `${x.labels.node ?? x.scrapeUrl}: ${x.health} ${x.lastError}`);
    if (targets.length !== endpoints.nodes.length) return `${targets.length} targets of ${endpoints.nodes.length}`;
    return down.length === 0 ? undefined : down.join('; ');
  });
  const targets = await prometheus.targets();
  assert.deepEqual(targets.map((x) => x.labels.node).sort(), endpoints.nodes.map((n) => n.name).sort(), 'genesis and boot included');

  const dashboard = JSON.parse(await readFile(repoPath('deploy', 'observability', 'grafana-dashboard.json'), 'utf8')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
  const panelQueries = dashboard.panels.flatMap((p) => p.targets.map((x) => x.expr));
  const records: string[] = [];
  const recordingFile = config.rule_files.find((f) => f.endsWith('recording-rules.yml')) as string;
  for (const group of (parse(await readFile(recordingFile, 'utf8')) as { groups: Array<{ rules: Array<{ record: string }> }> }).groups) records.push(...group.rules.map((r) => r.record));
  assert.ok(records.length >= 7 && panelQueries.length >= 12);
  await until('every dashboard query and recording rule returns a series', 120_000, async () => {
    const empty = await emptyQueries(prometheus, [...panelQueries, ...records]);
    return empty.length === 0 ? undefined : empty.join(' | ');
  });
  // Values that say the network is whole: both signers online, the quorum 2, every agent ready.
  assert.equal((await prometheus.query('geth_agent:signers_online:count'))[0]?.value[1], '2');
  assert.equal((await prometheus.query('geth_agent:signers_quorum:min'))[0]?.value[1], '2');
  await until('every agent ready', 60_000, async () => {
    const ratio = (await prometheus.query('geth_agent:ready:ratio'))[0]?.value[1];
    return ratio === '1' ? undefined : `ready ratio ${ratio}`;
  });
  // Each status page says who the node is: a sealer its address, chain id and the genesis block
  // hash, the same the genesis server computed.
  const genesisUrl = (endpoints.nodes.find((n) => n.role === 'genesis') as { metrics: string }).metrics.replace('/metrics', '');
  const sealerUrl = (endpoints.nodes.find((n) => n.role === 'sealer') as { metrics: string }).metrics.replace('/metrics', '');
  const served = (await (await fetch(`${genesisUrl}/status`)).json()) as { chainId: number; genesisHash: string };
  assert.match(served.genesisHash, /^0x[0-9a-f]{64}$/);
  await until('the sealer\'s /status names it', 20_000, async () => {
    const status = (await (await fetch(`${sealerUrl}/status`)).json()) as { name?: string; address?: string; chainId?: number; genesisHash?: string; versions?: { geth: string | null } };
    if (status.name !== 'sealer-1' || !/^0x[0-9a-fA-F]{40}$/.test(status.address ?? '') || status.chainId !== served.chainId) return JSON.stringify(status).slice(0, 300);
    if (status.genesisHash !== served.genesisHash) return `genesis hash ${status.genesisHash} vs ${served.genesisHash}`;
    return status.versions?.geth?.startsWith('1.13.15') === true ? undefined : `geth version ${status.versions?.geth}`;
  });
  const firing = await prometheus.query('ALERTS{alertstate="firing"}');
  assert.deepEqual(firing.map((a) => a.metric.alertname), [], 'no alert fires on a healthy devnet');
  const lag = await prometheus.query('max(nodejs_eventloop_lag_p50_seconds)');
  t.diagnostic(`agents' highest median event-loop lag: ${(Number(lag[0]?.value[1]) * 1000).toFixed(2)} ms`);
  t.diagnostic(`observability e2e took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await prometheus.process.stop(10_000);
  const exit = await devnet.stop(120_000);
  assert.equal(exit.exitCode, 0);
});
