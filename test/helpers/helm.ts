/* The Helm chart in tests: helm and kubernetes-validate from .tools (scripts/install-*.sh), value profiles. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { execa, type Result } from 'execa';
import { readRepoFile, repoPath } from './deploy-files.js';
import type { K8sObject } from './k8s-manifests.js';
import { parseYamlAll } from './yaml.js';

export const chartDir = repoPath('deploy', 'helm', 'geth-agent');
export const helmBin = repoPath('.tools', 'bin', 'helm');
export const validatorBin = repoPath('.tools', 'bin', 'kubernetes-validate');

/**
 * Whether a tool the chart checks need is installed. Without it the test skips, except in CI
 * (CI=true), where a missing tool is a failure: the checks must not silently not run there.
 */
export function haveTool(t: TestContext, path: string, install: string): boolean {
  if (existsSync(path)) return true;
  const message = `${path} is missing: run ${install}`;
  if (process.env.CI === 'true') assert.fail(`${message} (CI=true: the chart checks must run)`);
  t.skip(message);
  return false;
}

export const haveHelm = (t: TestContext): boolean => haveTool(t, helmBin, 'bash scripts/install-helm.sh');
export const haveValidator = (t: TestContext): boolean => haveTool(t, validatorBin, 'bash scripts/install-kubernetes-validate.sh');

export const helm = (args: readonly string[], env: Record<string, string> = {}): Promise<Result> =>
  execa(helmBin, args, { reject: false, timeout: 60_000, env });

/** The value profiles under the chart's ci/ folder (the chart-testing convention), file names. */
export const profiles = (): string[] => readdirSync(repoPath('deploy', 'helm', 'geth-agent', 'ci')).filter((f) => f.endsWith('-values.yaml')).sort();

export const profilePath = (profile: string): string => repoPath('deploy', 'helm', 'geth-agent', 'ci', profile);

/** `helm template` of the chart (release "geth-agent", namespace "geth") with extra arguments. */
export async function helmTemplate(args: readonly string[]): Promise<{ text: string; objects: K8sObject[] }> {
  const result = await helm(['template', 'geth-agent', chartDir, '--namespace', 'geth', ...args]);
  assert.equal(result.exitCode, 0, String(result.stderr));
  const text = String(result.stdout);
  return { text, objects: ((await parseYamlAll(text)) as K8sObject[]).filter(Boolean) };
}

/** The chart's values: defaults merged with a profile (deep, objects only). */
export async function profileValues(profile: string): Promise<Record<string, unknown>> {
  const merge = (a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> => {
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) {
      const was = out[k];
      out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && was !== null && typeof was === 'object' && !Array.isArray(was) ? merge(was as Record<string, unknown>, v as Record<string, unknown>) : v;
    }
    return out;
  };
  const defaults = (await parseYamlAll(readRepoFile('deploy', 'helm', 'geth-agent', 'values.yaml')))[0] as Record<string, unknown>;
  const own = ((await parseYamlAll(readRepoFile('deploy', 'helm', 'geth-agent', 'ci', profile)))[0] ?? {}) as Record<string, unknown>;
  return merge(defaults, own);
}

/** The Kubernetes versions validated against: the chart's kubeVersion floor and the validator's newest. */
export function kubeVersions(): string[] {
  const floor = /^kubeVersion:\s*">=\s*(\d+\.\d+)/m.exec(readRepoFile('deploy', 'helm', 'geth-agent', 'Chart.yaml'))?.[1];
  assert.ok(floor, 'Chart.yaml names a kubeVersion floor');
  return [floor, 'newest'];
}

/** Kinds whose schemas no Kubernetes release ships (Prometheus Operator CRDs): checked by the tests themselves. */
const crdKinds = /Couldn't find schema for kind (PodMonitor|ServiceMonitor) with api version monitoring\.coreos\.com\/v1 /;

/** kubernetes-validate (strict: unknown fields are errors) of a YAML stream: its errors and unexpected warnings. */
export async function validationProblems(text: string, version: string): Promise<string[]> {
  const args = ['--strict', '--quiet', ...(version === 'newest' ? [] : ['-k', version]), '-'];
  const result = await execa(validatorBin, args, { input: text, reject: false, timeout: 60_000 });
  const lines = `${String(result.stdout)}\n${String(result.stderr)}`.split('\n').filter((l) => l.trim() !== '');
  const problems = lines.filter((l) => !l.startsWith('INFO') && !(l.startsWith('WARN') && crdKinds.test(l)));
  if (result.exitCode !== 0 && problems.length === 0) problems.push(`kubernetes-validate exited ${result.exitCode}`);
  return problems;
}
