import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkProblems } from '../../helpers/k8s-checks.js';
import { chartDir, haveHelm, haveValidator, helm, helmTemplate, kubeVersions, profilePath, profiles, profileValues, validationProblems } from '../../helpers/helm.js';
import { workloads, type K8sObject } from '../../helpers/k8s-manifests.js';

const byKind = (objects: readonly K8sObject[]): string =>
  Object.entries(objects.reduce<Record<string, number>>((n, o) => ({ ...n, [o.kind]: (n[o.kind] ?? 0) + 1 }), {}))
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');

const replicasOf = (objects: readonly K8sObject[]): Record<string, number> =>
  Object.fromEntries(workloads(objects).map((w) => [w.metadata.labels?.['app.kubernetes.io/component'] as string, Number(w.spec.replicas)]));

const envOf = (objects: readonly K8sObject[], component: string): Record<string, string> => {
  const w = workloads(objects).find((x) => x.metadata.labels?.['app.kubernetes.io/component'] === component) as K8sObject;
  const agent = w.spec.template.spec.containers.find((c: { name: string }) => c.name === 'agent');
  return Object.fromEntries(agent.env.filter((e: { value?: string }) => e.value !== undefined).map((e: { name: string; value: string }) => [e.name, e.value]));
};

/** What each profile is for, checked on top of the checks every profile passes. */
const expectations: Record<string, (objects: K8sObject[]) => void> = {
  'default-values.yaml': (objects) => {
    assert.deepEqual(replicasOf(objects), { genesis: 1, boot: 1, sealer: 3, client: 2 }, 'the reference topology');
    assert.equal(objects.filter((o) => o.kind === 'Secret').length, 1, 'one generated Secret');
    assert.equal(envOf(objects, 'genesis').GETH_AGENT_ETHSTATS_COLLECTOR, 'true');
  },
  'scaled-nodeport-values.yaml': (objects) => {
    assert.deepEqual(replicasOf(objects), { genesis: 1, boot: 1, sealer: 5, client: 3 });
    assert.equal(objects.filter((o) => o.kind === 'Secret').length, 0, "the operator's Secret, none generated");
    const nodePorts = objects.filter((o) => o.kind === 'Service' && o.spec.type === 'NodePort');
    assert.equal(nodePorts.length, 1 + 5 + 3, 'one NodePort Service per pod');
    assert.equal(new Set(nodePorts.flatMap((s) => s.spec.ports.map((p: { nodePort: number }) => p.nodePort))).size, 9, 'distinct node ports');
    assert.equal(envOf(objects, 'sealer').GETH_AGENT_ADVERTISE_HOST, '$(HOST_IP)', "the node's IP is advertised");
    assert.equal(envOf(objects, 'genesis').GETH_AGENT_NETWORK_ID, '1234567', 'a big network id is not printed as a float');
  },
  'static-signers-values.yaml': (objects) => {
    const genesis = envOf(objects, 'genesis');
    assert.equal(genesis.GETH_AGENT_SIGNERS?.split(',').length, 3);
    assert.equal(genesis.GETH_AGENT_SEALER_COUNT, undefined);
    assert.ok(!JSON.stringify(objects).includes('ETHSTATS'), 'no collector, no reporting');
    assert.equal(envOf(objects, 'sealer').GETH_AGENT_NETWORK_SECRET_FILE, undefined, 'static sealers do not register');
  },
  'exposed-values.yaml': (objects) => {
    for (const o of objects) assert.match(o.metadata.name, /^geth-agent-/, `${o.kind}/${o.metadata.name}: prefixed with the release`);
    for (const w of workloads(objects)) assert.equal(w.spec.selector.matchLabels['app.kubernetes.io/instance'], 'geth-agent', 'selectors include the release');
    const lbs = objects.filter((o) => o.kind === 'Service' && o.spec.type === 'LoadBalancer');
    assert.equal(lbs.length, 1 + 3 + 2);
    for (const s of lbs) assert.equal(s.metadata.annotations?.['external-dns.alpha.kubernetes.io/hostname'], `${s.spec.selector['statefulset.kubernetes.io/pod-name']}.p2p.example.com`);
    const ingress = objects.find((o) => o.kind === 'Ingress') as K8sObject;
    const paths = ingress.spec.rules[0].http.paths.map((p: { path: string; backend: { service: { name: string; port: { name: string } } } }) => `${p.path} ${p.backend.service.name}:${p.backend.service.port.name}`);
    assert.deepEqual(paths, ['/ geth-agent-client-rpc:http-rpc', '/ws geth-agent-client-rpc:ws-rpc', '/network geth-agent-genesis:agent', '/network.html geth-agent-genesis:agent']);
    assert.equal(envOf(objects, 'client').GETH_WS_RPCPREFIX, '/', 'geth answers WebSocket on /ws too');
    for (const kind of ['PodMonitor', 'ServiceMonitor']) {
      const monitor = objects.find((o) => o.kind === kind) as K8sObject;
      const endpoints = monitor.spec.podMetricsEndpoints ?? monitor.spec.endpoints;
      assert.deepEqual(endpoints.map((e: { port: string; path: string }) => [e.port, e.path]), [['agent', '/metrics']], kind);
    }
  },
};

test('helm lint --strict: the chart with each value profile', { timeout: 120_000 }, async (t) => {
  if (!haveHelm(t)) return;
  for (const profile of profiles()) {
    const result = await helm(['lint', '--strict', chartDir, '-f', profilePath(profile)]);
    assert.equal(result.exitCode, 0, `${profile}: ${String(result.stdout)}${String(result.stderr)}`);
  }
});

test('the value profiles: defaults, scaled with node ports and a user Secret, static signers, exposed; each with its expectations', () => {
  assert.deepEqual(profiles(), Object.keys(expectations).sort());
});

for (const profile of profiles()) {
  test(`helm template ${profile}: valid Kubernetes objects, a consistent network`, { timeout: 180_000 }, async (t) => {
    if (!haveHelm(t)) return;
    const { text, objects } = await helmTemplate(['-f', profilePath(profile)]);
    t.diagnostic(`${profile}: ${objects.length} objects: ${byKind(objects)}`);
    if (haveValidator(t)) {
      for (const version of kubeVersions()) assert.deepEqual(await validationProblems(text, version), [], `Kubernetes ${version}`);
    }
    // The keys each Secret holds: the generated one as rendered; a user's as the chart documents them.
    const values = await profileValues(profile);
    const sealers = Number((values.sealers as { replicas: number }).replicas);
    const ordinals = Array.from({ length: sealers }, (_, i) => i);
    const secretKeys = new Map<string, Set<string>>();
    for (const s of objects.filter((o) => o.kind === 'Secret')) secretKeys.set(s.metadata.name, new Set(Object.keys((s as { data?: object }).data ?? {})));
    const { existingSecret } = values.secrets as { existingSecret: string };
    if (existingSecret !== '') secretKeys.set(existingSecret, new Set(['network-secret', 'ethstats-secret', ...ordinals.map((i) => `sealer-${i}-password`)]));
    const { keysSecret } = values.signers as { keysSecret: string };
    if (keysSecret !== '') secretKeys.set(keysSecret, new Set(ordinals.map((i) => `sealer-${i}-private-key`)));
    assert.deepEqual(await networkProblems({ objects, namespace: 'geth', secretKeys }), []);
    expectations[profile]?.(objects);
  });
}

test('values the chart cannot honour are refused at render time, naming the value', { timeout: 120_000 }, async (t) => {
  if (!haveHelm(t)) return;
  const refused: Array<[string[], RegExp]> = [
    [['--set', 'sealers.replicaz=4'], /additional properties 'replicaz' not allowed/],
    [['--set', 'network.id=abc'], /\/network\/id.*want integer/],
    [['--set', 'signers.mode=static', '--set', 'signers.static={0x1111111111111111111111111111111111111111}'], /signers\.mode=static needs signers\.keysSecret/],
    [['--set', 'signers.static={0x1111111111111111111111111111111111111111}'], /read only with signers\.mode=static/],
    [['--set', 'signers.mode=static', '--set', 'signers.keysSecret=k', '--set', 'signers.static={0x1111111111111111111111111111111111111111}'], /sealers\.replicas=3 but signers\.static lists 1 signers/],
    [['--set', 'p2p.expose=LoadBalancer'], /needs p2p\.loadBalancer\.advertiseDomain/],
    [['--set', 'p2p.expose=NodePort', '--set', 'p2p.nodePort.base.client=30311'], /node ports of client \(30311-30312\) overlap those of sealer \(30310-30312\)/],
    [['--set', 'p2p.expose=NodePort', '--set', 'p2p.nodePort.base.client=32767'], /leave Kubernetes' default NodePort range/],
    [['--set', 'boot.enabled=false'], /boot\.enabled=false leaves the nodes no way to find each other/],
    [['--set', 'ingress.enabled=true'], /ingress\.enabled needs ingress\.host/],
  ];
  for (const [args, message] of refused) {
    const result = await helm(['template', 'geth-agent', chartDir, ...args]);
    assert.notEqual(result.exitCode, 0, args.join(' '));
    assert.match(String(result.stderr), message, args.join(' '));
  }
});

test('NOTES.txt tells how to reach the client RPC, the network page and the status pages', { timeout: 120_000 }, async (t) => {
  if (!haveHelm(t)) return;
  const notesOf = async (args: string[]): Promise<string> => {
    // --dry-run=client renders the notes without a cluster; KUBECONFIG points nowhere to be sure.
    const result = await helm(['install', 'geth', chartDir, '--namespace', 'geth', '--dry-run=client', ...args], { KUBECONFIG: '/nonexistent/kubeconfig' });
    assert.equal(result.exitCode, 0, String(result.stderr));
    return String(result.stdout).slice(String(result.stdout).indexOf('NOTES:'));
  };
  const plain = await notesOf([]);
  for (const line of ['port-forward svc/client-rpc 8545 8546', 'http://client-rpc.geth.svc:8545', 'port-forward svc/genesis 8080', '/network', 'port-forward pod/sealer-0 8080', 'Secret network-secrets']) {
    assert.ok(plain.includes(line), `notes mention ${line}`);
  }
  const exposed = await notesOf(['-f', profilePath('exposed-values.yaml')]);
  for (const line of ['https://rpc.example.com/', 'wss://rpc.example.com/ws', 'https://rpc.example.com/network', 'pod/geth-sealer-0', '<name>.p2p.example.com']) {
    assert.ok(exposed.includes(line), `notes mention ${line}`);
  }
  const statics = await notesOf(['-f', profilePath('static-signers-values.yaml')]);
  assert.ok(!statics.includes('/network'), 'no network page without the collector');
});
