import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plainDir, plainFiles, podMonitorFile, renderPlainManifests } from '../../../scripts/render-k8s.js';
import { readRepoFile } from '../../helpers/deploy-files.js';
import { haveHelm, helmBin, helmTemplate } from '../../helpers/helm.js';
import { loadKustomization } from '../../helpers/k8s-manifests.js';

test('deploy/kubernetes is the chart rendered with its default values (npm run render-k8s)', { timeout: 120_000 }, async (t) => {
  if (!haveHelm(t)) return;
  const rendered = await renderPlainManifests(helmBin);
  assert.deepEqual([...rendered.keys()].sort(), [...Object.values(plainFiles), podMonitorFile].sort());
  for (const [file, content] of rendered) {
    assert.equal(readRepoFile(...plainDir, file), content, `deploy/kubernetes/${file} differs from the chart: npm run build && npm run render-k8s`);
  }
  const { kustomization } = await loadKustomization();
  for (const file of Object.values(plainFiles)) assert.ok(kustomization.resources.includes(file), `kustomization.yaml lists ${file}`);
});

test("kustomize's secretGenerator makes the chart's Secret: same name, the keys the chart generates", { timeout: 120_000 }, async (t) => {
  if (!haveHelm(t)) return;
  const { objects } = await helmTemplate([]);
  const chartSecrets = objects.filter((o) => o.kind === 'Secret').map((o) => [o.metadata.name, Object.keys((o as { data?: object }).data ?? {}).sort()]);
  const { kustomization } = await loadKustomization();
  const generated = (kustomization.secretGenerator ?? []).map((g) => [g.name, g.files.map((f) => f.split('=')[0]).sort()]);
  assert.deepEqual(generated, chartSecrets);
});
