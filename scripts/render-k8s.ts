/**
 * Renders the plain manifests of deploy/kubernetes from the Helm chart (deploy/helm/geth-agent)
 * with its default values, one file per role, for kustomize users: `npm run render-k8s` writes
 * them; test/integration/deploy/helm-render.test.ts fails when they drift from the chart.
 *
 * Left out of the plain manifests: the chart's generated Secret (kustomize's secretGenerator
 * makes it from files) and its chain-parameter ConfigMap (it guards `helm upgrade` only), and the
 * labels and annotations that say Helm manages an object.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments, type Document } from 'yaml';
import { packageRoot } from '../src/version.js';

export const chartDir = ['deploy', 'helm', 'geth-agent'] as const;
export const plainDir = ['deploy', 'kubernetes'] as const;
/** Release name of the plain rendering (it appears nowhere once the Helm labels are gone). */
const release = 'geth-agent';

/** Template file of the chart -> file of deploy/kubernetes; templates not listed are not rendered. */
export const plainFiles: Readonly<Record<string, string>> = {
  'genesis.yaml': 'genesis.yaml',
  'boot.yaml': 'boot.yaml',
  'sealer.yaml': 'sealer.yaml',
  'client.yaml': 'client.yaml',
  'pdb.yaml': 'pdb.yaml',
};
/** Rendered with the PodMonitor switched on, for Prometheus Operator users. */
export const podMonitorFile = join('optional', 'podmonitor.yaml');

const helmLabels = ['helm.sh/chart', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/instance'];

const header = (what: string): string =>
  `# Rendered by \`npm run render-k8s\` from the chart deploy/helm/geth-agent (${what}): do not edit,\n` +
  '# change the chart and render again (a test fails when the two differ).\n\n';

/** `helm template` output split into its documents, keyed by the template each came from. */
export function splitBySource(rendered: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const chunk of rendered.split(/^---$/m)) {
    const match = /^# Source: [^/]+\/templates\/(.+)$/m.exec(chunk);
    if (match === null) continue;
    const body = chunk.replace(/^# Source: .*\n/m, '').trim();
    if (body === '') continue;
    const list = out.get(match[1] as string) ?? [];
    list.push(body);
    out.set(match[1] as string, list);
  }
  return out;
}

function dropHelmMetadata(doc: Document): void {
  for (const key of helmLabels) doc.deleteIn(['metadata', 'labels', key]);
  const annotations = doc.getIn(['metadata', 'annotations']) as { items?: Array<{ key: { value?: unknown } }> } | undefined;
  for (const item of [...(annotations?.items ?? [])]) {
    const key = String(item.key.value);
    if (key.startsWith('helm.sh/') || key.startsWith('meta.helm.sh/')) doc.deleteIn(['metadata', 'annotations', key]);
  }
  if ((doc.getIn(['metadata', 'annotations']) as { items?: unknown[] } | undefined)?.items?.length === 0) doc.deleteIn(['metadata', 'annotations']);
}

function plainDocuments(bodies: readonly string[]): string {
  return bodies
    .map((body) => {
      const [doc, ...rest] = parseAllDocuments(body) as Document[];
      if (doc === undefined || rest.length > 0 || doc.errors.length > 0) throw new Error(`cannot parse a rendered document: ${doc?.errors.map((e) => e.message).join('; ') ?? 'empty'}`);
      dropHelmMetadata(doc);
      return doc.toString({ lineWidth: 0 });
    })
    .join('---\n');
}

async function helmTemplate(helm: string, args: readonly string[]): Promise<string> {
  const { stdout } = await execa(helm, ['template', release, join(packageRoot(), ...chartDir), ...args], { timeout: 60_000 });
  return stdout;
}

/** The plain manifests the chart's defaults give: file name (under deploy/kubernetes) -> content. */
export async function renderPlainManifests(helm: string): Promise<Map<string, string>> {
  const bySource = splitBySource(await helmTemplate(helm, []));
  const files = new Map<string, string>();
  for (const [template, file] of Object.entries(plainFiles)) {
    const bodies = bySource.get(template);
    if (bodies === undefined) throw new Error(`the chart's defaults render nothing from templates/${template}`);
    files.set(file, header('default values') + plainDocuments(bodies));
  }
  const monitor = splitBySource(await helmTemplate(helm, ['--set', 'metrics.podMonitor.enabled=true', '--show-only', 'templates/monitor.yaml']));
  const apply = '# kubectl apply -n geth -f deploy/kubernetes/optional/podmonitor.yaml\n';
  files.set(podMonitorFile, header('metrics.podMonitor.enabled=true') + apply + plainDocuments(monitor.get('monitor.yaml') ?? []));
  return files;
}

export const defaultHelm = (): string => join(packageRoot(), '.tools', 'bin', 'helm');

if (process.argv[1]?.endsWith('render-k8s.js')) {
  const files = await renderPlainManifests(process.env.HELM ?? defaultHelm());
  for (const [file, content] of files) writeFileSync(join(packageRoot(), ...plainDir, file), content);
  console.log(`rendered ${[...files.keys()].join(', ')} into ${join(...plainDir)}`);
}
