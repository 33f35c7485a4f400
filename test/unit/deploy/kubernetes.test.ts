import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readRepoFile, repoPath } from '../../helpers/deploy-files.js';
import { networkProblems, podsOf, type Network } from '../../helpers/k8s-checks.js';
import { k8sDir, loadKustomization, workloads, type K8sObject } from '../../helpers/k8s-manifests.js';
import { parseYamlAll } from '../../helpers/yaml.js';

/** deploy/kubernetes as kustomize applies it: the Secrets are the secretGenerator's. */
async function plainNetwork(): Promise<Network & { resources: string[] }> {
  const { kustomization, objects } = await loadKustomization();
  const secretKeys = new Map((kustomization.secretGenerator ?? []).map((g) => [g.name, new Set(g.files.map((f) => f.split('=')[0] as string))]));
  return { objects, namespace: kustomization.namespace ?? 'default', secretKeys, resources: kustomization.resources };
}

test('kubernetes: the reference topology, each pod with a valid configuration of its role', async () => {
  const network = await plainNetwork();
  const { pods, problems } = await podsOf(network);
  assert.deepEqual(problems, []);
  const byName = Object.fromEntries(workloads(network.objects).map((w) => [w.metadata.name, w]));
  assert.deepEqual(Object.keys(byName).sort(), ['boot', 'client', 'genesis', 'sealer']);
  assert.equal(byName.genesis?.kind, 'Deployment');
  assert.equal(byName.genesis?.spec.replicas, 1);
  assert.equal(byName.genesis?.spec.strategy.type, 'Recreate', 'one writer of the genesis volume');
  assert.deepEqual([byName.sealer?.spec.replicas, byName.client?.spec.replicas], [3, 2]);
  for (const { workload: w, name, config } of pods) {
    assert.equal(config.role, w.metadata.name, `${name}: GETH_AGENT_ROLE`);
    assert.equal(config.role, w.spec.template.metadata.labels['app.kubernetes.io/component']);
    if (config.role === 'genesis') continue;
    assert.equal(w.kind, 'StatefulSet');
    assert.equal(config.genesisUrl, 'http://genesis:8080');
    assert.equal(config.networkId, 4242, `${name}: pinned to the network's chain id`);
    assert.equal(config.advertiseHost, `${name}.${w.spec.serviceName}.${network.namespace}.svc`, `${name}: advertises its stable pod DNS name`);
    assert.equal(w.spec.podManagementPolicy, 'Parallel', `${w.metadata.name}: no ordered start (sealers wait for each other)`);
    assert.ok(w.spec.volumeClaimTemplates.some((t: K8sObject) => t.metadata.name === 'data'), `${w.metadata.name}: a PVC per pod`);
  }
});

test('kubernetes: env names, sealer count, grace, secrets as files, non-root, probes and Services are consistent', async () => {
  const network = await plainNetwork();
  assert.deepEqual(await networkProblems(network), []);
});

test('kubernetes: Secrets come from files under the git-ignored secrets/', async () => {
  const { resources } = await plainNetwork();
  const { kustomization } = await loadKustomization();
  for (const g of kustomization.secretGenerator ?? []) for (const f of g.files) assert.match(f.split('=')[1] ?? '', /^secrets\//);
  assert.match(readRepoFile(...k8sDir, 'secrets', '.gitignore'), /^\*$/m, 'deploy/kubernetes/secrets stays out of git');
  for (const file of resources) assert.ok(existsSync(repoPath(...k8sDir, file)), file);
});

test('kubernetes: Prometheus annotations and PodMonitor on /metrics of the agent port', async () => {
  const network = await plainNetwork();
  const { pods } = await podsOf(network);
  for (const { workload: w, config } of pods) {
    const annotations = w.spec.template.metadata.annotations ?? {};
    assert.deepEqual(
      [annotations['prometheus.io/scrape'], annotations['prometheus.io/port'], annotations['prometheus.io/path']],
      ['true', String(config.listen.port), '/metrics'],
    );
  }
  const monitor = (await parseYamlAll(readRepoFile(...k8sDir, 'optional', 'podmonitor.yaml')))[0] as K8sObject;
  assert.deepEqual(monitor.spec.podMetricsEndpoints.map((e: { port: string; path: string }) => [e.port, e.path]), [['agent', '/metrics']]);
});

test('kubernetes: RPC only to ready clients; the genesis reachable before ready; drains keep a clique majority', async () => {
  const network = await plainNetwork();
  const { pods } = await podsOf(network);
  const find = (name: string) => network.objects.find((o) => o.kind === 'Service' && o.metadata.name === name) as K8sObject;
  const rpc = find('client-rpc');
  assert.notEqual(rpc.spec.clusterIP, 'None');
  assert.notEqual(rpc.spec.publishNotReadyAddresses, true, 'only ready clients get RPC traffic');
  const client = pods.find((p) => p.config.role === 'client');
  assert.deepEqual(rpc.spec.ports.map((p: { port: number }) => p.port), [client?.config.httpPort, client?.config.wsPort]);
  assert.equal(find('genesis').spec.publishNotReadyAddresses, true, 'sealers register while the genesis is not ready (collecting)');
  const pdb = network.objects.find((o) => o.kind === 'PodDisruptionBudget') as K8sObject;
  const sealers = Number(workloads(network.objects).find((w) => w.metadata.name === 'sealer')?.spec.replicas);
  assert.ok(pdb.spec.maxUnavailable <= sealers - (Math.floor(sealers / 2) + 1), 'a drain keeps a clique majority of sealers');
});
