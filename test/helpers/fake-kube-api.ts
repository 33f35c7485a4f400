/*
 * A Kubernetes API server that holds a few objects and answers what helm asks when it renders
 * against a cluster (`helm template --dry-run=server`): version, discovery, GET of one object.
 * Enough for the chart's `lookup` calls; it accepts no writes. Real HTTP on 127.0.0.1:0.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import Fastify from 'fastify';
import type { K8sObject } from './k8s-manifests.js';
import { tempDir } from './tmp.js';

const resources: Record<string, { plural: string; groupVersion: string }> = {
  ConfigMap: { plural: 'configmaps', groupVersion: 'v1' },
  Secret: { plural: 'secrets', groupVersion: 'v1' },
  Service: { plural: 'services', groupVersion: 'v1' },
  PersistentVolumeClaim: { plural: 'persistentvolumeclaims', groupVersion: 'v1' },
  StatefulSet: { plural: 'statefulsets', groupVersion: 'apps/v1' },
  Deployment: { plural: 'deployments', groupVersion: 'apps/v1' },
  PodDisruptionBudget: { plural: 'poddisruptionbudgets', groupVersion: 'policy/v1' },
  Ingress: { plural: 'ingresses', groupVersion: 'networking.k8s.io/v1' },
};

const prefix = (groupVersion: string): string => (groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`);

export interface FakeKubeApi {
  /** A kubeconfig file pointing at this server (namespace geth). */
  readonly kubeconfig: string;
  /** Paths of the object GETs helm made. */
  readonly gets: string[];
}

/**
 * Serves `objects` (in namespace geth) as if release "geth-agent" had installed them (Helm's
 * ownership label and annotations added). Closed when the test ends.
 */
export async function startFakeKubeApi(t: TestContext, objects: readonly K8sObject[]): Promise<FakeKubeApi> {
  const namespace = 'geth';
  const stored = new Map<string, unknown>();
  for (const o of objects) {
    const r = resources[o.kind];
    if (r === undefined) throw new Error(`fake API: no resource for kind ${o.kind}`);
    const metadata = {
      ...o.metadata,
      namespace,
      labels: { ...o.metadata.labels, 'app.kubernetes.io/managed-by': 'Helm' },
      annotations: { ...o.metadata.annotations, 'meta.helm.sh/release-name': 'geth-agent', 'meta.helm.sh/release-namespace': namespace },
    };
    stored.set(`${prefix(r.groupVersion)}/namespaces/${namespace}/${r.plural}/${o.metadata.name}`, { ...o, apiVersion: r.groupVersion, metadata });
  }
  const groupVersions = [...new Set(Object.values(resources).map((r) => r.groupVersion))];
  const resourceList = (groupVersion: string) => ({
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: Object.entries(resources)
      .filter(([, r]) => r.groupVersion === groupVersion)
      .map(([kind, r]) => ({ name: r.plural, singularName: kind.toLowerCase(), namespaced: true, kind, verbs: ['get', 'list'] })),
  });
  const gets: string[] = [];
  const app = Fastify({ logger: false });
  app.get('/*', async (request, reply) => {
    const path = request.url.split('?')[0] as string;
    if (path === '/version') return { major: '1', minor: '33', gitVersion: 'v1.33.0', platform: 'linux/amd64' };
    if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
    if (path === '/apis') {
      const groups = groupVersions.filter((gv) => gv !== 'v1').map((gv) => {
        const [name, version] = gv.split('/');
        return { name, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } };
      });
      return { kind: 'APIGroupList', apiVersion: 'v1', groups };
    }
    const list = groupVersions.find((gv) => path === prefix(gv));
    if (list !== undefined) return resourceList(list);
    if (path.includes('/namespaces/')) gets.push(path);
    const object = stored.get(path);
    if (object !== undefined) return object;
    return reply.code(404).send({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${path} not found` });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.after(() => app.close());
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const dir = await tempDir(t);
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake', cluster: { server: `http://127.0.0.1:${port}` } }],
      users: [{ name: 'test', user: { token: 'not-a-secret' } }],
      contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'test', namespace } }],
      'current-context': 'fake',
    }),
    { mode: 0o600 },
  );
  return { kubeconfig, gets };
}
