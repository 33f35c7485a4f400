/* Loading the Kubernetes manifests of deploy/kubernetes for the deployment tests (loose shapes). */
import { readRepoFile } from './deploy-files.js';
import { parseYamlAll } from './yaml.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> }; spec: any };
export type Container = {
  name: string;
  command?: string[];
  args?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: any }>;
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
  startupProbe?: any;
  livenessProbe?: any;
  readinessProbe?: any;
  securityContext?: any;
};
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface Kustomization {
  namespace?: string;
  resources: string[];
  secretGenerator?: Array<{ name: string; files: string[] }>;
}

export const k8sDir = ['deploy', 'kubernetes'] as const;

export async function loadKustomization(): Promise<{ kustomization: Kustomization; objects: K8sObject[] }> {
  const kustomization = (await parseYamlAll(readRepoFile(...k8sDir, 'kustomization.yaml')))[0] as Kustomization;
  const objects: K8sObject[] = [];
  for (const file of kustomization.resources) objects.push(...((await parseYamlAll(readRepoFile(...k8sDir, file))) as K8sObject[]).filter(Boolean));
  return { kustomization, objects };
}

export const workloads = (objects: readonly K8sObject[]): K8sObject[] => objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');

/** Pod names a workload creates (StatefulSet ordinals; one representative pod for a Deployment). */
export const podNames = (w: K8sObject): string[] =>
  w.kind === 'StatefulSet' ? Array.from({ length: Number(w.spec.replicas ?? 1) }, (_, i) => `${w.metadata.name}-${i}`) : [`${w.metadata.name}-5d8f9c7b6-x2x4q`];

/** The node IP a pod sees through the downward API (status.hostIP) in these tests. */
export const testHostIp = '10.0.0.7';

/** Kubernetes' `$(VAR)` expansion (command, args, env values): defined names replaced, `$$` -> `$`. */
export const expandK8s = (text: string, env: Readonly<Record<string, string>>): string =>
  text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string | undefined) => (name === undefined ? '$' : (env[name] ?? whole)));

/**
 * A container's environment as the kubelet builds it for `pod`: downward-API fields filled in,
 * `$(VAR)` references to earlier variables expanded. Secrets in env (secretKeyRef) are refused.
 */
export function containerEnv(container: Container, pod: string, namespace: string): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': pod, 'metadata.namespace': namespace, 'status.hostIP': testHostIp };
  const env: Record<string, string> = {};
  for (const entry of container.env ?? []) {
    let value: string;
    if (entry.value !== undefined) value = expandK8s(entry.value, env);
    else if (fields[entry.valueFrom?.fieldRef?.fieldPath] !== undefined) value = fields[entry.valueFrom.fieldRef.fieldPath] as string;
    else throw new Error(`${container.name}: env ${entry.name} comes from ${JSON.stringify(entry.valueFrom)}; secrets must be files`);
    env[entry.name] = value;
  }
  return env;
}

/** The Service whose selector picks a workload's pods. */
export const selects = (service: K8sObject, w: K8sObject): boolean =>
  Object.entries((service.spec.selector ?? {}) as Record<string, string>).every(([k, v]) => w.spec.template.metadata.labels?.[k] === v);
