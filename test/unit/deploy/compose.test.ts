import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentEnvProblems, appServesGet, loadDeployConfig } from '../../helpers/deploy-config.js';
import { durationSeconds, parseEnvFile, readRepoFile } from '../../helpers/deploy-files.js';
import { loadCompose, serviceEnv, type ComposeService } from '../../helpers/compose.js';

type Service = ComposeService;
const load = loadCompose;

test('compose: the reference topology (genesis, boot, 3 sealers, 2 clients) with valid configurations', async () => {
  const { services } = await load();
  const roles: Record<string, string[]> = {};
  for (const [name, service] of Object.entries(services)) {
    const env = serviceEnv(service);
    assert.deepEqual(agentEnvProblems({ ...service.environment }, `${name} environment`), []);
    for (const file of service.env_file ?? []) assert.deepEqual(agentEnvProblems(parseEnvFile(readRepoFile('deploy', file)), file), []);
    const { config } = loadDeployConfig(env);
    (roles[config.role] ??= []).push(name);
    if (config.role !== 'genesis') {
      assert.equal(config.advertiseHost, name, `${name}: GETH_AGENT_ADVERTISE_HOST is its service name`);
      assert.equal(config.genesisUrl, 'http://genesis:8080');
    }
  }
  assert.deepEqual(Object.fromEntries(Object.entries(roles).map(([r, n]) => [r, n.length])), { genesis: 1, boot: 1, sealer: 3, client: 2 });
  const genesis = loadDeployConfig(serviceEnv(services.genesis as Service)).config;
  assert.equal(genesis.sealerCount, 3, 'the genesis waits for exactly the 3 sealers');
});

test('compose: secrets are mounted files, each *_FILE points at a secret of its service', async () => {
  const compose = await load();
  for (const [name, service] of Object.entries(compose.services)) {
    const mounted = new Set<string>();
    for (const secret of service.secrets ?? []) {
      const source = typeof secret === 'string' ? secret : secret.source;
      assert.ok(compose.secrets[source] !== undefined, `${name}: secret ${source} is declared`);
      assert.match(compose.secrets[source]?.file ?? '', /^\.\/secrets\//);
      mounted.add(`/run/secrets/${typeof secret === 'string' ? secret : (secret.target ?? secret.source)}`);
    }
    const { files, config } = loadDeployConfig(serviceEnv(service));
    for (const file of files) assert.ok(mounted.has(file), `${name}: ${file} is not a mounted secret`);
    if (config.role === 'client') assert.equal(config.networkSecret, undefined, `${name}: a client gets no network secret`);
  }
  assert.match(readRepoFile('deploy', 'secrets', '.gitignore'), /^\*$/m, 'deploy/secrets stays out of git');
});

test('compose: stop grace above the agent grace, SIGTERM, health check on /health/live, data volumes', async () => {
  const compose = await load();
  assert.ok(await appServesGet('/health/live'));
  for (const [name, service] of Object.entries(compose.services)) {
    const { config } = loadDeployConfig(serviceEnv(service));
    const grace = durationSeconds(service.stop_grace_period);
    assert.ok(grace !== undefined && grace > config.stopGraceSeconds, `${name}: stop_grace_period ${service.stop_grace_period} > ${config.stopGraceSeconds}s`);
    assert.equal(service.stop_signal, 'SIGTERM');
    const probe = (service.healthcheck?.test ?? []).join(' ');
    assert.ok(probe.includes(`http://127.0.0.1:${config.listen.port}/health/live`), `${name}: healthcheck ${probe}`);
    const volume = (service.volumes ?? []).map((v) => v.split(':')).find(([, target]) => target === config.dataDir);
    assert.ok(volume !== undefined && volume[0] !== undefined && volume[0] in compose.volumes, `${name}: a named volume at ${config.dataDir}`);
    for (const port of service.ports ?? []) assert.match(port, /^127\.0\.0\.1:/, `${name}: ${port} published on loopback only`);
  }
});

test('compose: ethstats wired like Kubernetes: collector on the genesis, each sealer and client reports through its own target file', async () => {
  const compose = await load();
  const genesis = loadDeployConfig(serviceEnv(compose.services.genesis as Service));
  assert.equal(genesis.config.ethstatsCollector, true, 'the genesis serves the collector');
  assert.ok(genesis.config.ethstatsSecret !== undefined, 'the collector has its secret');
  assert.ok(genesis.files.includes('/run/secrets/ethstats-secret'), 'read from the ethstats-secret file');
  for (const [name, service] of Object.entries(compose.services)) {
    const { config } = loadDeployConfig(serviceEnv(service));
    if (config.role !== 'sealer' && config.role !== 'client') continue;
    assert.ok(config.ethstats !== undefined, `${name} reports to ethstats`);
    assert.equal(service.environment?.GETH_AGENT_ETHSTATS_FILE, '/run/secrets/ethstats-target', `${name}: the target (it carries the secret) is a file`);
    const target = (service.secrets ?? []).find((s) => typeof s !== 'string' && s.target === 'ethstats-target');
    assert.equal(typeof target === 'string' ? undefined : target?.source, `${name}-ethstats`, `${name}: its own target file (its node name)`);
  }
});
