/*
 * Consistency checks of a rendered network (the Helm chart's value profiles, the plain manifests of
 * deploy/kubernetes): each returns the problems it found, named by object, pod or container.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { envName } from '../../src/config/spec.js';
import { tableEntries, type Config } from '../../src/config/table.js';
import { agentEnvProblems, appServesGet, loadDeployConfig } from './deploy-config.js';
import { execForm, parseDockerfile, readRepoFile } from './deploy-files.js';
import { containerEnv, expandK8s, podNames, selects, workloads, type Container, type K8sObject } from './k8s-manifests.js';

export interface Network {
  readonly objects: readonly K8sObject[];
  readonly namespace: string;
  /** The keys each Secret holds, by name: the chart's generated one, a kustomize generator, a user's as documented. */
  readonly secretKeys: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface Pod {
  readonly workload: K8sObject;
  readonly name: string;
  readonly agent: Container;
  /** The agent's environment as geth-agent sees it (downward API, `$(VAR)`, a wrapper's exports). */
  readonly env: Record<string, string>;
  readonly config: Config;
  /** Files the configuration read (the *_FILE variables). */
  readonly files: string[];
}

const podNameLabel = 'statefulset.kubernetes.io/pod-name';

type Volume = { name: string; secret?: { secretName: string; items?: Array<{ key: string; path: string }> }; emptyDir?: unknown };

const image = parseDockerfile(readRepoFile('Dockerfile'));
/** The image's entrypoint and command (exec form), e.g. tini -- node /app/bin/geth-agent + run. */
const entrypoint = execForm(image.filter((i) => i.keyword === 'ENTRYPOINT').at(-1)?.args ?? '') ?? [];
const imageCmd = execForm(image.filter((i) => i.keyword === 'CMD' && i.stage === Math.max(...image.map((x) => x.stage))).at(-1)?.args ?? '') ?? [];
/** The image's USER (uid). */
export const imageUser = Number(image.filter((i) => i.keyword === 'USER').at(-1)?.args.split(':')[0]);

export const agentOf = (w: K8sObject): Container | undefined => (w.spec.template.spec.containers as Container[]).find((c) => c.name === 'agent');
const volumesOf = (w: K8sObject): Volume[] => w.spec.template.spec.volumes ?? [];
const containersOf = (w: K8sObject): Container[] => [...(w.spec.template.spec.initContainers ?? []), ...w.spec.template.spec.containers];

/**
 * What a container that replaces the image's entrypoint with `tini -- /bin/sh -c <script>` hands
 * the agent: the script runs in a real shell with a stand-in `node` on PATH that reports its
 * arguments and environment.
 */
async function wrapperExec(command: readonly string[], env: Record<string, string>, fakeBin: string): Promise<{ argv: string[]; env: Record<string, string> }> {
  const [tini, dashes, shell, flag, script] = command.map((part) => expandK8s(part, env));
  if (tini !== entrypoint[0] || dashes !== entrypoint[1] || shell !== '/bin/sh' || flag !== '-c' || script === undefined || command.length !== 5) {
    throw new Error(`command ${JSON.stringify(command)} is not ${JSON.stringify(entrypoint.slice(0, 2))} + /bin/sh -c <script>`);
  }
  const { stdout } = await execa('/bin/sh', ['-c', script], { env: { ...env, PATH: `${fakeBin}:/usr/bin:/bin` }, extendEnv: false, timeout: 10_000 });
  const lines = stdout.split('\n');
  const argv = lines.filter((l) => l.startsWith('ARG ')).map((l) => l.slice(4));
  const out: Record<string, string> = {};
  for (const line of lines.filter((l) => l.startsWith('ENV '))) {
    const [name, ...value] = line.slice(4).split('=');
    out[name as string] = value.join('=');
  }
  return { argv: ['node', ...argv], env: out };
}

/** Every pod of every workload, with the agent's configuration loaded as the agent would. */
export async function podsOf(network: Network): Promise<{ pods: Pod[]; problems: string[] }> {
  const pods: Pod[] = [];
  const problems: string[] = [];
  const fakeBin = await mkdtemp(join(tmpdir(), 'ga-k8s-'));
  try {
    await writeFile(join(fakeBin, 'node'), '#!/bin/sh\nfor a in "$@"; do printf "ARG %s\\n" "$a"; done\nenv | sed "s/^/ENV /"\n');
    await chmod(join(fakeBin, 'node'), 0o755);
    for (const w of workloads(network.objects)) {
      const agent = agentOf(w);
      if (agent === undefined) {
        problems.push(`${w.kind}/${w.metadata.name}: no container "agent"`);
        continue;
      }
      for (const name of podNames(w)) {
        try {
          let env = containerEnv(agent, name, network.namespace);
          if (agent.command !== undefined) {
            const run = await wrapperExec(agent.command, env, fakeBin);
            const expected = [...entrypoint.slice(2), ...imageCmd];
            if (JSON.stringify(run.argv) !== JSON.stringify(expected)) problems.push(`${name}: the wrapper runs ${run.argv.join(' ')}, not the image's ${expected.join(' ')}`);
            env = Object.fromEntries(Object.entries(run.env).filter(([k]) => k !== 'PATH' && k !== 'PWD' && k !== 'SHLVL' && k !== '_'));
          } else if (JSON.stringify(agent.args ?? []) !== JSON.stringify(imageCmd)) {
            problems.push(`${name}: args ${JSON.stringify(agent.args)} are not the image's command ${JSON.stringify(imageCmd)}`);
          }
          const { config, files } = loadDeployConfig(env);
          pods.push({ workload: w, name, agent, env, config, files });
        } catch (error) {
          problems.push(`${name}: ${(error as Error).message}`);
        }
      }
    }
  } finally {
    await rm(fakeBin, { recursive: true, force: true });
  }
  return { pods, problems };
}

/** Every GETH_AGENT_* name anywhere in a pod template (env, command lines) exists in the config table. */
export function envNameProblems(pods: readonly Pod[]): string[] {
  const names = new Set(tableEntries().flatMap(([key, spec]) => (spec.secret ? [envName(key), `${envName(key)}_FILE`] : [envName(key)])));
  const problems = pods.flatMap((p) => agentEnvProblems(p.env, p.name));
  for (const w of new Set(pods.map((p) => p.workload))) {
    for (const c of containersOf(w)) if ((c as { envFrom?: unknown }).envFrom !== undefined) problems.push(`${w.metadata.name}/${c.name}: envFrom (a Secret or ConfigMap as env)`);
    for (const name of new Set(JSON.stringify(w.spec.template).match(/GETH_AGENT_[A-Z0-9_]*[A-Z0-9]/g) ?? [])) {
      if (!names.has(name)) problems.push(`${w.metadata.name}: ${name} is not in the config table`);
    }
  }
  return problems;
}

/** The genesis waits for exactly the sealers that exist (collected), or lists at least as many signers (static). */
export function sealerCountProblems(pods: readonly Pod[], objects: readonly K8sObject[]): string[] {
  const genesis = pods.find((p) => p.config.role === 'genesis');
  const sealers = workloads(objects).filter((w) => agentOf(w) !== undefined && pods.some((p) => p.workload === w && p.config.role === 'sealer'));
  const replicas = sealers.reduce((n, w) => n + Number(w.spec.replicas ?? 1), 0);
  if (genesis === undefined) return ['no genesis server'];
  if (genesis.config.sealerCount !== undefined) {
    return genesis.config.sealerCount === replicas ? [] : [`GETH_AGENT_SEALER_COUNT=${genesis.config.sealerCount} but ${replicas} sealer replicas`];
  }
  const signers = genesis.config.signers?.length ?? 0;
  const problems = signers >= replicas ? [] : [`${signers} static signers for ${replicas} sealers`];
  for (const p of pods.filter((x) => x.config.role === 'sealer')) if (p.config.privateKey === undefined) problems.push(`${p.name}: static signers, but no signer key`);
  return problems;
}

/** The kubelet waits longer than the agent gives geth: terminationGracePeriodSeconds > GETH_AGENT_STOP_GRACE_SECONDS. */
export function graceProblems(pods: readonly Pod[]): string[] {
  return pods
    .filter((p) => !(Number(p.workload.spec.template.spec.terminationGracePeriodSeconds) > p.config.stopGraceSeconds))
    .map((p) => `${p.name}: terminationGracePeriodSeconds ${p.workload.spec.template.spec.terminationGracePeriodSeconds} <= stop grace ${p.config.stopGraceSeconds}`);
}

/** The key a Secret volume serves at `relative` (through items, or the key itself). */
const secretKeyAt = (volume: Volume, relative: string): string | undefined =>
  volume.secret?.items === undefined ? relative : volume.secret.items.find((i) => i.path === relative)?.key;

/**
 * Secrets reach the agent only as mounted files: every file read is an existing key of a Secret
 * volume, or a memory volume an init container writes; every Secret volume the agent mounts is
 * read; a client gets no network secret.
 */
export function secretFileProblems(pods: readonly Pod[], network: Network): string[] {
  const problems: string[] = [];
  for (const w of new Set(pods.map((p) => p.workload))) {
    for (const v of volumesOf(w).filter((x) => x.secret !== undefined)) {
      const keys = network.secretKeys.get(v.secret?.secretName as string);
      if (keys === undefined) problems.push(`${w.metadata.name}: volume ${v.name}: Secret ${v.secret?.secretName} is not made`);
      for (const item of v.secret?.items ?? []) if (keys !== undefined && !keys.has(item.key)) problems.push(`${w.metadata.name}: Secret ${v.secret?.secretName} has no key ${item.key}`);
    }
  }
  for (const p of pods) {
    const volumes = new Map(volumesOf(p.workload).map((v) => [v.name, v]));
    const mounts = p.agent.volumeMounts ?? [];
    if (p.config.role === 'client' && p.config.networkSecret !== undefined) problems.push(`${p.name}: a client gets no network secret`);
    for (const file of p.files) {
      const mount = mounts.find((m) => file.startsWith(`${m.mountPath}/`));
      const volume = mount === undefined ? undefined : volumes.get(mount.name);
      if (mount === undefined || volume === undefined) {
        problems.push(`${p.name}: ${file} is on no volume`);
      } else if (volume.secret !== undefined) {
        if (secretKeyAt(volume, file.slice(mount.mountPath.length + 1)) === undefined) problems.push(`${p.name}: ${file}: volume ${volume.name} projects no key there`);
      } else if (volume.emptyDir === undefined || !(p.workload.spec.template.spec.initContainers ?? []).some((c: Container) => c.volumeMounts?.some((m) => m.name === volume.name))) {
        problems.push(`${p.name}: ${file} is neither a Secret key nor a volume an init container writes`);
      }
    }
    for (const mount of mounts.filter((m) => volumes.get(m.name)?.secret !== undefined)) {
      if (!p.files.some((f) => f.startsWith(`${mount.mountPath}/`))) problems.push(`${p.name}: Secret volume ${mount.name} is mounted but no *_FILE reads it`);
    }
  }
  return problems;
}

/** Non-root as the image's uid, no privilege, no token, no service links, writable /tmp only. */
export function securityProblems(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const w of workloads(objects)) {
    const spec = w.spec.template.spec;
    const at = `${w.kind}/${w.metadata.name}`;
    const ctx = spec.securityContext ?? {};
    if (ctx.runAsNonRoot !== true) problems.push(`${at}: runAsNonRoot is not true`);
    if (ctx.runAsUser !== imageUser || ctx.runAsGroup !== imageUser || ctx.fsGroup !== imageUser) problems.push(`${at}: runAsUser/runAsGroup/fsGroup are not the image's ${imageUser}`);
    if (spec.enableServiceLinks !== false) problems.push(`${at}: enableServiceLinks (a Service named geth would set GETH_PORT)`);
    if (spec.automountServiceAccountToken !== false) problems.push(`${at}: a service-account token is mounted`);
    for (const c of containersOf(w)) {
      const sc = c.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false || JSON.stringify(sc.capabilities?.drop) !== '["ALL"]' || sc.readOnlyRootFilesystem !== true) {
        problems.push(`${at}/${c.name}: privilege escalation, capabilities or a writable root filesystem`);
      }
      if (c.name === 'agent' && !c.volumeMounts?.some((m) => m.mountPath === '/tmp')) problems.push(`${at}/agent: no writable /tmp`);
    }
  }
  return problems;
}

/** Startup and liveness on /health/live, readiness on /health (with a query at most), all on the agent's port. */
export async function probeProblems(pods: readonly Pod[]): Promise<string[]> {
  const problems: string[] = [];
  const paths = { startupProbe: '/health/live', livenessProbe: '/health/live', readinessProbe: '/health' } as const;
  for (const path of new Set(Object.values(paths))) if (!(await appServesGet(path))) problems.push(`the agent serves no GET ${path}`);
  for (const p of pods) {
    const port = p.agent.ports?.find((x) => x.name === 'agent');
    if (port?.containerPort !== p.config.listen.port) problems.push(`${p.name}: port "agent" ${port?.containerPort} is not GETH_AGENT_LISTEN's ${p.config.listen.port}`);
    for (const [probe, path] of Object.entries(paths)) {
      const get = p.agent[probe as keyof typeof paths]?.httpGet;
      if (String(get?.path).split('?')[0] !== path) problems.push(`${p.name}: ${probe} on ${get?.path}, not ${path}`);
      if (probe !== 'readinessProbe' && String(get?.path).includes('?')) problems.push(`${p.name}: ${probe} has a query`);
      if (get?.port !== 'agent' && get?.port !== p.config.listen.port) problems.push(`${p.name}: ${probe} on port ${get?.port}`);
    }
    const startup = p.agent.startupProbe ?? {};
    if (!(startup.periodSeconds * startup.failureThreshold >= 300)) problems.push(`${p.name}: startupProbe budget below 5 min (genesis wait, first start)`);
  }
  return problems;
}

/**
 * Services select the pods of one workload (one pod for a per-pod Service) and target ports the
 * pods have (a numeric one: the pod's P2P port); governing Services are headless with not-ready
 * addresses.
 */
export function serviceProblems(pods: readonly Pod[], objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const service of objects.filter((o) => o.kind === 'Service')) {
    // A per-pod Service adds the StatefulSet's pod-name label to the role's selector.
    const { [podNameLabel]: podName, ...selector } = (service.spec.selector ?? {}) as Record<string, string>;
    const targets = workloads(objects).filter((w) => selects({ ...service, spec: { selector } }, w) && (podName === undefined || podNames(w).includes(podName)));
    if (targets.length !== 1) {
      problems.push(`Service ${service.metadata.name} selects ${targets.length} workloads`);
      continue;
    }
    const w = targets[0] as K8sObject;
    const selected = pods.filter((p) => p.workload === w && (podName === undefined || p.name === podName));
    for (const port of service.spec.ports as Array<{ targetPort: string | number; protocol?: string; port: number; nodePort?: number }>) {
      if (typeof port.targetPort === 'number') {
        for (const p of selected) if (p.config.p2pPort !== port.targetPort) problems.push(`Service ${service.metadata.name}: targetPort ${port.targetPort} but ${p.name} listens on ${p.config.p2pPort}`);
        if (port.nodePort !== undefined && port.nodePort !== port.targetPort) problems.push(`Service ${service.metadata.name}: node port ${port.nodePort} is not the advertised ${port.targetPort}`);
      } else if (!agentOf(w)?.ports?.some((c) => c.name === port.targetPort && (c.protocol ?? 'TCP') === (port.protocol ?? 'TCP'))) {
        problems.push(`Service ${service.metadata.name}: targetPort ${port.targetPort}/${port.protocol ?? 'TCP'} is no port of ${w.metadata.name}`);
      }
    }
  }
  for (const w of workloads(objects).filter((x) => x.kind === 'StatefulSet')) {
    const governing = objects.find((o) => o.kind === 'Service' && o.metadata.name === w.spec.serviceName);
    if (governing?.spec.clusterIP !== 'None' || governing.spec.publishNotReadyAddresses !== true) problems.push(`${w.metadata.name}: governing Service ${w.spec.serviceName} is not headless with not-ready addresses`);
  }
  return problems;
}

/** Every check above on one network; [] when consistent. */
export async function networkProblems(network: Network): Promise<string[]> {
  const { pods, problems } = await podsOf(network);
  return [
    ...problems,
    ...envNameProblems(pods),
    ...sealerCountProblems(pods, network.objects),
    ...graceProblems(pods),
    ...secretFileProblems(pods, network),
    ...securityProblems(network.objects),
    ...(await probeProblems(pods)),
    ...serviceProblems(pods, network.objects),
  ];
}
