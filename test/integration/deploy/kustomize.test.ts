import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { repoPath } from '../../helpers/deploy-files.js';
import { k8sDir, loadKustomization, type K8sObject } from '../../helpers/k8s-manifests.js';
import { tempDir } from '../../helpers/tmp.js';
import { skipOrFail } from '../../helpers/tools.js';
import { parseYamlAll } from '../../helpers/yaml.js';

const kubectl = async (): Promise<boolean> => (await execa('kubectl', ['version', '--client'], { reject: false, timeout: 10_000 })).exitCode === 0;

test('kubectl kustomize renders the manifests (offline), secrets and namespace wired', { timeout: 30_000 }, async (t) => {
  if (skipOrFail(t, (await kubectl()) ? false : 'kubectl not installed (Debian: apt-get install -y kubernetes-client)')) return;
  const dir = await tempDir(t);
  await cp(repoPath(...k8sDir), dir, { recursive: true });
  const { kustomization } = await loadKustomization();
  for (const g of kustomization.secretGenerator ?? []) for (const f of g.files) await writeFile(join(dir, f.split('=')[1] as string), 'placeholder\n');
  const rendered = await execa('kubectl', ['kustomize', dir], { reject: false, timeout: 20_000 });
  assert.equal(rendered.exitCode, 0, rendered.stderr);
  const objects = (await parseYamlAll(rendered.stdout)) as K8sObject[];
  const secrets = new Set(objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name));
  assert.equal(secrets.size, kustomization.secretGenerator?.length);
  for (const o of objects) {
    if (o.kind !== 'Namespace') assert.equal((o.metadata as { namespace?: string }).namespace, kustomization.namespace, `${o.kind}/${o.metadata.name}`);
    assert.equal(o.metadata.labels?.['app.kubernetes.io/part-of'], 'geth-agent');
    for (const v of (o.spec?.template?.spec?.volumes ?? []) as Array<{ secret?: { secretName: string } }>) {
      if (v.secret !== undefined) assert.ok(secrets.has(v.secret.secretName), `${o.metadata.name}: ${v.secret.secretName} is a generated Secret`);
    }
  }
});
