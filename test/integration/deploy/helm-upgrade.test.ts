import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeKubeApi } from '../../helpers/fake-kube-api.js';
import { chartDir, haveHelm, helm } from '../../helpers/helm.js';
import { workloads, type K8sObject } from '../../helpers/k8s-manifests.js';
import { parseYamlAll } from '../../helpers/yaml.js';

/*
 * `helm upgrade` against a running network, offline: helm renders against a fake API server that
 * holds what an install left behind, so the chart's `lookup` calls see it.
 */

const object = (kind: string, name: string, rest: Record<string, unknown>): K8sObject => ({ apiVersion: 'v1', kind, metadata: { name }, spec: undefined, ...rest });
const b64 = (text: string): string => Buffer.from(text).toString('base64');

/** What `helm install` with the defaults left: the chain record, the generated Secret, the sealers' StatefulSet. */
const installed = (): K8sObject[] => [
  object('ConfigMap', 'chain', { data: { 'network-id': '4242', 'clique-period': '5', 'signer-mode': 'collected', signers: '', 'sealer-count': '3' } }),
  // sealer-7: a sealer scaled away earlier; its keystore still needs its password when it returns.
  object('Secret', 'network-secrets', { data: { 'network-secret': b64('kept-network'), 'sealer-0-password': b64('kept-0'), 'sealer-7-password': b64('kept-7') } }),
  object('StatefulSet', 'sealer', { spec: { replicas: 3, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '20Gi' } } } }] } }),
];

async function renderOn(t: TestContext, objects: K8sObject[], args: string[]): Promise<{ exitCode: number; stderr: string; objects: K8sObject[] }> {
  const api = await startFakeKubeApi(t, objects);
  const result = await helm(['template', 'geth-agent', chartDir, '--namespace', 'geth', '--dry-run=server', '--disable-openapi-validation', '--kubeconfig', api.kubeconfig, ...args]);
  assert.ok(api.gets.length > 0, 'helm looked objects up in the (fake) cluster');
  const rendered = result.exitCode === 0 ? ((await parseYamlAll(String(result.stdout))) as K8sObject[]).filter(Boolean) : [];
  return { exitCode: result.exitCode ?? -1, stderr: String(result.stderr), objects: rendered };
}

const genesisEnv = (objects: K8sObject[]): Record<string, string> => {
  const genesis = workloads(objects).find((w) => w.kind === 'Deployment') as K8sObject;
  return Object.fromEntries(genesis.spec.template.spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
};

test('helm upgrade refuses what would change the chain (or fail half-way), naming the value to keep', { timeout: 180_000 }, async (t) => {
  if (!haveHelm(t)) return;
  const keys = ['--set', 'signers.keysSecret=keys', '--set', 'signers.static={0x1111111111111111111111111111111111111111,0x2222222222222222222222222222222222222222,0x3333333333333333333333333333333333333333}'];
  const refused: Array<[string[], RegExp]> = [
    [['--set', 'network.id=5000'], /refused: network\.id would change the chain\. .* has network\.id="4242"; these values ask for "5000"\.\nA genesis never changes: keep network\.id as it is/],
    [['--set', 'network.cliquePeriod=2'], /refused: network\.cliquePeriod would change the chain\. .*network\.cliquePeriod="5"/],
    [['--set', 'signers.mode=static', ...keys], /refused: signers\.mode would change the chain\. .*signers\.mode="collected"/],
    [['--set', 'sealers.replicas=4'], /refused: sealers\.replicas=4 but the genesis was sealed with 3 collected signers .* Keep sealers\.replicas <= 3/],
    [['--set', 'sealers.storage.size=50Gi'], /refused: sealer storage 20Gi -> 50Gi: a StatefulSet's volume claims cannot change\. Keep the size 20Gi/],
  ];
  for (const [args, message] of refused) {
    const { exitCode, stderr } = await renderOn(t, installed(), args);
    assert.notEqual(exitCode, 0, args.join(' '));
    assert.match(stderr, message, args.join(' '));
  }
});

test('helm upgrade changes replicas, exposure and resources in place; the recorded chain wins', { timeout: 120_000 }, async (t) => {
  if (!haveHelm(t)) return;
  const args = ['--set', 'sealers.replicas=2', '--set', 'clients.replicas=4', '--set', 'p2p.expose=NodePort', '--set', 'clients.resources.limits.memory=8Gi'];
  const { exitCode, stderr, objects } = await renderOn(t, installed(), args);
  assert.equal(exitCode, 0, stderr);
  assert.equal(genesisEnv(objects).GETH_AGENT_SEALER_COUNT, '3', 'the genesis server keeps the count it sealed with');
  const chain = objects.find((o) => o.kind === 'ConfigMap') as K8sObject & { data: Record<string, string> };
  assert.deepEqual(chain.data, (installed()[0] as K8sObject & { data: object }).data, 'the record is unchanged');
  const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget') as K8sObject;
  assert.equal(pdb.spec.maxUnavailable, 0, '2 of 3 signers left: no drain may take one');
  assert.equal(objects.filter((o) => o.spec?.type === 'NodePort').length, 1 + 2 + 4);
});

test('helm upgrade keeps every generated secret and only adds the missing ones', { timeout: 120_000 }, async (t) => {
  if (!haveHelm(t)) return;
  const { exitCode, stderr, objects } = await renderOn(t, installed(), []);
  assert.equal(exitCode, 0, stderr);
  const data = (objects.find((o) => o.kind === 'Secret') as K8sObject & { data: Record<string, string> }).data;
  assert.deepEqual(Object.keys(data).sort(), ['ethstats-secret', 'network-secret', 'sealer-0-password', 'sealer-1-password', 'sealer-2-password', 'sealer-7-password']);
  for (const [key, value] of Object.entries({ 'network-secret': 'kept-network', 'sealer-0-password': 'kept-0', 'sealer-7-password': 'kept-7' })) {
    assert.equal(Buffer.from(data[key] as string, 'base64').toString(), value, `${key} kept`);
  }
  assert.match(Buffer.from(data['sealer-1-password'] as string, 'base64').toString(), /^[A-Za-z0-9]{48}$/, 'a new password for a new sealer');
});

test('helm install on an empty namespace records the chain; an existing Secret without a needed key is refused', { timeout: 120_000 }, async (t) => {
  if (!haveHelm(t)) return;
  const fresh = await renderOn(t, [], ['--set', 'network.id=777', '--set', 'sealers.replicas=5']);
  assert.equal(fresh.exitCode, 0, fresh.stderr);
  assert.deepEqual((fresh.objects.find((o) => o.kind === 'ConfigMap') as K8sObject & { data: object }).data, {
    'network-id': '777',
    'clique-period': '5',
    'signer-mode': 'collected',
    signers: '',
    'sealer-count': '5',
  });
  const theirs = object('Secret', 'theirs', { data: { 'network-secret': b64('n'), 'ethstats-secret': b64('e'), 'sealer-0-password': b64('0'), 'sealer-1-password': b64('1') } });
  const missing = await renderOn(t, [theirs], ['--set', 'secrets.existingSecret=theirs']);
  assert.notEqual(missing.exitCode, 0);
  assert.match(missing.stderr, /secrets\.existingSecret "theirs" has no key "sealer-2-password"/);
});
